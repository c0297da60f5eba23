"""The partner tests' family (mother, child of 9, youth of 16, a plan, Lunde skole)."""

from tests.partners.conftest import shared  # noqa: F401
