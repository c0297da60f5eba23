"""The suite's settings: the product's, plus a small app that exists only in the tests and is
added through the extension contract alone (tests/extension_app), as any later app would be."""

from familieplan.settings import *  # noqa: F403
from familieplan.settings import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "tests.extension_app"]
