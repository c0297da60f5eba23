"""The family's own forms for its economy: the staff forms (economy/forms.py, with the same
checks and messages) without what only the coordinator judges.

Left out: whether an income counts for social assistance or for the low-income line (the
scheme's own rule decides when the family adds an income or changes its scheme), where the
figure comes from (whatever the family enters or corrects is "the family said so"), and the
coordinator's remark. The person an income or expense is about is chosen among those whose
rows the family member sees (`economy_views.choosable`).
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from familieplan.core.concurrency import FORM_KEYS
from familieplan.economy.forms import BalanceForm, ExpenseForm, IncomeForm
from familieplan.economy.models import IncomeSource
from familieplan.families.models import Member

#: Fields of the staff forms the family never sees.
STAFF_ONLY = ("counts_for_social_assistance", "counts_for_low_income", "evidence", "note")
#: Whether an income counts for social assistance and for the low-income line.
COUNTS = ("counts_for_social_assistance", "counts_for_low_income")
#: What a form carries besides the row's content.
NOT_CONTENT = {*FORM_KEYS, "confirm_large"}


def _family_fields(form, members: QuerySet[Member]) -> None:
    for name in STAFF_ONLY:
        form.fields.pop(name, None)
    form.fields["member"].queryset = members
    form.fields["member"].label = capfirst(form.fields["member"].label)


class FamilyIncomeForm(IncomeForm):
    def __init__(self, *args, family, members: QuerySet[Member], **kwargs):
        super().__init__(*args, family=family, **kwargs)
        self.stored_counts = {name: getattr(self.instance, name) for name in COUNTS}
        _family_fields(self, members)
        self.fields["scheme"].label = _("Hva slags inntekt")

    def clean(self):
        """A new income, or one whose scheme changed, takes the scheme's rules of what
        counts; otherwise what the coordinator set stays."""
        data = super().clean()
        scheme = data.get("scheme")
        follow = self.instance._state.adding or "scheme" in self.changed_data
        for name in COUNTS:
            data.pop(name, None)  # not fields of this form: set on the row only
            value = getattr(scheme, name) if follow and scheme else self.stored_counts[name]
            setattr(self.instance, name, value)
        return data

    def row(self) -> IncomeSource:
        """The row to save (after `is_valid`): any change the family makes is the family's
        figure."""
        if set(self.changed_data) - NOT_CONTENT:
            self.instance.evidence = IncomeSource.Evidence.FAMILY_SAID
        return self.instance


class FamilyExpenseForm(ExpenseForm):
    def __init__(self, *args, family, members: QuerySet[Member], **kwargs):
        super().__init__(*args, family=family, **kwargs)
        _family_fields(self, members)
        self.fields["kind"].label = capfirst(self.fields["kind"].label)

    def row(self):
        return self.instance


class FamilyBalanceForm(BalanceForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["amount"].help_text = _(
            "Det dere har på konto ved starten av dagen. Kan være under null."
        )
