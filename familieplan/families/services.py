"""Workflows for families: referral, screening, intake decision, enrolment and assignment.

Each function is keyword-only, runs in one transaction, and keeps the family's denormalised
caseload fields (`stage`, `planned_end`, `last_activity_at`) in step.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from familieplan.core.models import Unit
from familieplan.families import hooks
from familieplan.families.models import (
    Address,
    CoordinatorAssignment,
    Enrolment,
    Family,
    IntakeDecision,
    Member,
    ProgrammeSettings,
    ReferenceMedian,
    Referral,
    Screening,
)
from familieplan.families.queries import eligible_coordinators, national_id_taken
from familieplan.lib import eligibility
from familieplan.lib.equivalence import ChildRule, Scale

STAGE_OF_STATUS = {
    Enrolment.Status.WAITING: Family.Stage.WAITING,
    Enrolment.Status.ACTIVE: Family.Stage.ACTIVE,
    Enrolment.Status.PAUSED: Family.Stage.PAUSED,
    Enrolment.Status.ENDED: Family.Stage.ENDED,
}


def _touch(family: Family, *fields: str) -> None:
    family.last_activity_at = timezone.now()
    family.save(update_fields=["last_activity_at", *fields])


def _lock(family: Family) -> None:
    """Serialise concurrent workflows on one family (two people deciding at once): the second
    waits, then sees the first one's result and gets a clear message instead of an error."""
    Family.objects.select_for_update().filter(pk=family.pk).values_list("pk", flat=True).get()


#: The same words for a number found taken by the form's check and by the database's unique
#: constraint (when two people save one number at the same moment, both pass the check).
NATIONAL_ID_TAKEN = gettext_lazy(
    "Dette fødselsnummeret er allerede registrert på en person i kommunen."
)
ADDRESS_DATE_TAKEN = gettext_lazy("Familien har allerede en adresse fra denne datoen.")


def _create_member(*, municipality_id: int, family: Family, data: dict) -> Member:
    """A new member; a number someone else saved since the form's check is refused with the
    check's message (code `duplicate_national_id`, the number in `params`), not a server error.
    """
    try:
        with transaction.atomic():
            return Member.objects.create(municipality_id=municipality_id, family=family, **data)
    except IntegrityError:
        number = data.get("national_id", "")
        if not national_id_taken(municipality_id=municipality_id, number=number):
            raise
        raise ValidationError(
            NATIONAL_ID_TAKEN, code="duplicate_national_id", params={"national_id": number}
        ) from None


def family_members_changed(*, family: Family) -> None:
    """After a member is added or changed: refresh what name search matches, and record the
    activity (feeds the "no contact" counter)."""
    family.refresh_search_names()
    _touch(family)


@transaction.atomic
def referral_register(
    *,
    unit: Unit,
    by,
    family_name: str,
    referral: dict,
    members: list[dict],
    address: dict | None = None,
) -> Family:
    """Create the family, its members, first address and the referral in one step."""
    if not any(m["role"] in Member.ADULT_ROLES for m in members):
        raise ValidationError(_("Husholdningen må ha minst én voksen."), code="no_adult")
    family = Family.objects.create(
        municipality_id=unit.municipality_id,
        unit=unit,
        name=family_name,
        stage=Family.Stage.REFERRED,
        last_activity_at=timezone.now(),
    )
    for data in members:
        _create_member(municipality_id=unit.municipality_id, family=family, data=data)
    if address:
        Address.objects.create(municipality_id=unit.municipality_id, family=family, **address)
    Referral.objects.create(
        municipality_id=unit.municipality_id, family=family, created_by=by, **referral
    )
    family.refresh_search_names()
    return family


def rules_for(programme: ProgrammeSettings) -> eligibility.RuleSet:
    return eligibility.RuleSet(
        annual_low_income=programme.rule_annual_low_income,
        persistent_low_income=programme.rule_persistent_low_income,
        threshold_percent=programme.threshold_percent,
        months_on_social_assistance_min=programme.months_on_social_assistance_min,
        require_child_under_18=programme.require_child_under_18,
        manual_criteria=tuple(programme.manual_criteria_list),
        scale=Scale(programme.scale),
        child_rule=ChildRule(programme.child_rule),
    )


