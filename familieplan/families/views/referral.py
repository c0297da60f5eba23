"""Register a referral: the family, its members, first address and why it was referred."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from familieplan.core.access import Action, log_access
from familieplan.core.concurrency import ALREADY_SAVED, create_once
from familieplan.core.form_pages import already_submitted
from familieplan.core.kept_forms import restore_kept
from familieplan.families import services
from familieplan.families.access import family_subject, units_for_new_families
from familieplan.families.forms.household import (
    HouseholdFormSet,
    OptionalAddressForm,
    ReferralForm,
)
from familieplan.families.models import Referral


def referral_create(request):
    units = units_for_new_families(request.user)
    if not units.exists():
        raise PermissionDenied
    data = request.POST if request.method == "POST" else None
    form = ReferralForm(data, units=units, prefix="referral")
    # Identity numbers are unique per municipality: check against the chosen unit's. An
    # unknown unit falls back to the first; the form itself then refuses the choice.
    chosen = request.POST.get("referral-unit", "") if data else ""
    unit = units.filter(pk=chosen).first() if chosen.isdigit() and len(chosen) < 10 else None
    unit = unit or units.first()
    household = HouseholdFormSet(data, prefix="members", municipality=unit.municipality)
    address = OptionalAddressForm(data, prefix="address")
    # The same form sent twice (a double click, the back button) registers one family.
    within = {"municipality_id": unit.municipality_id}
    if data and (first := already_submitted(form, Referral, within=within)) is not None:
        messages.info(request, ALREADY_SAVED)
        return redirect("families:detail", family_id=first.family_id)
    if data and form.is_valid() and household.is_valid() and address.is_valid():
        try:
            referral, _first = create_once(
                Referral,
                within=within,
                token=form.submit_token,
                create=lambda: services.referral_register(
                    unit=form.cleaned_data["unit"],
                    by=request.user,
                    family_name=form.cleaned_data["family_name"],
                    referral=form.referral_data(),
                    members=[f.member_data() for f in household.forms if f.has_changed()],
                    address=address.address_data() if address.has_address() else None,
                ).referrals.get(),
            )
        except ValidationError as error:
            if not household.add_save_error(error):  # a number saved by someone else meanwhile
                form.add_error(None, error)
        else:
            family = referral.family
            log_access(
                request,
                action=Action.CREATE,
                object_type="families.family",
                object_id=family.pk,
                subject=family_subject(family),
            )
            messages.success(request, _("Henvisningen er registrert."))
            return redirect("families:detail", family_id=family.pk)
    restore_kept(request, form, address, *household.forms)
    return render(
        request,
        "families/referral_form.html",
        {"form": form, "household": household, "address": address},
    )
