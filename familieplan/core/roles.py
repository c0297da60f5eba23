"""The roles a membership can carry. Kept in core so access rules need no upward import."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    COORDINATOR = "coordinator", _("Familiekoordinator")
    TEAM_LEAD = "team_lead", _("Teamleder")
    PARTNER = "partner", _("Samarbeidspartner")
    FAMILY_MEMBER = "family_member", _("Familiemedlem")
    RESEARCHER = "researcher", _("Forsker")
    ADMINISTRATOR = "administrator", _("Kommuneadministrator")
    PRIVACY_OFFICER = "privacy_officer", _("Personvernombud")


STAFF_CASE_ROLES = frozenset({Role.COORDINATOR, Role.TEAM_LEAD})