def income_years_needed(programme: ProgrammeSettings, income_year: int) -> list[int]:
    if programme.rule_persistent_low_income:
        return [income_year - 2, income_year - 1, income_year]
    if programme.rule_annual_low_income:
        return [income_year]
    return []


def missing_medians(programme: ProgrammeSettings, years: list[int]) -> list[int]:
    have = set(
        ReferenceMedian.objects.filter(year__in=years, scale=programme.scale).values_list(
            "year", flat=True
        )
    )
    return [y for y in years if y not in have]


def household_year(members: list[Member], year: int, income: Decimal):
    """The household as it stood on `year`'s household date (31 December, decision 0005):
    of all members ever registered, those born, moved in and not moved out by then (members
    without a moving-in date count as always part of it), with their ages on that day."""
    on = eligibility.household_date(year)
    ages = tuple(m.age_on(on) for m in members if m.in_household_on(on))
    if not ages:
        raise ValidationError(
            _("Ingen i husholdningen var født eller bodde der i %(year)s.") % {"year": year},
            code="empty_year",
        )
    return eligibility.HouseholdYear(year=year, income_after_tax=income, ages=ages)


@transaction.atomic
def screening_perform(
    *,
    family: Family,
    by,
    income_year: int,
    incomes: dict[int, Decimal],
    months_on_social_assistance: int | None,
    manual_confirmed: list[str],
) -> Screening:
    """Screen the family against its municipality's rules and store the explained result."""
    programme = ProgrammeSettings.for_municipality(family.municipality)
    members = list(family.current_members())
    if not any(m.is_adult_role for m in members):
        raise ValidationError(_("Husholdningen må ha minst én voksen."), code="no_adult")
    # Each income year's household from everyone ever registered: today's members alone
    # would drop a parent who has moved out since from the years they lived there.
    everyone = list(family.members.all())
    rules = rules_for(programme)
    needed = income_years_needed(programme, income_year)
    medians = [
        eligibility.Median(
            year=m.year,
            amount=m.amount,
            source=m.source,
            verified=m.verified,
            scale=Scale(m.scale),
        )
        for m in ReferenceMedian.objects.filter(year__in=needed, scale=programme.scale)
    ]
    today = timezone.localdate()
    data = eligibility.ScreeningInput(
        income_year=income_year,
        years=[household_year(everyone, y, incomes[y]) for y in needed if y in incomes],
        medians=medians,
        member_ages=[m.age_on(today) for m in members],
        months_on_social_assistance_last_12=months_on_social_assistance,
        manual_confirmed=frozenset(manual_confirmed),
    )
    result = eligibility.screen(rules=rules, data=data)
    screening = Screening.objects.create(
        municipality_id=family.municipality_id,
        family=family,
        income_year=income_year,
        inputs={
            "incomes": {str(y): str(v) for y, v in incomes.items()},
            "months_on_social_assistance": months_on_social_assistance,
            "manual_confirmed": sorted(manual_confirmed),
            "member_count": len(members),
        },
        result=result.as_dict(),
        eligible=result.eligible,
        rule_version=eligibility.RULE_VERSION,
        performed_by=by,
    )
    _touch(family)
    return screening


@transaction.atomic
def intake_decide(
    *,
    family: Family,
    by,
    outcome: str,
    reason: str,
    screening: Screening | None = None,
    consent_given_by: Member | None = None,
    consent_form: str = "",
    consent_given_on: date | None = None,
    start_on: date | None = None,
) -> IntakeDecision:
    """Record the decision; inclusion starts an active enrolment, waiting list a waiting one."""
    _lock(family)
    if family.enrolments.exclude(status=Enrolment.Status.ENDED).exists():
        raise ValidationError(_("Familien deltar allerede i programmet."), code="enrolled")
    if outcome == IntakeDecision.Outcome.INCLUDED and not (
        consent_given_by and consent_form and consent_given_on
    ):
        raise ValidationError(
            _("Familien må samtykke til å delta før den kan inkluderes."), code="consent"
        )
    decision = IntakeDecision.objects.create(
        municipality_id=family.municipality_id,
        family=family,
        screening=screening,
        outcome=outcome,
        reason=reason,
        consent_given_by=consent_given_by,
        consent_form=consent_form,
        consent_given_on=consent_given_on,
        decided_by=by,
    )
    start_on = start_on or timezone.localdate()
    if outcome in (IntakeDecision.Outcome.INCLUDED, IntakeDecision.Outcome.WAITING_LIST):
        enrolment = Enrolment.objects.create(
            municipality_id=family.municipality_id,
            family=family,
            status=Enrolment.Status.WAITING,
        )
        if outcome == IntakeDecision.Outcome.INCLUDED:
            programme = ProgrammeSettings.for_municipality(family.municipality)
            enrolment.planned_end = start_on + relativedelta(
                months=programme.planned_duration_months
            )
            enrolment.move_to(
                Enrolment.Status.ACTIVE,
                on=start_on,
                by=by,
                note=_("Inkludert etter inntaksbeslutning."),
            )
        family.stage = STAGE_OF_STATUS[Enrolment.Status(enrolment.status)]
        family.planned_end = enrolment.planned_end
    else:
        family.stage = Family.Stage.NOT_INCLUDED
        family.planned_end = None
    _touch(family, "stage", "planned_end")
    hooks.enrolment_changed(family)
    return decision


