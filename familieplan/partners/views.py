"""The partner directory and the family's consents, for coordinators and team leads.

The directory holds no family data. Consent pages reach the family through
`families.access.access_family` (logged); a consent and its document are fetched from the
family the helper returned.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from familieplan.core.access import Action, log_access
from familieplan.core.form_pages import saved_message, submit
from familieplan.core.kept_forms import restore_kept
from familieplan.core.roles import Role
from familieplan.families.access import access_family, can_write_family, family_subject
from familieplan.partners import services
from familieplan.partners.forms import ConsentForm, ContactForm, PartnerForm, WithdrawForm
from familieplan.partners.models import Consent, Partner, PartnerContact
from familieplan.partners.scope import sharing_overview

DIRECTORY_ROLES = (Role.COORDINATOR, Role.TEAM_LEAD, Role.ADMINISTRATOR)


def _directory_municipalities(user) -> set[int]:
    ids = user.municipality_ids(*DIRECTORY_ROLES)
    if not ids:
        raise PermissionDenied
    return ids


def _partner_for(user, partner_id, *, write: bool) -> Partner:
    ids = _directory_municipalities(user)
    partner = get_object_or_404(
        Partner.objects.filter(Q(municipality_id__in=ids) | Q(municipality__isnull=True)),
        pk=partner_id,
    )
    if write and partner.is_national and not user.is_superuser:
        raise PermissionDenied  # national organisations are kept by operations staff
    return partner


@require_safe
def directory(request):
    ids = _directory_municipalities(request.user)
    partners = Partner.objects.filter(
        Q(municipality_id__in=ids) | Q(municipality__isnull=True)
    ).select_related("municipality")
    q = request.GET.get("q", "").strip()
    kind = request.GET.get("kind", "")
    if q:
        partners = partners.filter(
            Q(name__icontains=q) | Q(department__icontains=q) | Q(org_number=q.replace(" ", ""))
        )
    if kind in Partner.Kind.values:
        partners = partners.filter(kind=kind)
    if request.GET.get("inactive") != "1":
        partners = partners.filter(active=True)
    page = Paginator(partners.order_by("name", "id"), 25).get_page(request.GET.get("page"))
    return render(
        request,
        "partners/directory.html",
        {"page": page, "q": q, "kind": kind, "kinds": Partner.Kind.choices},
    )


@require_safe
def partner_detail(request, partner_id):
    partner = _partner_for(request.user, partner_id, write=False)
    return render(
        request,
        "partners/partner_detail.html",
        {
            "partner": partner,
            "contacts": partner.contacts.all(),
            "staff": partner.staff.filter(active=True).select_related("user"),
            "can_edit": not partner.is_national or request.user.is_superuser,
        },
    )


def partner_form(request, partner_id=None):
    ids = _directory_municipalities(request.user)
    partner = _partner_for(request.user, partner_id, write=True) if partner_id else None
    form = PartnerForm(request.POST or None, instance=partner)

    def save():
        saved = form.save(commit=False)
        if partner is None:
            saved.municipality_id = min(ids)
        saved.save()
        return saved

    if request.method == "POST":
        saved = submit(
            form,
            save=save,
            creates=None if partner else Partner,
            within={"municipality_id": min(ids)},
            edits=partner,
        )
        if saved:
            saved_message(request, saved, _("Samarbeidspartneren er lagret."))
            return redirect("partners:detail", partner_id=saved.row.pk)
    restore_kept(request, form)
    return render(
        request,
        "partners/partner_form.html",
        {"form": form, "partner": partner},
    )


def contact_create(request, partner_id):
    partner = _partner_for(request.user, partner_id, write=True)
    form = ContactForm(request.POST or None)

    def save():
        contact = form.save(commit=False)
        contact.partner = partner
        contact.save()
        return contact

    if request.method == "POST":
        saved = submit(form, save=save, creates=PartnerContact, within={"partner": partner})
        if saved:
            saved_message(request, saved, _("Kontaktpersonen er lagt til."))
            return redirect("partners:detail", partner_id=partner.pk)
    restore_kept(request, form)
    return render(request, "partners/contact_form.html", {"form": form, "partner": partner})


@require_safe
def family_consents(request, family_id):
    family = access_family(request, family_id)
    consents = family.consents.select_related(
        "partner", "subject", "given_by", "recorded_by", "withdrawn_by"
    )
    return render(
        request,
        "partners/consents.html",
        {
            "family": family,
            "can_write": can_write_family(request.user, family),
            "overview": sharing_overview(family),
            "consents": consents,
        },
    )


def consent_create(request, family_id):
    family = access_family(request, family_id, write=True, action=Action.CREATE)
    form = ConsentForm(request.POST or None, request.FILES or None, family=family)
    if request.method == "POST":
        saved = submit(
            form,
            save=lambda: services.consent_record(
                family=family, by=request.user, **form.service_data
            ),
            creates=Consent,
            within={"municipality_id": family.municipality_id},
        )
        if saved:
            saved_message(request, saved, _("Svaret er registrert."))
            return redirect("partners:consents", family_id=family.pk)
    restore_kept(request, form)
    return render(request, "partners/consent_form.html", {"family": family, "form": form})


def consent_withdraw(request, family_id, consent_id):
    family = access_family(request, family_id, write=True)
    consent = get_object_or_404(family.consents.select_related("partner", "subject"), pk=consent_id)
    form = WithdrawForm(request.POST or None)
    if request.method == "POST":
        # The consent's own state is its version: a withdrawn one is refused with a message.
        saved = submit(
            form,
            save=lambda: services.consent_withdraw(
                consent=consent, by=request.user, **form.cleaned_data
            ),
        )
        if saved:
            messages.success(
                request,
                _("Samtykket er trukket tilbake. %(partner)s ser ikke lenger opplysningene.")
                % {"partner": consent.partner.name},
            )
            return redirect("partners:consents", family_id=family.pk)
    restore_kept(request, form)
    return render(
        request,
        "partners/withdraw_form.html",
        {"family": family, "form": form, "consent": consent},
    )


@require_safe
def consent_document(request, family_id, consent_id):
    """The scanned consent form; reading it is logged as its own entry."""
    family = access_family(request, family_id)
    consent = get_object_or_404(family.consents, pk=consent_id)
    if not consent.document:
        raise Http404
    log_access(
        request,
        action=Action.EXPORT,
        object_type="partners.consent.document",
        object_id=consent.pk,
        subject=family_subject(family),
    )
    return FileResponse(
        consent.document.open("rb"),
        as_attachment=True,
        filename=f"samtykke-{consent.given_on:%Y-%m-%d}.{consent.document.name.rsplit('.', 1)[-1]}",
    )
