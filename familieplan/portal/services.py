"""What a family member does from their own pages. Each function checks that the viewer may
act on the object (beyond seeing it), does the work through the owning app's service, and
tells the coordinators: a notification in the app (`notifications.notify`: proposals,
comments, withdrawn consents; email for those who chose it) or a generic email (no content,
a link). Bad input raises a ValidationError and saves nothing. The two buttons on the plan
page are safe to press twice: a measure already done, or an agreement already given to this
version, is returned as it is (with False: nothing new was saved, nobody is told again)."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from familieplan.notifications.models import Notification
from familieplan.notifications.services import notify
from familieplan.outbox.services import email_queue
from familieplan.partners import services as consent_services
from familieplan.partners.models import Consent, Partner
from familieplan.plans import services as plan_services
from familieplan.plans.models import FamilyPlan, Goal, Measure, PlanAgreement
from familieplan.plans.rules import DONE, can_move
from familieplan.portal.models import Proposal
from familieplan.portal.visibility import Viewer

MAX_TEXT = 2000


def _text(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Skriv noe før du sender.")})
    if len(text) > MAX_TEXT:
        raise ValidationError({"text": _("Teksten er for lang (høyst 2000 tegn).")})
    return text


def tell_coordinator(viewer: Viewer, *, what: str) -> None:
    """A generic email to the family's coordinator (bokmål, no content from the family)."""
    coordinator = viewer.family.coordinator
    if coordinator is None or not coordinator.email:
        return
    with translation.override(coordinator.language or settings.LANGUAGE_CODE):
        email_queue(
            to=coordinator.email,
            to_name=coordinator.display_name,
            subject=_("Nytt fra en familie i Familieplan"),
            body=_("%(what)s Logg inn for å se det: %(url)s/families/%(family)s/")
            % {
                "what": what,
                "url": settings.FAMILIEPLAN_BASE_URL.rstrip("/"),
                "family": viewer.family.pk,
            },
            topic="portal",
            municipality_id=viewer.family.municipality_id,
            reference=str(viewer.family.pk),
        )


@transaction.atomic
def propose(
    *, viewer: Viewer, user, kind: str, text: str, goal: Goal | None = None, domain=None, about=None
) -> Proposal:
    if kind not in Proposal.Kind.values:
        raise ValidationError(_("Ukjent type forslag."))
    if about is not None and not viewer.sees(about.pk):
        raise ValidationError({"about": _("Du kan bare foreslå mål for deg selv og barna dine.")})
    proposal = Proposal.objects.create(
        municipality_id=viewer.family.municipality_id,
        family=viewer.family,
        kind=kind,
        by=viewer.member,
        about=about,
        goal=goal,
        domain=domain,
        text=_text(text),
    )
    # The coordinators' notification (and email, for those who chose it): no content.
    notify(
        family=viewer.family,
        kind=Notification.Kind.FAMILY_COMMENT
        if kind == Proposal.Kind.COMMENT
        else Notification.Kind.FAMILY_PROPOSAL,
        url=reverse("families:detail", args=[viewer.family.pk]) + "#proposals-heading",
        actor=user,
    )
    return proposal


@transaction.atomic
def measure_comment(*, viewer: Viewer, user, measure: Measure, text: str):
    comment = plan_services.measure_comment(
        measure=measure, by=user, author_label=viewer.member.full_name, text=_text(text)
    )
    notify(
        family=viewer.family,
        kind=Notification.Kind.FAMILY_COMMENT,
        url=reverse("plans:detail", args=[viewer.family.pk]) + f"#measure-{measure.pk}",
        actor=user,
    )
    return comment


def may_complete(viewer: Viewer, measure: Measure) -> bool:
    """The viewer's own measure, where "done" is a move `plans/rules.py` allows now (not from
    «foreslått», not when already closed)."""
    return measure.responsible_member_id == viewer.member.pk and can_move(measure.status, DONE)