@transaction.atomic
def enrolment_change(
    *,
    enrolment: Enrolment,
    to: str,
    by,
    on: date,
    note: str = "",
    end_reason: str = "",
) -> Enrolment:
    """Move an enrolment to a new status (refusing invalid moves) and update the caseload."""
    enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    family = enrolment.family
    follow_up_until = None
    if to == Enrolment.Status.ENDED:
        programme = ProgrammeSettings.for_municipality(family.municipality)
        months = programme.follow_up_months_after_exit
        follow_up_until = on + relativedelta(months=months) if months else None
    if to == Enrolment.Status.ACTIVE and enrolment.planned_end is None:
        programme = ProgrammeSettings.for_municipality(family.municipality)
        enrolment.planned_end = on + relativedelta(months=programme.planned_duration_months)
    enrolment.move_to(
        to, on=on, by=by, note=note, end_reason=end_reason, follow_up_until=follow_up_until
    )
    family.stage = STAGE_OF_STATUS[Enrolment.Status(to)]
    family.planned_end = enrolment.planned_end
    _touch(family, "stage", "planned_end")
    hooks.enrolment_changed(family)
    return enrolment


@transaction.atomic
def family_assign_coordinator(
    *, family: Family, coordinator, kind: str, by, on: date, note: str = ""
) -> CoordinatorAssignment:
    """Assign (or hand over to) a coordinator; the previous assignment of that kind ends."""
    _lock(family)
    if not eligible_coordinators(family).filter(pk=coordinator.pk).exists():
        raise ValidationError(
            _("Koordinatoren må være familiekoordinator i familiens enhet."), code="not_eligible"
        )
    other = family.co_coordinator_id if kind == "primary" else family.coordinator_id
    if other == coordinator.pk:
        raise ValidationError(
            _("Samme person kan ikke være både koordinator og medkoordinator."), code="same"
        )
    CoordinatorAssignment.objects.filter(family=family, kind=kind, ended_on__isnull=True).update(
        ended_on=on
    )
    assignment = CoordinatorAssignment.objects.create(
        municipality_id=family.municipality_id,
        family=family,
        coordinator=coordinator,
        kind=kind,
        started_on=on,
        note=note,
        assigned_by=by,
    )
    field = "coordinator" if kind == CoordinatorAssignment.Kind.PRIMARY else "co_coordinator"
    setattr(family, field, coordinator)
    _touch(family, field)
    return assignment


@transaction.atomic
def family_remove_co_coordinator(*, family: Family, by, on: date) -> None:
    CoordinatorAssignment.objects.filter(
        family=family, kind=CoordinatorAssignment.Kind.CO, ended_on__isnull=True
    ).update(ended_on=on)
    family.co_coordinator = None
    _touch(family, "co_coordinator")


@transaction.atomic
def address_register_move(*, family: Family, **address) -> Address:
    """A move is a new address record; earlier addresses stay as history. One from the same
    date that someone saved since the form's check is refused with the check's message."""
    try:
        with transaction.atomic():
            created = Address.objects.create(
                municipality_id=family.municipality_id, family=family, **address
            )
    except IntegrityError:
        if not family.addresses.filter(valid_from=address.get("valid_from")).exists():
            raise
        raise ValidationError({"valid_from": ADDRESS_DATE_TAKEN}) from None
    _touch(family)
    return created
