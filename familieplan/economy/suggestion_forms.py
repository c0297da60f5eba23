"""A scheme worth checking becomes a measure in the family's plan in one step: under one of
the plan's goals, with the coordinator (the one pressing) or a family member responsible, and
a due date (two weeks ahead unless changed)."""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from familieplan.core.concurrency import SubmitOnceMixin
from familieplan.economy.catalogue import BY_CODE
from familieplan.families.forms.fields import DateField
from familieplan.plans import services as plan_services
from familieplan.plans.models import Goal, Measure, current_plan_of

ME = "me"


class MeasureForm(SubmitOnceMixin, forms.Form):
    scheme = forms.ChoiceField(choices=[(code, str(b.name)) for code, b in BY_CODE.items()])
    goal = forms.ModelChoiceField(
        label=_("Under målet"),
        queryset=None,
        error_messages={"required": _("Velg hvilket mål tiltaket hører til.")},
    )
    responsible = forms.ChoiceField(label=_("Ansvarlig"))
    due_on = DateField(label=_("Frist"))

    def __init__(self, *args, family, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.family = family
        plan = current_plan_of(family)
        self.plan = plan
        self.fields["goal"].queryset = plan.goals.all() if plan is not None else Goal.objects.none()
        self.fields["goal"].label_from_instance = lambda goal: goal.own_words[:80]
        adults = [m for m in family.current_members() if m.is_adult_role]
        self.fields["responsible"].choices = [
            (ME, _("Jeg (%(name)s)") % {"name": user.get_full_name() or user.get_username()}),
            *[(str(m.pk), m.full_name) for m in adults],
        ]
        self.members = {str(m.pk): m for m in adults}
        self.fields["due_on"].initial = timezone.localdate() + timedelta(days=14)

    @cached_property
    def goal_choices(self) -> list[tuple[object, str]]:
        """The plan's goals, read once for every suggestion's form on the page."""
        return [(goal.pk, goal.own_words[:80]) for goal in self.fields["goal"].queryset]

    @property
    def has_goals(self) -> bool:
        return bool(self.goal_choices)

    def save(self, *, by):
        data = self.cleaned_data
        name = str(BY_CODE[data["scheme"]].name)
        member = self.members.get(data["responsible"])
        return plan_services.measure_add(
            goal=data["goal"],
            by=by,
            what=str(_("Søke %(scheme)s")) % {"scheme": name.lower()},
            responsible_kind=Measure.Responsible.MEMBER
            if member
            else Measure.Responsible.COORDINATOR,
            responsible_user=None if member else by,
            responsible_member=member,
            due_on=data["due_on"],
        )
