"""Income schemes worth checking for a household (REFERENCE.md §3).

Suggestions, never decisions: each says which scheme may be worth asking about and why
(:class:`Reason`); whether the family qualifies is for the payer (NAV, the municipality,
Husbanken) to decide. The rules, in the order suggestions are returned:

* barnetrygd — a child under 18;
* utvidet barnetrygd — a single parent with a child under 18;
* småbarnstillegg — a single parent receiving overgangsstønad with a child under 3;
* kontantstøtte — a child aged 1 or 2 not in full-time kindergarten;
* overgangsstønad — a single parent with a child under 18 (the scheme's own age limit for the
  youngest child is for NAV to check, so the suggestion only names the children under 18);
* stønad til barnetilsyn — a single parent who pays for childcare (kindergarten or
  after-school programme);
* bidragsforskudd — a single parent with a child under 18 who receives neither barnebidrag
  nor bidragsforskudd;
* bostøtte — the household pays rent and is known to be below the low-income line;
* økonomisk sosialhjelp — the household is known to be below the social-assistance norm
  (the estimate in :mod:`familieplan.lib.assistance` is above 0).

A scheme the household already receives is never suggested, and each scheme is suggested at
most once. An unknown fact (None) never produces a suggestion. Receiving a scheme only
removes suggestions, with one exception: receiving overgangsstønad is what makes
småbarnstillegg worth checking.
"""

import enum
from dataclasses import dataclass
from typing import Any

__all__ = [
    "RULE_VERSION",
    "SUGGESTION_ORDER",
    "Household",
    "Reason",
    "Scheme",
    "Suggestion",
    "suggest",
]

#: Version of the rules; store it with any suggestion kept.
RULE_VERSION = "familieplan.schemes/1"

_CHILD_AGE_LIMIT = 18
_SMALL_CHILD_AGE_LIMIT = 3
_KONTANTSTOTTE_AGES = (1, 2)


class Scheme(enum.StrEnum):
    """An income scheme a family may have (REFERENCE.md §3). The value is what gets stored."""

    WORK = "work"
    BARNETRYGD = "barnetrygd"
    UTVIDET_BARNETRYGD = "utvidet_barnetrygd"
    SMABARNSTILLEGG = "smabarnstillegg"
    KONTANTSTOTTE = "kontantstotte"
    OVERGANGSSTONAD = "overgangsstonad"
    BARNETILSYN = "stonad_barnetilsyn"
    BARNEBIDRAG = "barnebidrag"
    BIDRAGSFORSKUDD = "bidragsforskudd"
    BOSTOTTE = "bostotte"
    SOSIALHJELP = "sosialhjelp"
    KVALIFISERINGSSTONAD = "kvalifiseringsstonad"
    INTRODUKSJONSSTONAD = "introduksjonsstonad"
    AAP = "aap"
    UFORETRYGD = "uforetrygd"
    DAGPENGER = "dagpenger"
    SYKEPENGER = "sykepenger"
    FORELDREPENGER = "foreldrepenger"
    ENGANGSSTONAD = "engangsstonad"
    STARTLAN = "startlan"


#: The schemes :func:`suggest` can suggest, in the order it returns them.
SUGGESTION_ORDER: tuple[Scheme, ...] = (
    Scheme.BARNETRYGD,
    Scheme.UTVIDET_BARNETRYGD,
    Scheme.SMABARNSTILLEGG,
    Scheme.KONTANTSTOTTE,
    Scheme.OVERGANGSSTONAD,
    Scheme.BARNETILSYN,
    Scheme.BIDRAGSFORSKUDD,
    Scheme.BOSTOTTE,
    Scheme.SOSIALHJELP,
)


class Reason(enum.StrEnum):
    """Why a scheme is suggested: one code per rule. The value is what gets stored."""

    CHILD_UNDER_18 = "child_under_18"  # barnetrygd
    SINGLE_PARENT_WITH_CHILD = "single_parent_with_child"  # utvidet barnetrygd
    SINGLE_PARENT_OVERGANGSSTONAD_CHILD_UNDER_3 = (
        "single_parent_overgangsstonad_child_under_3"  # småbarnstillegg
    )
    CHILD_1_2_NOT_FULL_TIME_KINDERGARTEN = "child_1_2_not_full_time_kindergarten"  # kontantstøtte
    # Overgangsstønad: a single parent with a child under 18; NAV checks the scheme's age limit.
    SINGLE_PARENT_CHILD_AGE_FOR_NAV = "single_parent_child_age_for_nav"
    SINGLE_PARENT_CHILDCARE = "single_parent_childcare"  # stønad til barnetilsyn
    SINGLE_PARENT_NO_MAINTENANCE = "single_parent_no_maintenance"  # bidragsforskudd
    RENT_LOW_INCOME = "rent_low_income"  # bostøtte
    BELOW_ASSISTANCE_NORM = "below_assistance_norm"  # økonomisk sosialhjelp


