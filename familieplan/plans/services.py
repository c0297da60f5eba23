"""Workflows for Familiens plan. Every change runs in a transaction, locks the plan, bumps its
version and stores a full snapshot (PlanVersion), so the plan can be read as it stood on any
date. Edits carry the version the editor saw; a newer version refuses the save with
`StaleEdit` (core/concurrency.py: a goal's and a measure's own version through
`check_version`, the plan's frame through the plan's version, decision 0006)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from familieplan.core.concurrency import StaleEdit, check_version
from familieplan.families.models import Enrolment, Family
from familieplan.plans import family_notices, rules
from familieplan.plans.models import (
    FamilyPlan,
    Goal,
    Measure,
    MeasureComment,
    PlanAgreement,
    PlanVersion,
    Review,
)
from familieplan.plans.queries import (
    may_agree,
)


def snapshot(plan: FamilyPlan) -> dict:
    """The whole plan as plain data (what a version stores and the history shows)."""
    goals = plan.goals.select_related("domain", "member").prefetch_related(
        "measures__responsible_user",
        "measures__responsible_member",
        "measures__responsible_partner",
    )
    return {
        "legal_basis": plan.legal_basis,
        "period": [plan.period_start.isoformat(), plan.period_end.isoformat()],
        "participants": plan.participants,
        "resources": plan.resources,
        "needs": plan.needs,
        "contributions": plan.contributions,
        "next_review_on": plan.next_review_on.isoformat() if plan.next_review_on else None,
        "goals": [
            {
                "id": str(goal.pk),
                "domain": goal.domain.name,
                "member": goal.member.full_name if goal.member else None,
                "own_words": goal.own_words,
                "professional_wording": goal.professional_wording,
                "members_own_voice": goal.members_own_voice,
                "priority": goal.priority,
                "target_date": goal.target_date.isoformat() if goal.target_date else None,
                "status": goal.status,
                "status_reason": goal.status_reason,
                "measures": [
                    {
                        "id": str(m.pk),
                        "what": m.what,
                        "responsible": m.responsible_label,
                        "responsible_kind": m.responsible_kind,
                        "due_on": m.due_on.isoformat(),
                        "family_part": m.family_part,
                        "status": m.status,
                        "closing_reason": m.closing_reason,
                        "reopened_from": str(m.reopened_from_id) if m.reopened_from_id else None,
                    }
                    for m in goal.measures.all()
                ],
            }
            for goal in goals
        ],
    }


def _record(plan: FamilyPlan, *, by, summary: str) -> PlanVersion:
    plan.version += 1
    plan.save(update_fields=["version"])
    Family.objects.filter(pk=plan.family_id).touch()
    return PlanVersion.objects.create(
        municipality_id=plan.municipality_id,
        plan=plan,
        number=plan.version,
        at=timezone.now(),
        by=by,
        summary=summary[:300],
        snapshot=snapshot(plan),
    )


def _lock(plan: FamilyPlan) -> FamilyPlan:
    return FamilyPlan.objects.select_for_update().get(pk=plan.pk)


def _at_version(row, expected_version: int | None):
    """`row` as stored, locked, refused with StaleEdit unless at `expected_version`, and
    carrying its next version (check_version stores it): the edit changes this copy."""
    stored = check_version(row, expected_version)
    stored.version = row.version
    return stored


def _in_period(plan: FamilyPlan, day: date | None, field: str) -> None:
    if day and not plan.period_start <= day <= plan.period_end:
        raise ValidationError(
            {
                field: _("Datoen må ligge innenfor planperioden (%(start)s–%(end)s).")
                % {"start": f"{plan.period_start:%d.%m.%Y}", "end": f"{plan.period_end:%d.%m.%Y}"}
            },
            code="outside_period",
        )


@transaction.atomic
def plan_create(
    *, family: Family, by, period_start: date, period_end: date, **fields
) -> FamilyPlan:
    """A new current plan for an enrolled family; an earlier plan stays as history."""
    Family.objects.select_for_update().filter(pk=family.pk).values_list("pk").get()
    if not family.enrolments.filter(
        status__in=[Enrolment.Status.ACTIVE, Enrolment.Status.PAUSED]
    ).exists():
        raise ValidationError(
            _("Familien må delta i programmet før den kan få en plan."), code="not_enrolled"
        )
    if period_end < period_start:
        raise ValidationError({"period_end": _("Sluttdatoen kan ikke være før startdatoen.")})
    family.plans.current().update(is_current=False)
    plan = FamilyPlan.objects.create(
        municipality_id=family.municipality_id,
        family=family,
        period_start=period_start,
        period_end=period_end,
        **fields,
    )
    _record(plan, by=by, summary=_("Planen ble opprettet."))
    return plan


@transaction.atomic
def plan_update(*, plan: FamilyPlan, by, expected_version: int, **fields) -> FamilyPlan:
    plan = _lock(plan)
    if plan.version != expected_version:
        raise StaleEdit(plan)
    for name, value in fields.items():
        setattr(plan, name, value)
    plan.save()
    _record(plan, by=by, summary=_("Planens rammer ble endret."))
    return plan


@transaction.atomic
def goal_add(*, plan: FamilyPlan, by, domain, **fields) -> Goal:
    plan = _lock(plan)
    if domain.municipality_id != plan.municipality_id or not domain.active:
        raise ValidationError(
            {"domain": _("Livsområdet brukes ikke i dette programmet.")}, code="domain"
        )
    member = fields.get("member")
    if member is not None and member.family_id != plan.family_id:
        raise ValidationError({"member": _("Personen hører ikke til denne familien.")})
    _in_period(plan, fields.get("target_date"), "target_date")
    goal = Goal.objects.create(
        municipality_id=plan.municipality_id, plan=plan, domain=domain, **fields
    )
    _record(plan, by=by, summary=_("Nytt mål: %(goal)s") % {"goal": goal.own_words[:80]})
    return goal


@transaction.atomic
def goal_update(*, goal: Goal, by, expected_version: int, **fields) -> Goal:
    plan = _lock(goal.plan)
    goal = _at_version(goal, expected_version)
    status = fields.get("status", goal.status)
    if status in (Goal.Status.ACHIEVED, Goal.Status.NOT_RELEVANT) and not (
        fields.get("status_reason", goal.status_reason)
    ):
        raise ValidationError({"status_reason": _("Skriv en kort begrunnelse.")})
    _in_period(plan, fields.get("target_date"), "target_date")
    for name, value in fields.items():
        setattr(goal, name, value)
    goal.save()
    _record(plan, by=by, summary=_("Mål endret: %(goal)s") % {"goal": goal.own_words[:80]})
    return goal


def _check_responsible(plan: FamilyPlan, kind: str, user, member, partner) -> None:
    ok = {
        Measure.Responsible.COORDINATOR: user is not None and member is None and partner is None,
        Measure.Responsible.MEMBER: member is not None and user is None and partner is None,
        Measure.Responsible.SERVICE: partner is not None and user is None and member is None,
    }.get(kind, False)
    if not ok:
        raise ValidationError(
            {"responsible_kind": _("Hvert tiltak må ha nøyaktig én ansvarlig.")},
            code="responsible",
        )
    if member is not None and member.family_id != plan.family_id:
        raise ValidationError({"responsible_member": _("Personen hører ikke til denne familien.")})
    if partner is not None and (
        not partner.active or partner.municipality_id not in (None, plan.municipality_id)
    ):
        raise ValidationError(
            {"responsible_partner": _("Tjenesten kan ikke velges for denne familien.")}
        )


@transaction.atomic
def measure_add(
    *,
    goal: Goal,
    by,
    what: str,
    responsible_kind: str,
    due_on: date,
    responsible_user=None,
    responsible_member=None,
    responsible_partner=None,
    family_part: str = "",
    status: str = Measure.Status.PLANNED,
    reopened_from: Measure | None = None,
) -> Measure:
    plan = _lock(goal.plan)
    _check_responsible(
        plan, responsible_kind, responsible_user, responsible_member, responsible_partner
    )
    _in_period(plan, due_on, "due_on")
    if status in rules.FINAL:
        raise ValidationError({"status": _("Et nytt tiltak kan ikke starte som avsluttet.")})
    measure = Measure.objects.create(
        municipality_id=plan.municipality_id,
        goal=goal,
        what=what,
        responsible_kind=responsible_kind,
        responsible_user=responsible_user,
        responsible_member=responsible_member,
        responsible_partner=responsible_partner,
        due_on=due_on,
        family_part=family_part,
        status=status,
        reopened_from=reopened_from,
    )
    _record(plan, by=by, summary=_("Nytt tiltak: %(what)s") % {"what": what[:80]})
    family_notices.measure_assigned(measure)
    return measure


@transaction.atomic
def measure_move(
    *,
    measure: Measure,
    by,
    to: str,
    expected_version: int,
    reason: str = "",
    on: date | None = None,
) -> Measure:
    """Move a measure along its lifecycle; closing needs a reason, final is final."""
    plan = _lock(measure.goal.plan)
    measure = _at_version(measure, expected_version)
    if measure.is_final:
        raise ValidationError(
            _("Tiltaket er avsluttet og kan ikke endres. Lag et nytt tiltak i stedet."),
            code="final",
        )
    if not rules.can_move(measure.status, to):
        raise ValidationError(
            _("Tiltaket kan ikke gå fra «%(from)s» til «%(to)s».")
            % {"from": measure.get_status_display(), "to": Measure.Status(to).label},
            code="invalid_transition",
        )
    if rules.needs_reason(to) and not reason.strip():
        raise ValidationError({"reason": _("Skriv en kort begrunnelse for å avslutte.")})
    measure.status = to
    if rules.needs_reason(to):
        measure.closing_reason = reason.strip()
        measure.closed_on = on or timezone.localdate()
    measure.save()
    _record(
        plan,
        by=by,
        summary=_("Tiltak %(status)s: %(what)s")
        % {"status": measure.get_status_display().lower(), "what": measure.what[:80]},
    )
    return measure


def measure_reopen(*, measure: Measure, by, due_on: date) -> Measure:
    """A final measure is never edited: reopening creates a new measure linked to it."""
    if not measure.is_final:
        raise ValidationError(_("Bare avsluttede tiltak kan gjenåpnes."), code="not_final")
    return measure_add(
        goal=measure.goal,
        by=by,
        what=measure.what,
        responsible_kind=measure.responsible_kind,
        responsible_user=measure.responsible_user,
        responsible_member=measure.responsible_member,
        responsible_partner=measure.responsible_partner,
        due_on=due_on,
        family_part=measure.family_part,
        reopened_from=measure,
    )


PLAN_CHANGED = gettext_lazy(
    "Planen er endret siden du åpnet den. Les den nye versjonen (versjon %(n)s) og prøv igjen."
)


@transaction.atomic
def plan_agree(
    *, plan: FamilyPlan, by, member, how: str, agreed_on: date, expected_version: int
) -> PlanAgreement:
    """Record one member's agreement to the version of the plan they saw (`expected_version`),
    which must be the current one; the date can be neither before that version was saved nor
    in the future. Only a member who may agree (`may_agree`) is accepted."""
    plan = _lock(plan)
    if member.family_id != plan.family_id:
        raise ValidationError({"member": _("Personen hører ikke til denne familien.")})
    if plan.version != expected_version:
        raise StaleEdit(plan, PLAN_CHANGED % {"n": plan.version})
    if not may_agree(member):
        raise ValidationError(
            {
                "member": _(
                    "Bare voksne i husholdningen og ungdom som har nådd samtykkealderen, kan "
                    "registreres som enige i planen."
                )
            },
            code="may_not_agree",
        )
    saved = timezone.localtime(plan.versions.get(number=plan.version).at).date()
    if agreed_on < saved:
        raise ValidationError(
            {
                "agreed_on": _(
                    "Datoen kan ikke være før denne versjonen av planen ble lagret (%(d)s)."
                )
                % {"d": f"{saved:%d.%m.%Y}"}
            },
            code="before_version",
        )
    if agreed_on > timezone.localdate():
        raise ValidationError({"agreed_on": _("Datoen kan ikke være fram i tid.")})
    return PlanAgreement.objects.create(
        municipality_id=plan.municipality_id,
        plan=plan,
        version_number=plan.version,
        member=member,
        agreed_on=agreed_on,
        how=how,
        recorded_by=by,
    )


@transaction.atomic
def review_record(
    *, plan: FamilyPlan, by, held_on: date, what_changed: str, next_review_on: date
) -> Review:
    """A review held: what changed, and when the next one is."""
    plan = _lock(plan)
    if held_on > timezone.localdate():
        raise ValidationError({"held_on": _("Datoen kan ikke være fram i tid.")})
    if next_review_on <= held_on:
        raise ValidationError(
            {"next_review_on": _("Neste evaluering må være etter denne.")}, code="order"
        )
    review = Review.objects.create(
        municipality_id=plan.municipality_id,
        plan=plan,
        scheduled_on=plan.next_review_on or held_on,
        held_on=held_on,
        what_changed=what_changed,
    )
    plan.next_review_on = next_review_on
    plan.save(update_fields=["next_review_on"])
    _record(plan, by=by, summary=_("Planen ble evaluert %(d)s.") % {"d": f"{held_on:%d.%m.%Y}"})
    return review


@transaction.atomic
def measure_update(
    *,
    measure: Measure,
    by,
    expected_version: int,
    what: str,
    due_on: date,
    responsible_kind: str,
    responsible_user=None,
    responsible_member=None,
    responsible_partner=None,
    family_part: str = "",
) -> Measure:
    """Change what a measure is, who is responsible or when; a closed measure is final."""
    plan = _lock(measure.goal.plan)
    measure = _at_version(measure, expected_version)
    if measure.is_final:
        raise ValidationError(
            _("Tiltaket er avsluttet og kan ikke endres. Lag et nytt tiltak i stedet."),
            code="final",
        )
    _check_responsible(
        plan, responsible_kind, responsible_user, responsible_member, responsible_partner
    )
    _in_period(plan, due_on, "due_on")
    previous_member_id = measure.responsible_member_id
    measure.what, measure.due_on, measure.family_part = what, due_on, family_part
    measure.responsible_kind = responsible_kind
    measure.responsible_user, measure.responsible_member = responsible_user, responsible_member
    measure.responsible_partner = responsible_partner
    measure.save()
    _record(plan, by=by, summary=_("Tiltak endret: %(what)s") % {"what": what[:80]})
    family_notices.measure_assigned(measure, previous_member_id=previous_member_id)
    return measure


@transaction.atomic
def measure_comment(*, measure: Measure, by, author_label: str, text: str) -> MeasureComment:
    """A comment on a measure; comments are never edited or deleted."""
    if not text.strip():
        raise ValidationError({"text": _("Skriv en kommentar.")})
    comment = MeasureComment.objects.create(
        municipality_id=measure.municipality_id,
        measure=measure,
        family_id=measure.goal.plan.family_id,
        author=by,
        author_label=author_label[:200],
        text=text.strip(),
    )
    Family.objects.filter(pk=comment.family_id).touch()
    return comment
