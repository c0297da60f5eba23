"""The partner tests' family (`shared`) and its logins on the family's pages (`portal`), for
the plan tests that look at the same measures from the staff's, the partner's and the
family's side."""

from tests.partners.conftest import shared  # noqa: F401
from tests.portal.conftest import portal  # noqa: F401
