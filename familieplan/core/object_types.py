"""An access-log entry's object type in words for the person reading the log.

The log stores a stable key: a model's ``app_label.model`` (``families.family``), or a name
for what is not one object (``journal.search``, ``portal.copy``: a page of the family's own).
A person reads the model's name, or the words below; a key nobody has named yet reads as the
name of its part of Familieplan (the app's name), never as the key.
"""

from __future__ import annotations

from django.apps import apps
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

#: Object types that are not one model's rows.
LABELS = {
    "families.caseload": gettext_lazy("Sakslisten"),
    "journal.search": gettext_lazy("Søk i oppfølgingen"),
    "journal.time": gettext_lazy("Tidsbruk"),
    "mapping.figures": gettext_lazy("Tall fra kartleggingene"),
    "partners.consent.document": gettext_lazy("Samtykkeerklæring (dokument)"),
    "partner_portal.families": gettext_lazy("Familier delt med tjenesten"),
    "workday.team": gettext_lazy("Teamleders oversikt (familier til overføring)"),
}
#: The family's own pages (``portal.<page>``), as the family's navigation names them.
FAMILY_PAGES = {
    "home": gettext_lazy("oversikt"),
    "plan": gettext_lazy("planen"),
    "meetings": gettext_lazy("møter"),
    "record": gettext_lazy("kontakter og notater"),
    "progress": gettext_lazy("kartlegging"),
    "consents": gettext_lazy("samtykker"),
    "access_log": gettext_lazy("hvem har sett opplysningene"),
    "copy": gettext_lazy("kopi av alt"),
    "propose": gettext_lazy("forslag til planen"),
    "comment": gettext_lazy("kommentar"),
    "measure_done": gettext_lazy("tiltak merket som gjort"),
    "agree": gettext_lazy("enighet om planen"),
    "consent_give": gettext_lazy("samtykke gitt"),
    "consent_withdraw": gettext_lazy("samtykke trukket tilbake"),
    "questionnaire": gettext_lazy("skjema"),
    "economy": gettext_lazy("økonomien deres"),
    "economy_overview": gettext_lazy("økonomien deres"),
    "economy_balance": gettext_lazy("økonomien deres"),
    "economy_row": gettext_lazy("økonomien deres"),
    "economy_calendar": gettext_lazy("økonomien deres"),
}


def object_type_label(code: str) -> str:
    """``code`` (an access-log object type) in words."""
    if code in LABELS:
        return str(LABELS[code])
    app_label, _dot, rest = code.partition(".")
    if app_label == "portal":
        page = FAMILY_PAGES.get(rest)
        if page is not None:
            return _("Familiens side: %(page)s") % {"page": page}
    try:
        return str(capfirst(apps.get_model(app_label, rest)._meta.verbose_name))
    except (LookupError, ValueError):
        pass
    try:
        return str(apps.get_app_config(app_label).verbose_name)
    except LookupError:
        return _("Annet")
