"""Mappings (kartlegging) for the synthetic dataset: every family that started in the programme
is mapped at intake, yearly while enrolled and at exit, with the answers, scores and score rows
`familieplan/mapping/services.py` would have written (`response_save`, `assessment_complete`,
`_values`), and the family's next mapping date (`refresh_schedule`).

Import only after `django.setup()`; used by benchmarks/synthetic.py (the `Generator` calls
`Mappings.add_family` for each active, paused and ended family and `Mappings.finish` before
loading). Draws from its own stream (seed + "-mapping"), so the families and their follow-up
record stay as they were without mappings.

What is filled in at each completed mapping (the programme's default settings: every 12
months, at exit, 30 days' grace):

- the family's rating of the six default life domains (1–10, and their mean);
- WHO-5 and Cantril's ladder for each adult;
- the household's living conditions (housing, moves, income, debt, bed and homework place);
- the living conditions of each child aged 0–17 on the day.

Each family, adult and child has a starting level and a yearly trend (a small improvement on
average, with spread) plus noise at each mapping, clamped to the scale; scores are computed by
the app's own scoring (`familieplan.mapping.scoring`), once per distinct set of answers.
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from math import exp
from operator import itemgetter

from familieplan.families.models import Family, Member
from familieplan.families.models.programme import DEFAULT_DOMAINS
from familieplan.mapping import schedule, scoring
from familieplan.mapping.models import Assessment, Instrument, Response, ScoreValue

MAPPING_TABLES = (Assessment, Response, ScoreValue)

#: The programme's default mapping settings (ProgrammeSettings), which every generated
#: municipality keeps.
INTERVAL_MONTHS = 12
AT_EXIT = True
GRACE_DAYS = 30
#: At most this many mappings per family (intake and four yearly, or fewer with an exit).
MAX_MAPPINGS = 5
MAX_YEARLY = 4

#: When a mapping is held, relative to its due date: most within the grace days, some late,
#: a few never (the open occasion then stays late on the family, as in the app).
MISSED_INTAKE = 0.005
MISSED_YEARLY = 0.025
LATE_SHARE = 0.13  # held 31 days or more after the due date (mean 31 + 30 days)
MEAN_LATE_DAYS = 30
#: Ended families: share without an exit mapping (they left without one).
MISSED_EXIT = 0.15
#: A yearly mapping falling this close before the end is replaced by the exit mapping.
EXIT_REPLACES_DAYS = 90

#: The instruments filled in, by key (the newest active version of each is used).
DOMAIN_RATING, WHO5, CANTRIL, HOUSEHOLD, CHILD = (
    "domain-rating",
    "who5",
    "cantril",
    "living-household",
    "living-child",
)
#: answered_by, with weights.
ANSWERED_BY = {
    DOMAIN_RATING: (("with_coordinator", 0.7), ("self", 0.3)),
    WHO5: (("self", 0.6), ("with_coordinator", 0.4)),
    CANTRIL: (("self", 0.6), ("with_coordinator", 0.4)),
    HOUSEHOLD: (("with_coordinator", 0.8), ("coordinator", 0.2)),
    CHILD: (("with_coordinator", 0.8), ("coordinator", 0.2)),
}
#: Housing (the family's address) shifts the household's starting level.
HOUSING_SHIFT = {"temporary": -1.2, "municipal": 0.1, "rented": 0.0, "owned": 0.8, "other": -0.3}
#: Years over which a trend keeps acting (improvement levels off after that).
TREND_YEARS = 3.0

#: Columns, in the order the rows are built.
COLUMNS = {
    Assessment: (
        "id",
        "municipality_id",
        "family_id",
        "enrolment_id",
        "occasion",
        "number",
        "due_on",
        "held_on",
        "cohort",
        "status",
        "created_by_id",
        "created_at",
        "completed_by_id",
        "completed_at",
        "on_time",
    ),
    Response: (
        "id",
        "municipality_id",
        "assessment_id",
        "instrument_id",
        "instrument_key",
        "member_id",
        "answered_by",
        "answers",
        "status",
        "scores",
        "unscored",
        "flags",
        "categories",
        "filled_by_id",
        "updated_at",
    ),
    ScoreValue: (
        "id",
        "municipality_id",
        "response_id",
        "assessment_id",
        "family_id",
        "member_id",
        "unit_id",
        "cohort",
        "occasion",
        "number",
        "held_on",
        "instrument_key",
        "score_key",
        "value",
        "category",
        "baseline",
        "family_first",
    ),
}


@dataclass(frozen=True)
class Scored:
    """One set of answers as `response_save` stores it, and the score rows
    `assessment_complete` makes of it: (score key, value, category)."""

    answers: dict
    scores: dict
    unscored: dict
    flags: list
    categories: dict
    values: tuple[tuple[str, float | None, str], ...]


def clamp(value: float, low: int, high: int) -> int:
    number = round(value)
    return low if number < low else high if number > high else number


class Mappings:
    """Builds the mapping rows of one dataset (see the module docstring)."""

    def __init__(self, generator) -> None:
        self.gen = generator
        self.rng = random.Random(f"{generator.seed}-mapping")
        self.today = generator.today
        newest: dict[str, Instrument] = {}
        for instrument in Instrument.objects.filter(active=True).order_by("key", "-version"):
            newest.setdefault(instrument.key, instrument)
        missing = {DOMAIN_RATING, WHO5, CANTRIL, HOUSEHOLD, CHILD} - set(newest)
        if missing:
            raise SystemExit(f"Instruments missing (run migrate first): {sorted(missing)}")
        self.instrument_ids = {key: i.pk for key, i in newest.items()}
        self.specs = {key: i.spec for key, i in newest.items()}
        # The domain rating as every generated municipality answers it (its six default
        # domains; catalogue.spec_for adds them the same way).
        self.domain_codes = [code for code, _ in DEFAULT_DOMAINS]
        self.specs[DOMAIN_RATING] = self.specs[DOMAIN_RATING].with_domains(
            [(code, str(label)) for code, label in DEFAULT_DOMAINS]
        )
        self.kinds = {
            key: {rule.key: rule.kind for rule in spec.scores} for key, spec in self.specs.items()
        }
        self.cache: dict[tuple, Scored] = {}
        self.bundles: list[tuple] = []  # (completed_at, assessment id, rows by model)
        self.no_unscored: dict = {}
        self.no_flags: list = []
        self.no_categories: dict = {}
        self.check_domain_rating()

    # --- scoring ------------------------------------------------------------------------------

    def scored(self, key: str, answers: tuple[int, ...]) -> Scored:
        """Answers (in item order) cleaned and scored by the app's own rules; cached."""
        cache_key = (key, answers)
        found = self.cache.get(cache_key)
        if found is None:
            spec = self.specs[key]
            raw = {item.key: value for item, value in zip(spec.items, answers, strict=True)}
            cleaned, problems = scoring.clean_answers(spec, raw, final=True)
            if problems:
                raise ValueError(f"{key}: {raw} does not pass: {problems}")
            result = scoring.score(spec, cleaned)
            flags = [
                {"key": f.key, "reason": dict(f.reason.values), "detail": f.detail}
                for f in result.flags
            ]
            found = Scored(
                cleaned,
                result.scores,
                result.unscored,
                flags,
                result.categories,
                tuple(self.values(key, result.scores, result.categories)),
            )
            self.cache[cache_key] = found
        return found

    def values(self, key: str, scores: dict, categories: dict):
        """As services._values: an amount as a number, a categorical score (and each category
        rule) as its category."""
        kinds = self.kinds[key]
        for score_key, value in scores.items():
            if value is None:
                continue
            if kinds.get(score_key) == "categorical":
                yield score_key, None, f"{value:g}"
            else:
                yield score_key, float(value), ""
        for category_key, group in categories.items():
            if group is not None:
                yield f"category:{category_key}", None, group

    def domain_rating(self, ratings: list[int]) -> Scored:
        """The domain rating, scored directly (a million distinct answer sets; the scoring
        rule is an item per domain and their mean — `check_domain_rating` holds it to the
        app's scoring)."""
        answers = {f"domain:{code}": v for code, v in zip(self.domain_codes, ratings, strict=True)}
        scores = {key: float(v) for key, v in answers.items()}
        scores["mean"] = sum(ratings) / len(ratings)
        values = tuple((key, value, "") for key, value in scores.items())
        return Scored(answers, scores, self.no_unscored, self.no_flags, self.no_categories, values)

    def check_domain_rating(self) -> None:
        spec = self.specs[DOMAIN_RATING]
        for ratings in ([1, 2, 3, 4, 5, 6], [7, 7, 8, 10, 9, 3], [10] * 6):
            mine = self.domain_rating(ratings)
            result = scoring.score(spec, mine.answers)
            expected = tuple(self.values(DOMAIN_RATING, result.scores, result.categories))
            assert (mine.scores, mine.values) == (result.scores, expected), (mine, result)
            assert not result.flags and not result.unscored

    # --- one family ---------------------------------------------------------------------------

    def moment(self, day: date) -> datetime:
        """A working-hours moment on `day` (08:00–15:59 in Oslo, as UTC), never in the future."""
        gen = self.gen
        start = gen.day_starts.get(day)
        if start is None:
            start = datetime(day.year, day.month, day.day, 8, tzinfo=gen.tz).astimezone(UTC)
            gen.day_starts[day] = start
        moment = start + timedelta(minutes=int(self.rng.random() * 480))
        return moment if moment < gen.now else gen.now

    def held_on(self, occasion: schedule.Occasion, line, ended: date | None) -> date | None:
        """The day a planned occasion was held, or None (missed, not yet held, or after the
        end)."""
        rng = self.rng
        r = rng.random
        due = occasion.due_on
        if occasion.kind == schedule.EXIT:
            if r() < MISSED_EXIT:
                return None
            if r() < LATE_SHARE:
                held = due + timedelta(days=GRACE_DAYS + 1 + int(rng.expovariate(1 / 20)))
            else:
                held = due + timedelta(days=int(r() * 45) - 14)  # two weeks before to a month after
        else:
            u = r()
            if u < (MISSED_INTAKE if occasion.kind == schedule.INTAKE else MISSED_YEARLY):
                return None
            if u < LATE_SHARE:
                offset = GRACE_DAYS + 1 + int(rng.expovariate(1 / MEAN_LATE_DAYS))
            elif occasion.kind == schedule.INTAKE:
                offset = min(int(rng.expovariate(1 / 8)), GRACE_DAYS)
            else:
                offset = clamp(rng.gauss(3, 11), -GRACE_DAYS, GRACE_DAYS)
            held = due + timedelta(days=offset)
            if line.pause:  # a pause puts the mapping off until the family is back
                paused, resumed = line.pause
                if paused <= held and (resumed is None or held < resumed):
                    if resumed is None:
                        return None
                    held = resumed + timedelta(days=int(rng.expovariate(1 / 14)))
            if ended is not None and held >= ended - timedelta(days=EXIT_REPLACES_DAYS):
                return None
        held = max(held, line.started)
        return held if held <= self.today else None

    def add_family(
        self,
        *,
        tenant: dict,
        unit_id: int,
        stage: str,
        line,
        planned_end: date | None,
        enrolment_id: uuid.UUID,
        members: list[dict],
        member_ids: list[uuid.UUID],
        coordinators,
        housing: str,
    ) -> tuple[date | None, date | None]:
        """The mappings of one enrolled family; returns (mapping_due_on, mapping_late_on)."""
        started, ended = line.started, line.ended

        def plan(done):
            return schedule.occasions(
                started_on=started,
                planned_end=planned_end,
                ended_on=ended,
                interval_months=INTERVAL_MONTHS,
                at_exit=AT_EXIT,
                grace=GRACE_DAYS,
                done=done,
                today=self.today,
            )

        held = []
        for occasion in plan({}):
            if occasion.kind == schedule.YEARLY and occasion.number > MAX_YEARLY:
                continue
            if occasion.kind == schedule.EXIT and ended is None:
                continue  # still enrolled: the exit mapping lies ahead
            day = self.held_on(occasion, line, ended)
            if day is not None:
                held.append((occasion, day))
        while len(held) > MAX_MAPPINGS:  # drop the last yearly one (the exit replaced it)
            last = max(i for i, (o, _) in enumerate(held) if o.kind == schedule.YEARLY)
            del held[last]

        if held:
            people = self.people(members, member_ids, housing)
            intake: dict = {}  # (instrument, score, member) → value at the intake mapping
            for occasion, day in held:
                self.add_mapping(
                    tenant,
                    unit_id,
                    started,
                    occasion,
                    day,
                    people,
                    coordinators,
                    enrolment_id,
                    intake,
                )

        following = schedule.next_open(
            plan({(o.kind, o.number): day for o, day in held}), ended=stage == Family.Stage.ENDED
        )
        if following is None:
            return None, None
        return following.due_on, schedule.late_from(following.due_on, GRACE_DAYS)

    def people(self, members, member_ids, housing) -> dict:
        """Starting levels and yearly trends of the family, its adults and its children."""
        g = self.rng.gauss
        family_level = g(0, 0.8)
        return {
            "domains": [g(4.6 + family_level, 1.3) for _ in self.domain_codes],
            "domain_trend": g(0.45, 0.45),
            "household": g(HOUSING_SHIFT.get(housing, 0.0), 0.9),
            "household_trend": g(0.25, 0.3),
            "temporary": housing == "temporary",
            "adults": [
                (member_id, g(11.5 + 2 * family_level, 4.0), g(1.3, 1.6), g(4.6, 1.7), g(0.4, 0.5))
                for member, member_id in zip(members, member_ids, strict=True)
                if member["role"] in Member.ADULT_ROLES
            ],
            "children": [
                (member_id, member["birth_date"], g(0, 1), g(0.2, 0.3))
                for member, member_id in zip(members, member_ids, strict=True)
                if member["role"] not in Member.ADULT_ROLES
            ],
        }

    def answered_by(self, key: str) -> str:
        (first, share), (second, _) = ANSWERED_BY[key]
        return first if self.rng.random() < share else second

    def add_mapping(
        self, tenant, unit_id, started, occasion, day, people, coordinators, enrolment_id, intake
    ) -> None:
        """One completed mapping: the assessment, a response per instrument and person, and
        the score rows; a later mapping's rows carry the intake value (`baseline`) and one
        row per family for each (instrument, score) is marked `family_first`, as
        services.link_baselines leaves them (the intake is always the first mapping here)."""
        rng = self.rng
        r, g = rng.random, rng.gauss
        uid = self.gen.uuid_from
        municipality_id, family_id = tenant["municipality_id"], tenant["family_id"]
        years = min((day - started).days / 365.25, TREND_YEARS)
        by = coordinators.on(day, r)
        created_at = self.moment(day)
        if r() < 0.8:  # completed at the meeting, else within ten days
            completed_at = created_at + timedelta(minutes=30 + int(r() * 90))
        else:
            completed_at = created_at + timedelta(days=1 + int(r() * 10), minutes=int(r() * 60))
        completed_at = min(completed_at, self.gen.now)
        kind = occasion.kind
        number = occasion.number if kind == schedule.YEARLY else 0
        cohort = started.year
        assessment_id = uid(rng)
        on_time = abs((day - occasion.due_on).days) <= GRACE_DAYS

        filled: list[tuple[str, uuid.UUID | None, Scored]] = []
        trend = people["domain_trend"] * years
        filled.append(
            (
                DOMAIN_RATING,
                None,
                self.domain_rating(
                    [clamp(level + trend + g(0, 0.9), 1, 10) for level in people["domains"]]
                ),
            )
        )
        for member_id, who5, who5_trend, ladder, ladder_trend in people["adults"]:
            item = (who5 + who5_trend * years + g(0, 2.0)) / 5
            answers = tuple(clamp(item + g(0, 0.7), 0, 5) for _ in range(5))
            filled.append((WHO5, member_id, self.scored(WHO5, answers)))
            now = clamp(ladder + ladder_trend * years + g(0, 0.9), 0, 10)
            future = clamp(now + g(2.0, 1.4), 0, 10)
            filled.append((CANTRIL, member_id, self.scored(CANTRIL, (now, future))))
        filled.append((HOUSEHOLD, None, self.scored(HOUSEHOLD, self.household(people, years))))
        for member_id, born, level, child_trend in people["children"]:
            age = day.year - born.year - ((day.month, day.day) < (born.month, born.day))
            if not 0 <= age <= 17:  # not born yet, or grown up (living-child: 0–17)
                continue
            answers = self.child(age, level + child_trend * years, years)
            filled.append((CHILD, member_id, self.scored(CHILD, answers)))

        responses, values = [], []
        later = kind != schedule.INTAKE
        first: dict = {}  # (instrument, score) → (member, row index) of the family's row
        updated_at = created_at
        step = (completed_at - created_at) / (len(filled) + 1)
        for key, member_id, result in filled:
            response_id = uid(rng)
            updated_at += step
            responses.append(
                (
                    response_id,
                    municipality_id,
                    assessment_id,
                    self.instrument_ids[key],
                    key,
                    member_id,
                    self.answered_by(key),
                    result.answers,
                    Response.Status.FINAL,
                    result.scores,
                    result.unscored,
                    result.flags,
                    result.categories,
                    by,
                    updated_at,
                )
            )
            for score_key, value, category in result.values:
                baseline = None
                if value is not None:
                    if later:
                        baseline = intake.get((key, score_key, member_id))
                        if baseline is not None:
                            # link_baselines marks the first row by member (NULL last).
                            mark = (key, score_key)
                            if mark not in first or (
                                member_id is not None and member_id < first[mark][0]
                            ):
                                first[mark] = (member_id, len(values))
                    else:
                        intake[key, score_key, member_id] = value
                values.append(
                    (
                        uid(rng),
                        municipality_id,
                        response_id,
                        assessment_id,
                        family_id,
                        member_id,
                        unit_id,
                        cohort,
                        kind,
                        number,
                        day,
                        key,
                        score_key,
                        value,
                        category,
                        baseline,
                        False,
                    )
                )
        for _, index in first.values():
            values[index] = (*values[index][:-1], True)
        assessment = (
            assessment_id,
            municipality_id,
            family_id,
            enrolment_id,
            kind,
            number,
            occasion.due_on,
            day,
            cohort,
            Assessment.Status.COMPLETED,
            by,
            created_at,
            by,
            completed_at,
            on_time,
        )
        self.bundles.append((completed_at, assessment_id.int, assessment, responses, values))

    def household(self, people, years) -> tuple[int, ...]:
        """housing_standard, housing_security, moves, income_level, debt, bed_and_homework."""
        r, g = self.rng.random, self.rng.gauss
        level = people["household"] + people["household_trend"] * years

        def z() -> float:
            return level + g(0, 0.8)

        def cut(value: float, limits: tuple[float, ...]) -> int:
            return 1 + sum(value >= limit for limit in limits)

        security = 1 if people["temporary"] and r() < 0.6 else cut(z(), (-1.2, 0.0))
        moves_mean = 0.5 * exp(-0.6 * z())  # about one move in three years, more when worse off
        moves = 0
        while r() < moves_mean / (1 + moves_mean) and moves < 20:
            moves += 1
        return (
            cut(z(), (-1.0, 0.3)),
            security,
            moves,
            cut(z(), (0.3, 1.1)),
            cut(z(), (-1.2, -0.2, 1.0)),
            1 if z() > -1.4 else 0,
        )

    def child(self, age: int, level: float, years: float) -> tuple[int, ...]:
        """attendance, school_wellbeing, organised_activity, friends."""
        r, g = self.rng.random, self.rng.gauss
        z = level + g(0, 0.7)
        attendance = 0 if age < 1 else 1 + (z >= -1.3) + (z >= -0.3)
        wellbeing = clamp(3.3 + 0.9 * z + g(0, 0.5), 1, 5)
        activity = 1 if age >= 4 and r() < 0.3 + 0.07 * years + 0.1 * z else 0
        friends = 1 if r() < 0.72 + 0.04 * years + 0.08 * z else 0
        return attendance, wellbeing, activity, friends

    # --- rows ---------------------------------------------------------------------------------

    def finish(self) -> None:
        """Hand the rows to the generator in the order they were written (by completion), so
        a municipality's and a family's mappings lie scattered over the tables as after years
        of use."""
        self.bundles.sort(key=itemgetter(0, 1))
        assessments, responses, values = [], [], []
        for _, _, assessment, response_rows, value_rows in self.bundles:
            assessments.append(assessment)
            responses.extend(response_rows)
            values.extend(value_rows)
        self.bundles = []
        for model, rows in ((Assessment, assessments), (Response, responses), (ScoreValue, values)):
            self.gen.columns[model] = COLUMNS[model]
            self.gen.rows[model] = rows