def _bool(name: str, value: Any, *, optional: bool = False) -> None:
    if optional and value is None:
        return
    if not isinstance(value, bool):
        raise TypeError(f"{name} must be a bool{' or None' if optional else ''}")


@dataclass(frozen=True)
class Household:
    """What is known about a household. ``full_time_kindergarten`` is aligned with
    ``child_ages``; None for a below-line fact means not known; ``receiving`` holds the
    :class:`Scheme` values the household already receives."""

    child_ages: tuple[int, ...]
    adults: int
    single_parent: bool
    full_time_kindergarten: tuple[bool, ...]
    pays_rent: bool
    pays_childcare: bool
    below_low_income_line: bool | None
    below_assistance_norm: bool | None
    receiving: frozenset[str]

    def __post_init__(self) -> None:
        ages = tuple(self.child_ages)
        for age in ages:
            if isinstance(age, bool) or not isinstance(age, int):
                raise TypeError("child ages must be ints")
            if age < 0:
                raise ValueError("a child's age must not be negative")
        object.__setattr__(self, "child_ages", ages)
        if isinstance(self.adults, bool) or not isinstance(self.adults, int):
            raise TypeError("adults must be an int")
        if self.adults < 0:
            raise ValueError("adults must not be negative")
        kindergarten = tuple(self.full_time_kindergarten)
        if len(kindergarten) != len(ages):
            raise ValueError("full_time_kindergarten must have one entry per child age")
        for flag in kindergarten:
            _bool("full_time_kindergarten", flag)
        object.__setattr__(self, "full_time_kindergarten", kindergarten)
        _bool("single_parent", self.single_parent)
        _bool("pays_rent", self.pays_rent)
        _bool("pays_childcare", self.pays_childcare)
        _bool("below_low_income_line", self.below_low_income_line, optional=True)
        _bool("below_assistance_norm", self.below_assistance_norm, optional=True)
        if isinstance(self.receiving, str):
            raise TypeError("receiving must be a collection of scheme values, not a str")
        try:
            receiving = frozenset(Scheme(value) for value in self.receiving)
        except ValueError as error:
            raise ValueError(f"receiving: {error}") from None
        object.__setattr__(self, "receiving", receiving)


@dataclass(frozen=True)
class Suggestion:
    """A scheme worth checking, why, and the child ages the reason is about."""

    scheme: Scheme
    reason: Reason
    children: tuple[int, ...] = ()


def suggest(household: Household) -> list[Suggestion]:
    """Schemes worth checking for ``household``, in the order of the module's rules."""
    if not isinstance(household, Household):
        raise TypeError("household must be a Household")
    h = household
    under_18 = tuple(age for age in h.child_ages if age < _CHILD_AGE_LIMIT)
    under_3 = tuple(age for age in under_18 if age < _SMALL_CHILD_AGE_LIMIT)
    home_1_2 = tuple(
        age
        for age, full_time in zip(h.child_ages, h.full_time_kindergarten, strict=True)
        if age in _KONTANTSTOTTE_AGES and not full_time
    )
    single_with_child = h.single_parent and bool(under_18)
    no_maintenance = not ({Scheme.BARNEBIDRAG, Scheme.BIDRAGSFORSKUDD} & h.receiving)

    candidates = (
        (Scheme.BARNETRYGD, Reason.CHILD_UNDER_18, bool(under_18), under_18),
        (Scheme.UTVIDET_BARNETRYGD, Reason.SINGLE_PARENT_WITH_CHILD, single_with_child, under_18),
        (
            Scheme.SMABARNSTILLEGG,
            Reason.SINGLE_PARENT_OVERGANGSSTONAD_CHILD_UNDER_3,
            h.single_parent and Scheme.OVERGANGSSTONAD in h.receiving and bool(under_3),
            under_3,
        ),
        (
            Scheme.KONTANTSTOTTE,
            Reason.CHILD_1_2_NOT_FULL_TIME_KINDERGARTEN,
            bool(home_1_2),
            home_1_2,
        ),
        (
            Scheme.OVERGANGSSTONAD,
            Reason.SINGLE_PARENT_CHILD_AGE_FOR_NAV,
            single_with_child,
            under_18,
        ),
        (
            Scheme.BARNETILSYN,
            Reason.SINGLE_PARENT_CHILDCARE,
            h.single_parent and h.pays_childcare,
            (),
        ),
        (
            Scheme.BIDRAGSFORSKUDD,
            Reason.SINGLE_PARENT_NO_MAINTENANCE,
            single_with_child and no_maintenance,
            under_18,
        ),
        (
            Scheme.BOSTOTTE,
            Reason.RENT_LOW_INCOME,
            h.pays_rent and h.below_low_income_line is True,
            (),
        ),
        (Scheme.SOSIALHJELP, Reason.BELOW_ASSISTANCE_NORM, h.below_assistance_norm is True, ()),
    )
    return [
        Suggestion(scheme=scheme, reason=reason, children=children)
        for scheme, reason, applies, children in candidates
        if applies and scheme not in h.receiving
    ]
