"""The suite's settings: the product's, plus a small app that exists only in the tests and is
added through the extension contract alone (tests/extension_app), as any later app would be."""

from familieplan.settings import *  # noqa: F403
from familieplan.settings import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "tests.extension_app"]

if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":  # noqa: F405
    # A test database is thrown away: a commit need not wait for the disk.
    _options = DATABASES["default"].setdefault("OPTIONS", {})  # noqa: F405
    _options["options"] = _options.get("options", "") + " -c synchronous_commit=off"
