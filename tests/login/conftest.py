"""The OIDC provider double and its family member, from the OIDC tests."""

from tests.accounts.test_oidc import parent, provider  # noqa: F401