def link_baselines() -> None:
    """Give every later score its intake value and mark one row per family and score, as
    `familieplan.mapping.services.link_baselines` does when a mapping is completed — in two
    SQL statements instead of one call per enrolment (9 minutes at 100,000 families).

    `Mappings` already writes `baseline` and `family_first` with the rows (as the services
    leave them; the load's index builds then take them in), so after `Generator.build()`
    this returns at once: updating 3.8 million rows again would only double the table and
    its `score_change` index (2.7 GB instead of 1.2 GB, measured) and make the benchmark
    read a bloated table no real database has. The updates are for score rows loaded
    without their intake values."""
    from django.db import connection

    from familieplan.mapping.models import ScoreValue

    if ScoreValue.objects.filter(baseline__isnull=False).exists():
        return
    with connection.cursor() as cursor:
        cursor.execute(
            """
            UPDATE mapping_scorevalue SET baseline = (
                SELECT a.value FROM mapping_scorevalue a
                WHERE a.family_id = mapping_scorevalue.family_id AND a.occasion = 'intake'
                  AND a.instrument_key = mapping_scorevalue.instrument_key
                  AND a.score_key = mapping_scorevalue.score_key
                  AND COALESCE(a.member_id, a.family_id)
                      = COALESCE(mapping_scorevalue.member_id, mapping_scorevalue.family_id)
                  AND a.value IS NOT NULL
                LIMIT 1
            )
            WHERE occasion IN ('yearly', 'exit') AND value IS NOT NULL
            """
            if connection.vendor == "sqlite"
            else """
            UPDATE mapping_scorevalue b SET baseline = a.value
            FROM mapping_scorevalue a
            WHERE a.family_id = b.family_id AND a.occasion = 'intake'
              AND b.occasion IN ('yearly', 'exit')
              AND a.instrument_key = b.instrument_key AND a.score_key = b.score_key
              AND COALESCE(a.member_id, a.family_id) = COALESCE(b.member_id, b.family_id)
              AND a.value IS NOT NULL AND b.value IS NOT NULL
            """
        )
        cursor.execute(
            """
            UPDATE mapping_scorevalue SET family_first = 1 WHERE id IN (
                SELECT MIN(id) FROM mapping_scorevalue WHERE baseline IS NOT NULL
                GROUP BY assessment_id, instrument_key, score_key)
            """
            if connection.vendor == "sqlite"
            else """
            UPDATE mapping_scorevalue s SET family_first = true FROM (
                SELECT DISTINCT ON (assessment_id, instrument_key, score_key) id
                FROM mapping_scorevalue WHERE baseline IS NOT NULL
                ORDER BY assessment_id, instrument_key, score_key, member_id) f
            WHERE s.id = f.id
            """
        )
