"""The partner tests' family (tests/partners/conftest.py) and its portal logins
(tests/portal/conftest.py) for the security tests."""

from tests.partners.conftest import shared  # noqa: F401
from tests.portal.conftest import portal  # noqa: F401
