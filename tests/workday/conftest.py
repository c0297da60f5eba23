"""The start page's tests run on a Wednesday (tests/workday/helpers.py)."""

from __future__ import annotations

import pytest
import time_machine

from tests.workday.helpers import WEDNESDAY, at


@pytest.fixture
def wednesday():
    with time_machine.travel(at(WEDNESDAY, 9), tick=True):
        yield WEDNESDAY
