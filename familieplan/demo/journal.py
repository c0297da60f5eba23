"""Demo follow-up record: a year or more of contacts, journal notes and time entries for the
families in follow-up, built only through the journal services, from a fixed seed.

Contacts run from the family's start (at most 15 months back) to yesterday, or to the day the
family paused or ended; a few families in each caseload go quiet some weeks before today, so
the caseload shows "no contact in 30 days" for a handful of them. The texts are composed from
fixed fragments; nothing here describes a real person.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from familieplan.accounts.models import User
from familieplan.demo.journal_texts import (
    ABOUT,
    CLOSINGS,
    CORRECTED,
    FRAGMENTS,
    INTERNAL_NOTES,
    INTERPRETER_NOTE,
    MESSAGES_FROM,
    MESSAGES_TO,
    NEXT_STEPS,
    QUIET_NOTE,
    RESTRICTED_NOTES,
    SERVICE_DEFAULT,
    SERVICE_FRAGMENTS,
    SPECIAL_NOTES,
    WISHES,
)
from familieplan.families.models import EnrolmentEvent, Family, Member, ProgrammeSettings
from familieplan.journal import services
from familieplan.journal.models import Contact, Note, TimeEntry
from familieplan.partners.models import Consent, Partner, Topic
from familieplan.plans.models import Goal, Measure

K = Contact.Kind
P = Partner.Kind
ORDINARY, INTERNAL, RESTRICTED = Note.Level.ORDINARY, Note.Level.INTERNAL, Note.Level.RESTRICTED

#: How far back the record goes for families that started long ago (about 15 months).
HISTORY_DAYS = 456
#: Phone, home visits and office conversations are the everyday contacts.
KIND_WEIGHTS = {
    K.PHONE: 30,
    K.HOME_VISIT: 22,
    K.OFFICE_MEETING: 20,
    K.MESSAGE: 12,
    K.VIDEO: 8,
    K.SERVICE_MEETING: 8,
}
MINUTES = {
    K.MESSAGE: (5, 10),
    K.PHONE: (10, 30),
    K.VIDEO: (20, 45),
    K.OFFICE_MEETING: (45, 90),
    K.HOME_VISIT: (60, 120),
    K.SERVICE_MEETING: (30, 90),
}
#: The first and last hour a contact of the kind starts (working hours).
HOURS = {
    K.MESSAGE: (8, 16),
    K.PHONE: (8, 15),
    K.VIDEO: (9, 14),
    K.OFFICE_MEETING: (9, 14),
    K.HOME_VISIT: (9, 14),
    K.SERVICE_MEETING: (8, 14),
}


@dataclass
class _Family:
    """What the builder needs to know about one family, read once."""

    family: Family
    by: User
    start: date
    end: date
    adults: list[Member]
    children: list[Member]
    interpreter: bool
    goals: list[Goal]
    measures: dict[int, list[Measure]]
    #: (service, from, until): whom the coordinator may meet about the family, and when.
    partners: list[tuple[Partner, date, date]]
    ending: str = ""  # "paused", "ended" or "" (still going)
    new: bool = False  # started inside the history window: the record opens with a first talk
    scripted: list[tuple[date, object]] = field(default_factory=list)
    recent: list[str] = field(default_factory=list)  # fragments used lately, not to repeat


def build_journal(
    families: list[Family], users: dict[str, User], today: date, *, seed: int
) -> None:
    """The record of every family in follow-up (active, paused, ended), in list order.

    Familien Warsame (the persona family) gets its own random stream, so its record does not
    change with the number of synthetic families, and a few scripted notes.
    """
    rng = random.Random(seed)
    by_pk = {u.pk: u for u in users.values()}
    now = timezone.now()
    cases = []
    fresh = Family.objects.in_bulk([f.pk for f in families])
    for family in (fresh[f.pk] for f in families):
        if family.stage not in ("active", "paused", "ended") or family.coordinator_id is None:
            continue
        cases.append(_read(family, by_pk.get(family.coordinator_id) or family.coordinator, today))
    quiet = _choose_quiet(cases, rng, today)
    written = _Written()
    for case in cases:
        if case.family.name == "Familien Warsame":
            _persona_script(case, today)
            _build(case, random.Random(seed + 1), today, now, quiet=False, written=written)
        else:
            _build(case, rng, today, now, quiet=case.family.pk in quiet, written=written)
    written.backdate()


@dataclass
class _Written:
    """Contacts and notes written so far, with the moment to date them to (the services stamp
    them with now)."""

    contacts: list[Contact] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)

    def backdate(self) -> None:
        # Contact.recorded_at and Note.created_at are auto_now_add, and both models refuse
        # save() on an existing row by design. The demo has no past, so it dates them with a
        # queryset update (bulk_update), as demo/plans.py does for plan versions.
        Contact.objects.bulk_update(self.contacts, ["recorded_at"], batch_size=500)
        Note.objects.bulk_update(self.notes, ["created_at"], batch_size=500)


def _read(family: Family, by: User, today: date) -> _Family:
    enrolment = family.enrolments.order_by("-created_at").first()
    started = enrolment.started_on or today - timedelta(days=90)
    start = max(started, today - timedelta(HISTORY_DAYS))
    end, ending = today - timedelta(days=1), ""
    if family.stage == "ended" and enrolment.ended_on:
        end, ending = min(enrolment.ended_on, end), "ended"
    elif family.stage == "paused":
        paused_on = (
            EnrolmentEvent.objects.filter(enrolment=enrolment, to_status="paused")
            .order_by("-on")
            .values_list("on", flat=True)
            .first()
        )
        end, ending = min(paused_on or end, end), "paused"
    members = list(family.current_members(today))
    adults = [m for m in members if m.role in Member.ADULT_ROLES]
    children = [m for m in members if m.role not in Member.ADULT_ROLES]
    goals = list(
        Goal.objects.filter(plan__family=family, plan__is_current=True)
        .select_related("domain")
        .order_by("domain__code", "priority", "own_words")
    )
    measures: dict[int, list[Measure]] = {}
    for measure in Measure.objects.filter(goal__in=goals).order_by("due_on", "what"):
        measures.setdefault(measure.goal_id, []).append(measure)
    # Services the coordinator may work with about the family: those that own a measure in
    # the plan the family agreed to, and those with a consent, while it is valid.
    windows = [
        (c, c.valid_from, min(c.valid_until, timezone.localdate(c.withdrawn_at)))
        if c.withdrawn_at
        else (c, c.valid_from, c.valid_until)
        for c in Consent.objects.filter(family=family, decision=Consent.Decision.GIVEN)
    ]
    partner_ids = {consent.partner_id for consent, _from, _until in windows} | {
        m.responsible_partner_id for ms in measures.values() for m in ms
    }
    by_pk = Partner.objects.in_bulk(partner_ids - {None})
    partners = [(by_pk[consent.partner_id], a, b) for consent, a, b in windows]
    partners += [
        (by_pk[m.responsible_partner_id], date.min, date.max)
        for ms in measures.values()
        for m in ms
        if m.responsible_partner_id
    ]
    return _Family(
        family=family,
        by=by,
        start=start,
        end=end,
        adults=adults,
        children=children,
        interpreter=any(a.needs_interpreter for a in adults),
        goals=goals,
        measures=measures,
        partners=partners,
        ending=ending,
        new=started > today - timedelta(HISTORY_DAYS),
    )


def _choose_quiet(cases: list[_Family], rng: random.Random, today: date) -> set:
    """The families (pks) whose contacts stop some weeks before today: about one in four
    open families per coordinator (at least one when the coordinator has two or more), never
    the persona family or a family that started less than three months ago."""
    quiet = set()
    by_coordinator: dict[int, list[_Family]] = {}
    for case in cases:
        if case.family.stage in ("active", "paused"):
            by_coordinator.setdefault(case.by.pk, []).append(case)
    for open_cases in by_coordinator.values():
        candidates = [
            c
            for c in open_cases
            if c.ending == ""
            and c.family.name != "Familien Warsame"
            and c.start <= today - timedelta(days=90)
        ]
        if len(open_cases) < 2 or not candidates:
            continue
        wanted = max(1, round(len(open_cases) / 4))
        quiet |= {c.family.pk for c in rng.sample(candidates, min(wanted, len(candidates)))}
    return quiet


def _days(case: _Family, rng: random.Random, end: date) -> list[date]:
    """Contact days from the start to `end`: every few days at first, then 2–4 a month."""
    days, day = [], case.start
    if not case.new:
        day += timedelta(days=rng.randint(0, 12))  # not every record opens on the same day
    while day <= end:
        shifted = day
        while shifted.weekday() >= 5 and shifted - timedelta(days=1) >= case.start:
            shifted -= timedelta(days=1)
        if shifted.weekday() >= 5 and shifted + timedelta(days=7 - shifted.weekday()) <= end:
            shifted += timedelta(days=7 - shifted.weekday())  # the Monday after
        if not days or shifted > days[-1]:
            days.append(shifted)
        early = (day - case.start).days < 45
        day += timedelta(days=rng.randint(4, 9) if early else rng.randint(8, 16))
    if case.ending and end == case.end and (not days or days[-1] < end):
        last = end  # the conversation on the day the family paused or ended
        while last.weekday() >= 5 and (not days or last - timedelta(days=1) > days[-1]):
            last -= timedelta(days=1)
        days.append(last)
    return days


def _build(
    case: _Family, rng: random.Random, today: date, now: datetime, *, quiet: bool, written: _Written
) -> None:
    end = case.end
    if quiet:
        days_setting = ProgrammeSettings.for_municipality(case.family.municipality).no_contact_days
        end = min(end, today - timedelta(days=days_setting + rng.randint(5, 30)))
    days = _days(case, rng, end)
    events: list[tuple[date, int, object]] = [(d, 1, None) for d in days]
    events += [(d, 0, script) for d, script in case.scripted]
    events.sort(key=lambda e: (e[0], e[1]))
    first_day = days[0] if days else None
    for day, _order, script in events:
        if script is not None:
            script(case, written)
            continue
        special = ""
        if day == first_day and case.new:
            special = "start"
        elif day == days[-1] and case.ending and not quiet:
            special = case.ending
        _contact(case, rng, day, now, special=special, written=written)
    if quiet and case.adults:
        when = _weekday(today - timedelta(days=rng.randint(4, 12)))
        _note(
            case,
            written,
            text=QUIET_NOTE.format(adult=case.adults[0].first_name),
            level=INTERNAL,
            at=_moment(when, 15, 30, now),
        )


def _moment(day: date, hour: int, minute: int, now: datetime) -> datetime:
    return min(timezone.make_aware(datetime.combine(day, time(hour, minute))), now)


def _fill(text: str, adult: Member | None, child: Member | None) -> str:
    return text.format(
        adult=adult.first_name if adult else "Forelderen",
        child=child.first_name if child else "Barnet",
    )


def _pick(
    rng: random.Random, texts: list[str], child: Member | None, recent: list[str] | None = None
) -> str:
    """One of `texts` that needs no child when there is none, and was not used lately."""
    usable = [t for t in texts if child is not None or "{child}" not in t]
    if recent is None:
        return rng.choice(usable)
    text = rng.choice([t for t in usable if t not in recent] or usable)
    recent.append(text)
    del recent[:-8]
    return text


def _contact(
    case: _Family, rng: random.Random, day: date, now: datetime, *, special: str, written: _Written
) -> None:
    kind = rng.choices(list(KIND_WEIGHTS), list(KIND_WEIGHTS.values()))[0]
    if special in ("start", "ended"):
        kind = rng.choice([K.HOME_VISIT, K.OFFICE_MEETING])
    elif special == "paused":
        kind = K.PHONE
    services_now = _partners_on(case, day)
    if kind == K.SERVICE_MEETING and not services_now:
        kind = K.PHONE
    if day.weekday() >= 5 and kind != K.MESSAGE and not special:
        kind = K.MESSAGE  # weekends: only a message now and then
    adult = rng.choice(case.adults) if case.adults else None
    school_age = [c for c in case.children if 6 <= c.age_on(day) <= 17]
    child = rng.choice(school_age) if school_age else None
    goal = measure = None
    if case.goals and special == "" and rng.random() < 0.3:
        goal = rng.choice(case.goals)
        open_measures = [m for m in case.measures.get(goal.pk, []) if m.status != "done"]
        if open_measures and rng.random() < 0.5:
            measure = rng.choice(open_measures)
    # What it was about: the linked goal, else mostly one of the plan's domains.
    planned = [g.domain.code for g in case.goals if g.domain.code in FRAGMENTS] or ["general"]
    if goal is not None and goal.domain.code in FRAGMENTS:
        topic = goal.domain.code
    elif rng.random() < 0.7:
        topic = rng.choice(planned)
    else:
        topic = rng.choice(sorted(FRAGMENTS))

    members: list[Member] = []
    partners: list[Partner] = []
    if kind == K.SERVICE_MEETING:
        partner = (
            measure.responsible_partner
            if measure is not None and measure.responsible_partner in services_now
            else rng.choice(services_now)
        )
        partners = [partner]
        fragment = rng.choice(SERVICE_FRAGMENTS.get(partner.kind, [SERVICE_DEFAULT]))
        summary = f"Møte med {partner.name} uten familien. {fragment}"
    elif kind == K.MESSAGE:
        members = [adult] if adult else []
        if rng.random() < 0.5:
            summary = f"Melding fra {_fill('{adult}', adult, child)}: "
            summary += _fill(_pick(rng, MESSAGES_FROM, child), adult, child)
        else:
            summary = f"Melding til {_fill('{adult}', adult, child)}: "
            summary += _fill(_pick(rng, MESSAGES_TO, child), adult, child)
    else:
        if kind in (K.HOME_VISIT, K.OFFICE_MEETING):
            members = list(case.adults)
            if child is not None and rng.random() < 0.25:
                members.append(child)
        elif adult is not None:
            members = [adult]
        lead = {
            K.HOME_VISIT: "Hjemmebesøk",
            K.OFFICE_MEETING: "Samtale på kontoret",
            K.PHONE: "Telefon med {adult}",
            K.VIDEO: "Videosamtale med {adult}",
        }[kind]
        if case.interpreter and kind != K.PHONE:
            lead += " og tolk" if kind == K.VIDEO else " med tolk"
        lead = _fill(lead, adult, child) + "."
        if special == "start":
            body = (
                "Første samtale: vi ble kjent, gikk gjennom hvordan oppfølgingen fungerer og "
                "hva familien selv ønsker hjelp til."
            )
        elif special == "ended":
            body = (
                "Avslutningssamtale: vi så tilbake på perioden og det familien har fått til. "
                "Familien vet hvordan de tar kontakt om de trenger det."
            )
        elif special == "paused":
            body = (
                "Familien reiser bort en lengre periode. Vi tar opp igjen oppfølgingen når de "
                "er tilbake."
            )
        else:
            parts = [_pick(rng, FRAGMENTS[topic], child, case.recent)]
            if rng.random() < 0.35:
                parts.append(_pick(rng, FRAGMENTS["general"], child, case.recent))
            if rng.random() < 0.3:
                parts.append(rng.choice(CLOSINGS))
            body = " ".join(_fill(p, adult, child) for p in dict.fromkeys(parts))
        summary = f"{lead} {body}"

    low, high = MINUTES[kind]
    minutes = rng.randint(low, high) if kind == K.MESSAGE else rng.randrange(low, high + 1, 5)
    at = _moment(day, rng.randint(*HOURS[kind]), rng.choice([0, 15, 30, 45]), now)
    contact = services.contact_record(
        family=case.family,
        by=case.by,
        at=at,
        kind=kind,
        minutes=minutes,
        summary=summary,
        members=members,
        partners=partners,
        goals=[goal] if goal is not None else [],
        measures=[measure] if measure is not None else [],
    )
    after = at + timedelta(minutes=minutes + rng.randint(5, 90))
    contact.recorded_at = min(after, now)
    written.contacts.append(contact)

    if special:  # the first talk, a pause and the end always get a note
        text = SPECIAL_NOTES[special]
        if special == "start" and case.goals:
            wishes = sorted({WISHES.get(g.domain.code, g.domain.name.lower()) for g in case.goals})
            wishes = " og ".join(
                [", ".join(wishes[:-1]), wishes[-1]] if len(wishes) > 1 else wishes
            )
            text = f"Familien ønsker særlig hjelp med {wishes}. {text}"
        _note(case, written, text=text, level=ORDINARY, contact=contact, at=after)
    elif kind != K.MESSAGE and rng.random() < 0.55:
        _contact_note(case, rng, contact, topic, adult, child, after, now, written)
    _time(case, rng, day, kind, partners, services_now)


def _contact_note(case, rng, contact, topic, adult, child, after, now, written) -> None:
    """About one note per two contacts: mostly ordinary, some internal, a few restricted."""
    at = min(after + timedelta(minutes=rng.randint(10, 120)), now)
    roll = rng.random()
    if roll < 0.05 and adult is not None:  # a concern the coordinator keeps restricted
        about = adult if rng.random() < 0.6 else None
        text = rng.choice(RESTRICTED_NOTES).format(name=adult.first_name)
        _note(case, written, text=text, level=RESTRICTED, about=about, contact=contact, at=at)
        return
    if roll < 0.25:
        texts = INTERNAL_NOTES + ([INTERPRETER_NOTE] if case.interpreter else [])
        _note(case, written, text=rng.choice(texts), level=INTERNAL, contact=contact, at=at)
        return
    if roll < 0.28:  # written with a slip, corrected a day or two later
        text, corrected, reason = rng.choice(CORRECTED)
        note = _note(
            case,
            written,
            text=_fill(text, adult, child),
            level=ORDINARY,
            contact=contact,
            at=at,
        )
        correction = services.note_correct(
            note=note, by=case.by, text=_fill(corrected, adult, child), reason=reason
        )
        correction.created_at = min(at + timedelta(days=rng.randint(1, 2), hours=1), now)
        written.notes.append(correction)
        return
    if roll < 0.5 and (case.adults or case.children):
        person = rng.choice(case.adults + case.children)
        age = person.age_on(contact.at.date())
        group = (
            "adult"
            if person.role in Member.ADULT_ROLES
            else "small"
            if age < 6
            else "child"
            if age < 13
            else "youth"
        )
        text = rng.choice(ABOUT[group]).format(name=person.first_name)
        _note(case, written, text=text, level=ORDINARY, about=person, contact=contact, at=at)
        return
    parts = [_pick(rng, FRAGMENTS[topic], child, case.recent), rng.choice(NEXT_STEPS[topic])]
    text = " ".join(_fill(p, adult, child) for p in parts)
    _note(case, written, text=text, level=ORDINARY, contact=contact, at=at)


def _note(case, written, *, text, level, at, about=None, contact=None, **share) -> Note:
    note = services.note_write(
        family=case.family,
        by=case.by,
        text=text,
        level=level,
        about=about,
        contact=contact,
        **share,
    )
    note.created_at = at
    written.notes.append(note)
    return note


def _partners_on(case: _Family, day: date) -> list[Partner]:
    return sorted(
        {p for p, start, end in case.partners if start <= day <= end}, key=lambda p: p.name
    )


def _time(case: _Family, rng: random.Random, day: date, kind: str, partners, services_now) -> None:
    """Travel to home visits, preparation for meetings, and coordination now and then."""
    if kind == K.HOME_VISIT and rng.random() < 0.55:
        services.time_record(
            family=case.family,
            by=case.by,
            on=day,
            kind=TimeEntry.Kind.TRAVEL,
            minutes=rng.randrange(15, 46, 5),
            note="Kjøring til og fra hjemmebesøket.",
        )
    elif kind in (K.OFFICE_MEETING, K.SERVICE_MEETING) and rng.random() < 0.3:
        services.time_record(
            family=case.family,
            by=case.by,
            on=day,
            kind=TimeEntry.Kind.PREPARATION,
            minutes=rng.randrange(15, 46, 5),
            note=f"Forberedte møtet med {partners[0].name}."
            if partners
            else "Forberedte samtalen.",
        )
    if services_now and rng.random() < 0.15:
        partner = rng.choice(services_now)
        services.time_record(
            family=case.family,
            by=case.by,
            on=day,
            kind=TimeEntry.Kind.COORDINATION,
            minutes=rng.randrange(10, 61, 5),
            note=f"Avklarte oppfølgingen med {partner.name} på telefon og e-post.",
        )


def _persona_script(case: _Family, today: date) -> None:
    """Familien Warsame: a note about Sagal shared with Lunde skole, an internal note, a
    restricted note about Hamza and a corrected note, in the last weeks."""
    family = case.family
    amina = family.members.get(first_name="Amina")
    hamza = family.members.get(first_name="Hamza")
    sagal = family.members.get(first_name="Sagal")
    school = Partner.objects.get(municipality_id=family.municipality_id, name="Lunde skole")
    sagal_goal = next((g for g in case.goals if g.member_id == sagal.pk), None)
    reading = [
        m
        for m in case.measures.get(sagal_goal.pk if sagal_goal else None, [])
        if m.responsible_partner_id
    ]
    now = timezone.now()
    # Working days in the last weeks, after the cooperation meeting at the school (45 days ago).
    reading_day, housing_day, hamza_day = (
        _weekday(today - timedelta(days=n)) for n in (43, 26, 19)
    )

    def sagal_reading(case, written):
        at = _moment(reading_day, 14, 0, now)
        contact = services.contact_record(
            family=family,
            by=case.by,
            at=at,
            kind=K.OFFICE_MEETING,
            minutes=45,
            summary="Samtale på kontoret med tolk. Amina og Sagal fortalte hvordan lesekurset "
            "har startet, og vi snakket om fritidsaktiviteter for Sagal.",
            members=[amina, sagal],
            goals=[sagal_goal] if sagal_goal else [],
            measures=reading[:1],
        )
        contact.recorded_at = at + timedelta(hours=1)
        written.contacts.append(contact)
        _note(
            case,
            written,
            text="Sagal har begynt på lesekurset på skolen to ganger i uka. Amina leser med "
            "henne ti minutter hver kveld, og Sagal sier selv at det går lettere å lese nå. "
            "Vi ble enige om at skolen gir beskjed hvis hun trenger mer støtte i friminuttene.",
            level=ORDINARY,
            about=sagal,
            contact=contact,
            at=at + timedelta(hours=2),
            shared_with_partner=school,
            shared_topic=Topic.SCHOOL,
        )

    def housing(case, written):
        at = _moment(housing_day, 11, 15, now)
        contact = services.contact_record(
            family=family,
            by=case.by,
            at=at,
            kind=K.PHONE,
            minutes=20,
            summary="Telefon med Amina og telefontolk. Søknaden om kommunal bolig er sendt.",
            members=[amina],
        )
        contact.recorded_at = at + timedelta(minutes=40)
        written.contacts.append(contact)
        note = _note(
            case,
            written,
            text="Søknaden om kommunal bolig er sendt. Boligkontoret regner med svar innen "
            "seks uker.",
            level=ORDINARY,
            contact=contact,
            at=at + timedelta(hours=1),
        )
        correction = services.note_correct(
            note=note,
            by=case.by,
            text="Søknaden om kommunal bolig er sendt. Boligkontoret regner med svar innen "
            "åtte uker.",
            reason="Boligkontoret har oppgitt åtte ukers saksbehandlingstid, ikke seks.",
        )
        correction.created_at = at + timedelta(days=1, hours=2)
        written.notes.append(correction)
        _note(
            case,
            written,
            text="Amina foretrekker kvinnelig tolk, og samtalene fungerer best med tolken til "
            "stede. Bestill tolk på somali til oppfølgingsmøtet på Lunde skole i god tid.",
            level=INTERNAL,
            contact=contact,
            at=at + timedelta(hours=1, minutes=10),
        )

    def hamza_talk(case, written):
        at = _moment(hamza_day, 15, 0, now)
        contact = services.contact_record(
            family=family,
            by=case.by,
            at=at,
            kind=K.OFFICE_MEETING,
            minutes=45,
            summary="Samtale på kontoret med Hamza om fotballtreningen og skolehverdagen.",
            members=[hamza],
        )
        contact.recorded_at = at + timedelta(hours=1)
        written.contacts.append(contact)
        # Restricted, and not tied to the contact: only the coordinator and the team lead
        # read it; the parents must not learn of it from the record.
        _note(
            case,
            written,
            text="Hamza tok selv opp at han har hatt det tungt en periode, blant annet med "
            "søvnen og med å finne seg til rette i klassen. Han ba om at foreldrene ikke får "
            "vite om samtalen nå; han vil fortelle det selv når han er klar. Jeg så ingen tegn "
            "til at han er i fare. Han har fått vite hvordan han når helsesykepleier på skolen, "
            "og sa ja til en ny samtale med meg om to uker. Vurderes på nytt da.",
            level=RESTRICTED,
            about=hamza,
            at=at + timedelta(hours=1, minutes=30),
        )

    case.scripted += [
        (reading_day, sagal_reading),
        (housing_day, housing),
        (hamza_day, hamza_talk),
    ]


def _weekday(day: date) -> date:
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return day
