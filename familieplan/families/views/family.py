"""The family page and changes to the household: members and addresses."""

from __future__ import annotations

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from familieplan.core.form_pages import saved_message, submit
from familieplan.core.kept_forms import restore_kept
from familieplan.families import hooks, services
from familieplan.families.access import access_family, can_write_family
from familieplan.families.forms.household import AddressMoveForm, MemberPageForm
from familieplan.families.models import Address, Enrolment, EnrolmentEvent, Member


@require_safe
def family_detail(request, family_id):
    family = access_family(request, family_id)
    today = timezone.localdate()
    enrolments = family.enrolments.prefetch_related(
        Prefetch("events", queryset=EnrolmentEvent.objects.select_related("by"))
    )
    current = next((e for e in enrolments if e.status != Enrolment.Status.ENDED), None)
    return render(
        request,
        "families/family_detail.html",
        {
            "family": family,
            "can_write": can_write_family(request.user, family),
            "members": [(m, m.age_on(today)) for m in family.members.all()],
            "addresses": family.addresses.all(),
            "moves_12m": family.moves_last_12_months(today),
            "referrals": family.referrals.select_related("created_by"),
            "screenings": family.screenings.select_related("performed_by")[:5],
            "decisions": family.decisions.select_related("decided_by", "consent_given_by"),
            "enrolments": enrolments,
            "current_enrolment": current,
            "assignments": family.assignments.select_related("coordinator", "assigned_by"),
            "links": hooks.family_links(family, request.user),
            "sections": hooks.family_sections(request, family),
        },
    )


def member_form(request, family_id, member_id=None):
    family = access_family(request, family_id, write=True)
    member = get_object_or_404(family.members, pk=member_id) if member_id else None
    form = MemberPageForm(
        request.POST if request.method == "POST" else None,
        instance=member or Member(family=family, municipality=family.municipality),
        municipality=family.municipality,
    )
    if request.method == "POST":
        # A new person is saved once per form; an edit from the version shown. A number
        # saved by someone else meanwhile is refused on its field (MemberForm.save).
        saved = submit(
            form,
            save=form.save,
            creates=None if member else Member,
            within={"municipality_id": family.municipality_id},
            edits=member,
        )
        if saved:
            if saved.first:
                services.family_members_changed(family=family)
            saved_message(request, saved, _("Opplysningene om familiemedlemmet er lagret."))
            return redirect("families:detail", family_id=family.pk)
    restore_kept(request, form)
    return render(
        request, "families/member_form.html", {"family": family, "form": form, "member": member}
    )


def address_create(request, family_id):
    family = access_family(request, family_id, write=True)
    form = AddressMoveForm(request.POST if request.method == "POST" else None, family=family)
    if request.method == "POST":
        # An address from that date saved meanwhile is refused on its field (the service).
        saved = submit(
            form,
            save=lambda: services.address_register_move(family=family, **form.address_data()),
            creates=Address,
            within={"municipality_id": family.municipality_id},
        )
        if saved:
            saved_message(
                request, saved, _("Den nye adressen er registrert. Den gamle ligger i historikken.")
            )
            return redirect("families:detail", family_id=family.pk)
    restore_kept(request, form)
    return render(request, "families/address_form.html", {"family": family, "form": form})