@transaction.atomic
def measure_done(
    *, viewer: Viewer, user, measure: Measure, expected_version: int
) -> tuple[Measure, bool]:
    """Mark the viewer's own measure done: (the measure, True); (the measure, False) when it
    is done already — the button pressed twice, or done by someone else meanwhile."""
    if measure.responsible_member_id != viewer.member.pk:
        raise ValidationError(_("Du kan bare merke dine egne tiltak som gjort."))
    if measure.status == DONE:
        return measure, False
    if measure.is_final:
        raise ValidationError(_("Tiltaket er allerede avsluttet."))
    if not may_complete(viewer, measure):
        raise ValidationError(
            _("Tiltaket er bare foreslått ennå. Koordinatoren planlegger det sammen med dere.")
        )
    try:
        done = plan_services.measure_move(
            measure=measure,
            by=user,
            to=DONE,
            expected_version=expected_version,
            reason=_("Markert som gjort av %(name)s på familiens side.")
            % {"name": viewer.member.first_name},
        )
    except plan_services.StaleEdit as stale:
        if stale.current.status == DONE:  # the first press, a moment ago
            return stale.current, False
        raise
    tell_coordinator(viewer, what=_("Familien har merket et tiltak som gjort."))
    return done, True


@transaction.atomic
def plan_agree(
    *, viewer: Viewer, user, plan: FamilyPlan, expected_version: int
) -> tuple[PlanAgreement, bool]:
    """The viewer agrees, digitally and today, to the version they read (`expected_version`);
    the plan's service refuses another version and anyone who may not agree. (the agreement,
    True); (the agreement, False) when the viewer has agreed to this version already."""
    plan = FamilyPlan.objects.select_for_update().get(pk=plan.pk)  # a second press waits here
    if expected_version == plan.version:
        given = plan.agreements.filter(member=viewer.member, version_number=plan.version).first()
        if given is not None:
            return given, False
    agreement = plan_services.plan_agree(
        plan=plan,
        by=user,
        member=viewer.member,
        how="digital",
        agreed_on=timezone.localdate(),
        expected_version=expected_version,
    )
    tell_coordinator(viewer, what=_("Et familiemedlem har sagt seg enig i planen."))
    return agreement, True


def may_withdraw(viewer: Viewer, consent: Consent) -> bool:
    """Whoever gave it may withdraw it; so may a youth (from the programme's consent age) a
    consent about themselves that a parent gave when they were younger."""
    if consent.given_by_id == viewer.member.pk:
        return True
    return (
        consent.subject_id == viewer.member.pk
        and not viewer.member.is_adult_role
        and viewer.member.age_on(viewer.today) >= viewer.youth_consent_age
    )


@transaction.atomic
def consent_withdraw(*, viewer: Viewer, user, consent: Consent) -> Consent:
    if not may_withdraw(viewer, consent):
        raise ValidationError(
            _(
                "Dette samtykket ble gitt av en annen i familien. Be den som ga det, eller "
                "koordinatoren, om hjelp."
            )
        )
    withdrawn = consent_services.consent_withdraw(
        consent=consent,
        by=user,
        method=Consent.Method.DIGITAL,
        note=_("Trukket tilbake på familiens side."),
    )
    # The consent's service tells the coordinators (partners.services.consent_withdraw).
    return withdrawn


@transaction.atomic
def consent_give(
    *,
    viewer: Viewer,
    user,
    partner: Partner,
    subject,
    topics: list[str],
    purpose: str,
    valid_until: date,
) -> Consent:
    if not viewer.sees(subject.pk):
        raise ValidationError({"subject": _("Du kan gi samtykke for deg selv og barna dine.")})
    today = timezone.localdate()
    consent = consent_services.consent_record(
        family=viewer.family,
        by=user,
        subject=subject,
        given_by=viewer.member,
        partner=partner,
        decision=Consent.Decision.GIVEN,
        topics=topics,
        purpose=purpose or _("Samarbeid om familiens plan."),
        method=Consent.Method.DIGITAL,
        given_on=today,
        valid_from=today,
        valid_until=valid_until,
    )
    tell_coordinator(viewer, what=_("Familien har gitt et nytt samtykke."))
    return consent
