"""The income schemes that ship with Familieplan (REFERENCE.md §3): code, name, payer and
whether the scheme's money counts as income for social assistance and for the low-income line.

Administrators add more schemes in the admin (a municipality's own, or national ones); the
built-in ones are loaded into `Scheme` after every migrate, so a new one here reaches every
installation without a data migration. Barnetrygd does not count as income for social
assistance since 1 September 2022 (REFERENCE.md §2b); every transfer counts for the low-income
line (SSB's income after tax includes transfers, §1).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from familieplan.lib.schemes import Scheme as Code

NAV = _("NAV")
MUNICIPALITY = _("Kommunen")


@dataclass(frozen=True)
class BuiltIn:
    code: str
    name: object
    payer: object
    counts_for_social_assistance: bool = True
    counts_for_low_income: bool = True
    #: Paid every 14 days by default (dagpenger); else monthly.
    every_14_days: bool = False


BUILT_IN: tuple[BuiltIn, ...] = (
    BuiltIn(Code.WORK, _("Arbeidsinntekt"), _("Arbeidsgiver")),
    BuiltIn(Code.BARNETRYGD, _("Barnetrygd"), NAV, counts_for_social_assistance=False),
    BuiltIn(
        Code.UTVIDET_BARNETRYGD, _("Utvidet barnetrygd"), NAV, counts_for_social_assistance=False
    ),
    BuiltIn(Code.SMABARNSTILLEGG, _("Småbarnstillegg"), NAV),
    BuiltIn(Code.KONTANTSTOTTE, _("Kontantstøtte"), NAV),
    BuiltIn(Code.OVERGANGSSTONAD, _("Overgangsstønad"), NAV),
    BuiltIn(Code.BARNETILSYN, _("Stønad til barnetilsyn"), NAV),
    BuiltIn(Code.BARNEBIDRAG, _("Barnebidrag"), _("Den andre forelderen")),
    BuiltIn(Code.BIDRAGSFORSKUDD, _("Bidragsforskudd"), NAV),
    BuiltIn(Code.BOSTOTTE, _("Bostøtte"), _("Husbanken (søkes via kommunen)")),
    BuiltIn(Code.SOSIALHJELP, _("Økonomisk sosialhjelp"), _("Kommunen (NAV-kontoret)")),
    BuiltIn(Code.KVALIFISERINGSSTONAD, _("Kvalifiseringsstønad (KVP)"), MUNICIPALITY),
    BuiltIn(Code.INTRODUKSJONSSTONAD, _("Introduksjonsstønad"), MUNICIPALITY),
    BuiltIn(Code.AAP, _("Arbeidsavklaringspenger (AAP)"), NAV),
    BuiltIn(Code.UFORETRYGD, _("Uføretrygd"), NAV),
    BuiltIn(Code.DAGPENGER, _("Dagpenger"), NAV, every_14_days=True),
    BuiltIn(Code.SYKEPENGER, _("Sykepenger"), _("Arbeidsgiver, så NAV")),
    BuiltIn(Code.FORELDREPENGER, _("Foreldrepenger"), NAV),
    BuiltIn(Code.ENGANGSSTONAD, _("Engangsstønad"), NAV),
    # A loan is no income; a grant paid with it may be: the source says so where it is.
    BuiltIn(
        Code.STARTLAN,
        pgettext_lazy("scheme", "Startlån og tilskudd"),
        _("Kommunen/Husbanken"),
        counts_for_social_assistance=False,
        counts_for_low_income=False,
    ),
)

BY_CODE = {scheme.code: scheme for scheme in BUILT_IN}
