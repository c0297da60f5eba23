"""Demo partners, partner logins, consents (valid, expiring, expired, withdrawn, refused) and
meetings with minutes and decisions that became measures."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from familieplan.accounts.models import User
from familieplan.core.models import Municipality
from familieplan.families.models import Domain, Family, Member
from familieplan.meetings import services as meeting_services
from familieplan.meetings.models import Meeting
from familieplan.meetings.services import Invitee
from familieplan.partners import services as consent_services
from familieplan.partners.models import Consent, Partner, PartnerContact, PartnerStaff, Topic
from familieplan.plans import services as plan_services

K = Partner.Kind
# Fictional services; the organisation numbers pass the mod-11 check and belong to no one here.
PARTNERS = {
    "A": [
        ("Lunde skole", K.SCHOOL, "970000011", "Rektor Siri Lunde", "siri.lunde"),
        ("NAV Demo, arbeidsrettet oppfølging", K.NAV_STATE, "970000038", "Veileder Ola Nav", "ola"),
        ("Helsestasjonen Demo", K.HEALTH_CLINIC, "970000046", "Helsesykepleier Berit Aas", "berit"),
        ("Barneverntjenesten Demo", K.CHILD_WELFARE, "970000054", "Saksbehandler Ida Vik", "ida"),
        ("Demo idrettslag", K.CULTURE_LEISURE, "970000062", "Leder Per Ball", "per"),
        ("Frivilligsentralen Demo", K.VOLUNTEER, "970000070", "Daglig leder Kari Fri", "kari"),
    ],
    "B": [
        ("Fjordvik skole", K.SCHOOL, "970000089", "Rektor Tor Fjord", "tor"),
        ("NAV Fjordvik", K.NAV_STATE, "970000097", "Veileder Lise Berg", "lise"),
    ],
}
NATIONAL = [("Røde Kors, leksehjelp", K.VOLUNTEER, "970000100")]


def build_partners(municipalities: dict[str, Municipality], users: dict[str, User]) -> None:
    for key, rows in PARTNERS.items():
        muni = municipalities[key]
        for name, kind, org, contact, handle in rows:
            partner = Partner.objects.create(
                municipality=muni,
                name=name,
                kind=kind,
                org_number=org,
                street="Skoleveien 1" if kind == K.SCHOOL else "Rådhusgata 2",
                postal_code="9901" if key == "A" else "9902",
                city=muni.name.replace(" kommune", ""),
                email=f"post@{handle}.demo.familieplan.local",
            )
            PartnerContact.objects.create(
                partner=partner,
                name=contact,
                title=contact.split(" ")[0],
                email=f"{handle}@demo.familieplan.local",
            )
    for name, kind, org in NATIONAL:
        Partner.objects.create(municipality=None, name=name, kind=kind, org_number=org)
    a = municipalities["A"]
    PartnerStaff.objects.create(
        user=users["partner"], partner=Partner.objects.get(municipality=a, name="Lunde skole")
    )
    PartnerStaff.objects.create(
        user=users["partner2"],
        partner=Partner.objects.get(municipality=a, name="Helsestasjonen Demo"),
    )


def _partner(family: Family, name: str) -> Partner:
    return Partner.objects.get(municipality_id=family.municipality_id, name=name)


def _consent(family, *, by, subject, given_by, partner, topics, start, months=12, **extra):
    return consent_services.consent_record(
        family=family,
        by=by,
        subject=subject,
        given_by=given_by,
        partner=partner,
        decision=extra.pop("decision", Consent.Decision.GIVEN),
        topics=topics,
        purpose=extra.pop(
            "purpose", "Samarbeid om familiens plan: skolen følger opp tiltakene for barna."
        ),
        method=extra.pop("method", Consent.Method.WRITTEN),
        given_on=start,
        valid_from=start,
        valid_until=start + timedelta(days=30 * months),
        **extra,
    )


def build_consents(families: list[Family], users: dict[str, User], today: date) -> None:
    """Consents in the synthetic families: most valid, some expiring, expired or withdrawn."""
    rng = random.Random(7)
    for index, family in enumerate(f for f in families if f.stage in ("active", "paused")):
        adult = family.members.filter(role__in=Member.ADULT_ROLES).first()
        if adult is None:
            continue
        by = family.coordinator or users["leder"]
        school = Partner.objects.filter(
            municipality_id=family.municipality_id, kind=K.SCHOOL
        ).first()
        nav = Partner.objects.filter(
            municipality_id=family.municipality_id, kind=K.NAV_STATE
        ).first()
        topics = [Topic.PLAN, Topic.MEETINGS, Topic.SCHOOL]
        variant = index % 5
        if variant == 0:  # valid for a year
            _consent(
                family,
                by=by,
                subject=adult,
                given_by=adult,
                partner=school,
                topics=topics,
                start=today - timedelta(days=rng.randint(20, 200)),
            )
        elif variant == 1:  # runs out within 30 days
            _consent(
                family,
                by=by,
                subject=adult,
                given_by=adult,
                partner=school,
                topics=topics,
                start=today - timedelta(days=350 - 3 * (index % 7)),  # in 10–28 days
                months=12,
            )
        elif variant == 2:  # expired
            _consent(
                family,
                by=by,
                subject=adult,
                given_by=adult,
                partner=school,
                topics=topics,
                start=today - timedelta(days=500),
                months=12,
            )
        elif variant == 3:  # withdrawn
            consent = _consent(
                family,
                by=by,
                subject=adult,
                given_by=adult,
                partner=school,
                topics=topics,
                start=today - timedelta(days=120),
            )
            consent_services.consent_withdraw(
                consent=consent,
                by=by,
                method=Consent.Method.ORAL,
                note="Mor ringte og ville ikke lenger at skolen skulle se planen.",
            )
        else:  # refused
            _consent(
                family,
                by=by,
                subject=adult,
                given_by=adult,
                partner=school,
                topics=[],
                start=today - timedelta(days=60),
                decision=Consent.Decision.REFUSED,
                method=Consent.Method.ORAL,
                purpose="Skolen ville delta i samarbeidsmøtene.",
            )
        if nav is not None:
            _consent(
                family,
                by=by,
                subject=adult,
                given_by=adult,
                partner=nav,
                topics=[Topic.PLAN, Topic.MEETINGS, Topic.WORK, Topic.ECONOMY],
                start=today - timedelta(days=rng.randint(10, 300)),
            )


def _working_day(day: date) -> date:
    """`day`, or the Monday after when it falls on a weekend (nobody meets on Sundays)."""
    return day + timedelta(days=max(0, 7 - day.weekday()) if day.weekday() >= 5 else 0)


def _meeting_time(day: date, hour: int) -> tuple[datetime, datetime]:
    start = timezone.make_aware(datetime.combine(_working_day(day), time(hour, 0)))
    return start, start + timedelta(hours=1, minutes=30)


def build_persona_collaboration(family: Family, users: dict[str, User], today: date) -> None:
    """Familien Warsame: the school (`partner`) has consent; meetings with released minutes."""
    coordinator = users["koordinator"]
    amina = family.members.get(first_name="Amina")
    hamza = family.members.get(first_name="Hamza")
    sagal = family.members.get(first_name="Sagal")
    school = _partner(family, "Lunde skole")
    start = today - timedelta(days=90)
    _consent(
        family,
        by=coordinator,
        subject=amina,
        given_by=amina,
        partner=school,
        topics=[Topic.PLAN, Topic.MEETINGS, Topic.SCHOOL],
        start=start,
    )
    _consent(
        family,
        by=coordinator,
        subject=sagal,
        given_by=amina,
        partner=school,
        topics=[Topic.PLAN, Topic.SCHOOL],
        start=start,
        purpose="Skolen og familien samarbeider om Sagals lesing og trivsel.",
    )
    _consent(
        family,
        by=coordinator,
        subject=hamza,
        given_by=hamza,
        partner=_partner(family, "Demo idrettslag"),
        topics=[Topic.PLAN],
        start=start,
        purpose="Idrettslaget hjelper Hamza med å komme i gang med fotball.",
    )
    _consent(
        family,
        by=coordinator,
        subject=hamza,
        given_by=hamza,
        partner=school,
        topics=[],
        start=start,
        decision=Consent.Decision.REFUSED,
        method=Consent.Method.ORAL,
        purpose="Skolen ba om å få se Hamzas del av planen.",
        note="Hamza vil selv fortelle skolen det han ønsker.",
    )
    welfare = _consent(
        family,
        by=coordinator,
        subject=amina,
        given_by=amina,
        partner=_partner(family, "Barneverntjenesten Demo"),
        topics=[Topic.PLAN, Topic.CHILD_WELFARE],
        start=today - timedelta(days=400),
    )
    consent_services.consent_withdraw(
        consent=welfare,
        by=coordinator,
        method=Consent.Method.WRITTEN,
        note="Tiltaket i barnevernet er avsluttet.",
    )

    plan = family.plans.get(is_current=True)
    school_domain = Domain.objects.get(municipality_id=family.municipality_id, code="school")
    goal = plan_services.goal_add(
        plan=plan,
        by=coordinator,
        domain=school_domain,
        member=sagal,
        members_own_voice=True,
        own_words="Jeg vil lese bedre og ha noen å være med i friminuttene.",
    )
    plan_services.measure_add(
        goal=goal,
        by=coordinator,
        what="Lesekurs to ganger i uka",
        responsible_kind="service",
        responsible_partner=school,
        due_on=min(today + timedelta(days=20), plan.period_end),
        family_part="Amina leser med Sagal ti minutter hver kveld.",
    )

    invitees = [
        Invitee(member=amina, email=amina.email),
        Invitee(partner=school, email="siri.lunde@demo.familieplan.local"),
        Invitee(user=coordinator, email=coordinator.email),
    ]
    held_start, held_end = _meeting_time(today - timedelta(days=45), 10)
    held = meeting_services.meeting_schedule(
        family=family,
        by=coordinator,
        kind=Meeting.Kind.COOPERATION,
        title="Samarbeidsmøte",
        starts_at=held_start,
        ends_at=held_end,
        invitees=invitees,
        held=True,
        place="Lunde skole, møterom 2",
        agenda="1. Hvordan går det på skolen\n2. Fritid\n3. Neste møte",
    )
    meeting_services.minutes_record(
        meeting=held,
        by=coordinator,
        expected_sequence=held.sequence,
        minutes="Sagal trives bedre i klassen. Skolen tilbyr lesekurs. Amina ønsker hjelp til "
        "å finne en fritidsaktivitet for Sagal.",
        attended={p.pk for p in held.participants.all()},
        next_meeting_on=_working_day(today + timedelta(days=7)),
    )
    decision = meeting_services.decision_add(
        meeting=held, by=coordinator, text="Koordinatoren finner en fritidsaktivitet for Sagal."
    )
    meeting_services.decision_to_measure(
        decision=decision,
        by=coordinator,
        goal=goal,
        responsible_kind="coordinator",
        responsible_user=coordinator,
        due_on=min(today + timedelta(days=30), plan.period_end),
    )
    meeting_services.minutes_release(meeting=held, by=coordinator)

    eval_start, eval_end = _meeting_time(today - timedelta(days=10), 13)
    evaluation = meeting_services.meeting_schedule(
        family=family,
        by=coordinator,
        kind=Meeting.Kind.EVALUATION,
        title="Evaluering av planen",
        starts_at=eval_start,
        ends_at=eval_end,
        held=True,
        place="Familiesenteret",
        invitees=[Invitee(member=amina), Invitee(member=sagal), Invitee(user=coordinator)],
    )
    meeting_services.minutes_record(
        meeting=evaluation,
        by=coordinator,
        expected_sequence=evaluation.sequence,
        minutes="Vi gikk gjennom målene. Boligsøknaden er sendt.",
        attended={p.pk for p in evaluation.participants.all()},
        child_experience="Sagal: «Det er bedre på skolen nå. Jeg vil gjerne begynne på dans.»",
        child_experience_of=sagal,
    )

    # Next week: the coordinator's calendar (and Outlook, through the feed) shows it.
    next_start, next_end = _meeting_time(today + timedelta(days=7), 9)
    meeting_services.meeting_schedule(
        family=family,
        by=coordinator,
        kind=Meeting.Kind.COOPERATION,
        title="Oppfølgingsmøte",
        starts_at=next_start,
        ends_at=next_end,
        invitees=invitees,
        place="Lunde skole, møterom 2",
        agenda="1. Lesekurset\n2. Fritidsaktivitet",
    )


def build_meetings(families: list[Family], users: dict[str, User], today: date) -> None:
    """A held meeting with released minutes in some active families."""
    rng = random.Random(11)
    for family in [f for f in families if f.stage == "active"][:8]:
        by = family.coordinator or users["leder"]
        adults = list(family.members.filter(role__in=Member.ADULT_ROLES))
        start, end = _meeting_time(today - timedelta(days=rng.randint(5, 80)), rng.choice([9, 13]))
        meeting = meeting_services.meeting_schedule(
            family=family,
            by=by,
            kind=rng.choice([Meeting.Kind.FAMILY_CONVERSATION, Meeting.Kind.HOME_VISIT]),
            starts_at=start,
            ends_at=end,
            held=True,
            place="Hjemme hos familien",
            invitees=[Invitee(member=m) for m in adults] + [Invitee(user=by, email=by.email)],
        )
        meeting_services.minutes_record(
            meeting=meeting,
            by=by,
            expected_sequence=meeting.sequence,
            minutes="Vi snakket om økonomien og hva familien vil prioritere den neste måneden.",
            attended={p.pk for p in meeting.participants.all()},
        )
        meeting_services.minutes_release(meeting=meeting, by=by)
    _upcoming(families, today)


def _this_week(today: date, n: int) -> date | None:
    """The `n`-th working day after today in this week; when the week has no more, today
    (later today, or held earlier today with its minutes not written yet); none at the
    weekend."""
    ahead = [
        today + timedelta(days=d) for d in range(1, 7 - today.weekday()) if today.weekday() + d < 5
    ]
    if n < len(ahead):
        return ahead[n]
    return today if today.weekday() < 5 else None


def _upcoming(families: list[Family], today: date) -> None:
    """Planned meetings this week and next in two active families of each coordinator, so
    that every coordinator's calendar and start page have meetings to show (and one held
    earlier this week): working days, office hours."""
    monday = today - timedelta(days=today.weekday())
    next_monday = monday + timedelta(days=7)
    by_coordinator: dict[int, list[Family]] = {}
    for family in families:
        if family.stage == "active" and family.coordinator_id:
            by_coordinator.setdefault(family.coordinator_id, []).append(family)
    for group in by_coordinator.values():
        for n, family in enumerate(group[:2]):
            coordinator = family.coordinator
            slots = [(next_monday + timedelta(days=1 + 2 * n), 9 + 4 * n, Meeting.Kind.COOPERATION)]
            day = _this_week(today, n)
            if day is not None:
                slots.insert(0, (day, 10 + 3 * n, Meeting.Kind.FAMILY_CONVERSATION))
            earlier = monday + timedelta(days=1 + 2 * n)  # held earlier this week
            if earlier < today:
                slots.insert(0, (earlier, 11 + 3 * n, Meeting.Kind.HOME_VISIT))
            for day, hour, kind in slots:
                start = timezone.make_aware(datetime.combine(day, time(hour, 0)))
                meeting_services.meeting_schedule(
                    family=family,
                    by=coordinator,
                    kind=kind,
                    starts_at=start,
                    ends_at=start + timedelta(hours=1),
                    held=start <= timezone.now(),  # earlier today: held, the minutes not yet
                    place="Hjemme hos familien"
                    if kind == Meeting.Kind.HOME_VISIT
                    else family.unit.name,
                    invitees=[Invitee(user=coordinator)],
                )
