"""Time entries and the time spent per family, month and person."""

from datetime import date, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from familieplan.families.models import Family
from familieplan.journal import queries, services
from familieplan.journal.models import Contact, TimeEntry
from familieplan.journal.queries import TimeRow


def oslo(*args) -> datetime:
    return timezone.make_aware(datetime(*args), timezone.get_current_timezone())


def test_a_time_entry(world):
    entry = services.time_record(
        family=world.family_a,
        by=world.coordinator,
        on=timezone.localdate(),
        kind=TimeEntry.Kind.TRAVEL,
        minutes=45,
        note=" Kjøring til hjemmebesøk ",
    )
    entry.refresh_from_db()
    assert (entry.municipality, entry.user, entry.minutes) == (world.muni_a, world.coordinator, 45)
    assert entry.note == "Kjøring til hjemmebesøk"


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"on": date.today() + timedelta(days=2)}, "on", "Datoen kan ikke være fram i tid."),
        ({"minutes": 0}, "minutes", "Varigheten må være minst 1 minutt."),
        ({"minutes": -30}, "minutes", "Varigheten må være minst 1 minutt."),
        ({"minutes": 1441}, "minutes", "Du kan ikke føre mer enn 24 timer på én dag."),
        ({"kind": "lunch"}, "kind", "Velg hva tiden gikk til."),
        ({"note": "x" * 501}, "note", "Merknaden kan ha høyst 500 tegn."),
    ],
)
def test_bad_time_entries_are_refused_and_nothing_is_saved(world, overrides, field, message):
    fields = {
        "family": world.family_a,
        "by": world.coordinator,
        "on": timezone.localdate(),
        "kind": TimeEntry.Kind.PREPARATION,
        "minutes": 30,
    }
    with pytest.raises(ValidationError) as caught:
        services.time_record(**{**fields, **overrides})
    assert caught.value.message_dict == {field: [message]}
    assert not TimeEntry.objects.exists()


def test_time_spent_per_family_month_and_person(world):
    family, other = world.family_a, world.family_a_colleague
    me, colleague = world.coordinator, world.colleague

    def contact(at, minutes, *, by=me, family=family):
        services.contact_record(
            family=family, by=by, at=at, kind="phone", minutes=minutes, summary="Samtale"
        )

    def entry(on, minutes, *, by=me, family=family, kind="travel"):
        services.time_record(family=family, by=by, on=on, kind=kind, minutes=minutes)

    contact(oslo(2025, 1, 10, 9, 0), 60)
    contact(oslo(2025, 1, 31, 23, 30), 30)  # late on the last day: still January
    contact(oslo(2025, 2, 1, 0, 30), 20)  # 23:30 on 31 January in UTC: February here
    contact(oslo(2025, 2, 14, 13, 0), 45, by=colleague)
    contact(oslo(2025, 1, 20, 10, 0), 50, family=other, by=colleague)
    entry(date(2025, 1, 10), 40)
    entry(date(2025, 1, 31), 15, kind="preparation")
    entry(date(2025, 2, 28), 25, by=colleague, kind="coordination")
    # Outside the period, or a family not asked about:
    contact(oslo(2024, 12, 31, 23, 30), 999)
    contact(oslo(2025, 3, 1, 0, 15), 999)
    entry(date(2025, 3, 1), 999)
    contact(oslo(2025, 1, 15, 12, 0), 999, family=world.family_b, by=world.coordinator_b)

    families = Family.objects.filter(pk__in=[family.pk, other.pk])
    with CaptureQueriesContext(connection) as captured:
        rows = queries.time_spent(
            families_qs=families, start=date(2025, 1, 1), end=date(2025, 2, 28)
        )
    assert len(captured) <= 2

    jan, feb = date(2025, 1, 1), date(2025, 2, 1)
    expected = [
        TimeRow(family.pk, jan, me.pk, contact_minutes=90, other_minutes=55),
        TimeRow(family.pk, feb, me.pk, contact_minutes=20, other_minutes=0),
        TimeRow(family.pk, feb, colleague.pk, contact_minutes=45, other_minutes=25),
        TimeRow(other.pk, jan, colleague.pk, contact_minutes=50, other_minutes=0),
    ]
    assert sorted(rows, key=repr) == sorted(expected, key=repr)
    assert [r.total for r in rows if r.family_id == family.pk and r.month == jan] == [145]
    assert sum(r.total for r in rows) == 145 + 20 + 70 + 50


def test_time_spent_without_anything_recorded(world):
    with CaptureQueriesContext(connection) as captured:
        rows = queries.time_spent(
            families_qs=Family.objects.all(), start=date(2025, 1, 1), end=date(2025, 12, 31)
        )
    assert rows == [] and len(captured) <= 2
    assert not Contact.objects.exists()
