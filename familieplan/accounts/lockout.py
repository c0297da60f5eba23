"""Lockout after failed logins (django-axes), counted two ways.

- Per username at one address (``AXES_FAILURE_LIMIT``, default 5): guessing one person's
  password. The username is locked only together with the address, so an attacker elsewhere
  cannot lock the real user out.
- Per address across usernames (``FAMILIEPLAN_LOGIN_ADDRESS_FAILURE_LIMIT``, default 20):
  spraying a few guesses over many accounts. The address is then locked for every username.

Both count the failures of the cool-off time (``AXES_COOLOFF_TIME``). A successful login
clears only that username's failures at the address (``AXES_LOCKOUT_PARAMETERS``), never the
address count. The address is ``core.access.client_address`` (``AXES_CLIENT_IP_CALLABLE``),
the same one the access log records. Every entrance that authenticates goes through this:
the staff and family login pages, ID-porten (without a username: its failures count towards
the address) and the password check on "Mine innstillinger".

axes applies one failure limit to all its lockout parameters; this handler keeps its
database records and adds the second, higher limit in the one place axes asks for the count.
"""

from __future__ import annotations

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Q, Sum


class LockoutHandler(AxesDatabaseHandler):
    def get_failures(self, request, credentials: dict | None = None) -> int:
        """The failures for this username at this address; at least the failure limit when
        the address as a whole has reached its own limit (axes locks at the failure limit)."""
        username = get_client_username(request, credentials)
        attempts = AccessAttempt.objects.filter(ip_address=request.axes_ip_address)
        if settings.AXES_COOLOFF_TIME is not None:
            attempts = attempts.filter(attempt_time__gte=get_cool_off_threshold(request))
        same_name = Q(username__isnull=True) if username is None else Q(username=username)
        counts = attempts.aggregate(
            pair=Sum("failures_since_start", filter=same_name),
            address=Sum("failures_since_start"),
        )
        pair = counts["pair"] or 0
        if (counts["address"] or 0) >= settings.FAMILIEPLAN_LOGIN_ADDRESS_FAILURE_LIMIT:
            return max(pair, get_failure_limit(request, credentials))
        return pair


#: The longest username axes stores (its column): anything longer is nobody's username.
USERNAME_LENGTH = AccessAttempt._meta.get_field("username").max_length


def client_username(request, credentials: dict | None = None) -> str | None:
    """The username tried, as axes records it (settings.AXES_USERNAME_CALLABLE): cut to its
    column, so a 5000-character "username" is a failed login like any other, not a database
    error on PostgreSQL."""
    field = settings.AXES_USERNAME_FORM_FIELD  # type: ignore[misc]  # default set by axes.conf
    source = credentials if credentials else getattr(request, "data", request.POST)
    username = source.get(field) if source else None
    return username[:USERNAME_LENGTH] if isinstance(username, str) else username
