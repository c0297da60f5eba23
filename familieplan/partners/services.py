"""Workflows for consent. Consents are never deleted or edited: a withdrawal is recorded on
the consent and takes effect at once; a new decision is a new consent."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from familieplan.families.models import Family, Member, ProgrammeSettings
from familieplan.notifications.models import Notification
from familieplan.notifications.services import notify
from familieplan.partners import rules
from familieplan.partners.models import Consent, Partner
from familieplan.partners.topics import topic_values

REFUSAL_MESSAGES = {
    "child_self": gettext_lazy(
        "Et barn under %(age)s år kan ikke samtykke selv. En forelder eller foresatt må gjøre det."
    ),
    "adult_self": gettext_lazy("En voksen gir samtykke for seg selv. Ingen andre kan gjøre det."),
    "youth_self": gettext_lazy(
        "Ungdom fra %(age)s år gir samtykke for seg selv. Foreldrene kan ikke gjøre det for dem."
    ),
    "not_guardian": gettext_lazy(
        "Bare en forelder eller foresatt (18 år eller eldre) kan samtykke for et barn."
    ),
    "strict_needs_written": gettext_lazy(
        "Samtykke til å dele opplysninger om helse eller barnevern må være skriftlig."
    ),
}


def _person(member: Member, on: date) -> rules.Person:
    return rules.Person(
        age=member.age_on(on),
        is_guardian=member.role in (Member.Role.PARENT, Member.Role.GUARDIAN),
    )


def consent_check_giver(*, family: Family, subject: Member, given_by: Member, on: date) -> None:
    """Refuse a consent the giver cannot give (partners/rules.py), with the reason."""
    youth_age = ProgrammeSettings.for_municipality(family.municipality).youth_consent_age
    for field, member in (("subject", subject), ("given_by", given_by)):
        if member.family_id != family.pk:
            raise ValidationError({field: _("Personen hører ikke til denne familien.")})
        if not member.in_household_on(on):
            raise ValidationError({field: _("Personen bodde ikke i husholdningen på datoen.")})
    code = rules.consent_refusal(
        giver=_person(given_by, on),
        subject=_person(subject, on),
        same_person=subject.pk == given_by.pk,
        youth_age=youth_age,
    )
    if code:
        raise ValidationError({"given_by": REFUSAL_MESSAGES[code] % {"age": youth_age}}, code=code)


@transaction.atomic
def consent_record(
    *,
    family: Family,
    by,
    subject: Member,
    given_by: Member,
    partner: Partner,
    decision: str,
    topics: list[str],
    purpose: str,
    method: str,
    given_on: date,
    valid_from: date,
    valid_until: date,
    document=None,
    note: str = "",
) -> Consent:
    """Record a consent or a refusal; all checks first, so nothing is half-saved."""
    today = timezone.localdate()
    if given_on > today:
        raise ValidationError({"given_on": _("Datoen kan ikke være fram i tid.")})
    if valid_until < valid_from:
        raise ValidationError(
            {"valid_until": _("Samtykket kan ikke slutte før det begynner.")}, code="order"
        )
    if valid_from < given_on:
        raise ValidationError(
            {"valid_from": _("Et samtykke kan ikke gjelde fra før det ble gitt.")}, code="backdated"
        )
    if not partner.active or partner.municipality_id not in (None, family.municipality_id):
        raise ValidationError({"partner": _("Tjenesten kan ikke velges for denne familien.")})
    unknown = set(topics) - set(topic_values())
    if unknown:
        raise ValidationError({"topics": _("Ukjent tema.")})
    if decision == Consent.Decision.GIVEN:
        if not topics:
            raise ValidationError({"topics": _("Velg minst ett tema samtykket gjelder.")})
        code = rules.method_refusal(topics=set(topics), method=method)
        if code:
            raise ValidationError({"method": REFUSAL_MESSAGES[code]}, code=code)
    consent_check_giver(family=family, subject=subject, given_by=given_by, on=given_on)
    consent = Consent(
        municipality_id=family.municipality_id,
        family=family,
        subject=subject,
        given_by=given_by,
        partner=partner,
        decision=decision,
        topics=[t for t in topic_values() if t in set(topics)],  # in the form's order
        purpose=purpose.strip(),
        method=method,
        given_on=given_on,
        valid_from=valid_from,
        valid_until=valid_until,
        note=note.strip(),
        recorded_by=by,
    )
    if document:
        consent.document = document
    consent.save()
    return consent


@transaction.atomic
def consent_withdraw(*, consent: Consent, by, method: str, note: str = "") -> Consent:
    """Withdraw a consent now: the service loses access on its next page; the family's
    coordinators are notified (not the one who recorded it)."""
    consent = Consent.objects.select_for_update().get(pk=consent.pk)
    if consent.decision != Consent.Decision.GIVEN:
        raise ValidationError(_("Et nektet samtykke kan ikke trekkes tilbake."), code="refused")
    if consent.withdrawn_at is not None:
        raise ValidationError(_("Samtykket er allerede trukket tilbake."), code="withdrawn")
    if method not in Consent.Method.values:
        raise ValidationError({"method": _("Velg hvordan samtykket ble trukket tilbake.")})
    consent.withdrawn_at = timezone.now()
    consent.withdrawn_method = method
    consent.withdrawn_note = note.strip()
    consent.withdrawn_by = by
    consent.save(
        update_fields=["withdrawn_at", "withdrawn_method", "withdrawn_note", "withdrawn_by"]
    )
    notify(
        family=consent.family,
        kind=Notification.Kind.CONSENT_WITHDRAWN,
        url=reverse("partners:consents", args=[consent.family_id]),
        actor=by,
    )
    return consent
