"""The six outcome goals of Nye mønstre (MODEL.md §2): the shipped default life domains.

Their names are stored in bokmål as data and translated when shown (`Domain.label`); they
live in this small module so the translation check can require them in every family
language (families read them on their own pages).
"""

from django.utils.translation import gettext_noop

DEFAULT_DOMAINS = [
    ("housing", gettext_noop("Bolig")),
    ("economy", gettext_noop("Økonomi")),
    ("work", gettext_noop("Arbeid og aktivitet")),
    ("health", gettext_noop("Helse")),
    ("social", gettext_noop("Barnas fritid og sosiale liv")),
    ("school", gettext_noop("Barnehage og skole")),
]
DEFAULT_DOMAIN_NAMES = dict(DEFAULT_DOMAINS)
