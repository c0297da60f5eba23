"""The instrument catalogue in the admin: administrators add a new version by uploading its
file (checked, with the line and reason when it is broken) and switch versions on or off. A
stored version is never edited or deleted: answers refer to it."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from familieplan.core.admin_scoping import ScopedAdminBase, administered_municipality_ids
from familieplan.mapping import catalogue
from familieplan.mapping.models import Instrument

MAX_BYTES = 200_000


class InstrumentUploadForm(forms.ModelForm):
    file = forms.FileField(
        label=_("Fil med skjemaet (YAML)"),
        help_text=_(
            "Se docs/instruments.md for formatet. Filnavnet er <nøkkel>.v<versjon>.yaml. "
            "Lisensierte skjemaer som bare har den offisielle engelske ordlyden (wording_in i "
            "filen, for eksempel WHO-5 og GSE), viser spørsmålene på engelsk med en forklaring "
            "til leseren. Legg inn den offisielle norske ordlyden som en ny versjon, ord for ord "
            "fra det offisielle norske skjemaet, og ta bort wording_in: ikke oversett selv. "
            "WHO-5: den norske oversettelsen av Olaf Bakke (2004), som PsykTestBarn og "
            "mestring.no viser til."
        ),
    )

    class Meta:
        model = Instrument
        fields = ["active"]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise ValidationError(_("Filen er for stor."))
        try:
            text = upload.read().decode("utf-8")
        except UnicodeDecodeError:
            raise ValidationError(_("Filen må være lagret som UTF-8.")) from None
        catalogue.check_new(text, origin=upload.name)  # the line and reason when broken
        self.text, self.origin = text, upload.name
        return upload


@admin.register(Instrument)
class InstrumentAdmin(ScopedAdminBase):
    list_display = ["key", "version", "name", "kind", "about", "active", "origin", "loaded_at"]
    list_filter = ["active", "kind", "about"]
    search_fields = ["key", "name"]
    readonly_fields = [
        "key",
        "version",
        "name",
        "kind",
        "about",
        "requires_setting",
        "origin",
        "loaded_at",
        "loaded_by",
        "definition",
    ]

    def _is_admin(self, request) -> bool:
        return request.user.is_superuser or bool(administered_municipality_ids(request))

    def has_module_permission(self, request):
        return self._is_admin(request)

    def has_view_permission(self, request, obj=None):
        return self._is_admin(request)

    def has_add_permission(self, request):
        return self._is_admin(request)

    def has_change_permission(self, request, obj=None):
        return self._is_admin(request)

    def has_delete_permission(self, request, obj=None):
        return False

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = InstrumentUploadForm
        return super().get_form(request, obj, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields if obj else []

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["file", "active"]
        return [*self.readonly_fields, "active"]

    def save_model(self, request, obj, form, change):
        if change:
            obj.save(update_fields=["active"])
            return
        created = catalogue.add_version(
            form.text, origin=form.origin, by=request.user, active=form.cleaned_data["active"]
        )
        obj.pk = created.pk
