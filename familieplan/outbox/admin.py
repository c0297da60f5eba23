"""The outbox in the admin: what went out, what is waiting, what failed — and "Send på nytt".

Scoped to the administrator's municipality; messages without a municipality are for operations
staff (superusers) only. The text (and an email's attachment) is not shown: the administrator
needs to see whether a message reached its recipient, not what it said; nor is the recipient's
name (often a family member's: case data, decision 0015). "Send på nytt" is in the
administration audit log.
"""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from familieplan.core.admin_scoping import MunicipalityScopedAdmin, audit
from familieplan.outbox.models import OutgoingEmail, OutgoingSMS
from familieplan.outbox.services import email_retry_now, sms_retry_now


class _ReadOnlyOutboxAdmin(MunicipalityScopedAdmin):
    """Rows are made by the application; the list's action is the only change."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        # The list (and its action) needs change permission; a single message is view-only.
        return obj is None and super().has_change_permission(request)

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    def _retry(self, request, queryset, retry_now) -> tuple[int, int]:
        count = skipped = 0
        for message in queryset:
            try:
                retry_now(message)
            except ValueError:  # sent, or already queued
                skipped += 1
            else:
                count += 1
                audit(
                    request,
                    action="retry",
                    obj=message,
                    object_repr=f"{message.topic} → {message.to}",
                    municipality_ids=self.audit_municipality_ids(request, message),
                )
        return count, skipped

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        if request.user.is_superuser:
            return fields
        return [f for f in fields if f != "to_name"]


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(_ReadOnlyOutboxAdmin):
    list_display = ["to", "subject", "topic", "status", "attempts", "created_at", "sent_at"]
    list_filter = ["status", "topic"]
    search_fields = ["to", "reference"]
    date_hierarchy = "created_at"
    actions = ["retry_now"]
    fields = [
        "municipality",
        "topic",
        "reference",
        "to",
        "to_name",
        "subject",
        "attachment_name",
        "status",
        "attempts",
        "last_error",
        "next_attempt_at",
        "created_at",
        "sent_at",
    ]
    readonly_fields = fields

    @admin.action(description=_("Send på nytt"), permissions=["change"])
    def retry_now(self, request, queryset):
        count, skipped = self._retry(request, queryset, lambda e: email_retry_now(email=e))
        if count:
            self.message_user(
                request,
                ngettext(
                    "%(count)d e-post er lagt i kø for sending.",
                    "%(count)d e-poster er lagt i kø for sending.",
                    count,
                )
                % {"count": count},
                messages.SUCCESS,
            )
        if skipped:
            self.message_user(
                request,
                ngettext(
                    "%(count)d e-post ble hoppet over fordi den er sendt eller allerede i kø.",
                    "%(count)d e-poster ble hoppet over fordi de er sendt eller allerede i kø.",
                    skipped,
                )
                % {"count": skipped},
                messages.WARNING,
            )


@admin.register(OutgoingSMS)
class OutgoingSMSAdmin(_ReadOnlyOutboxAdmin):
    list_display = ["to", "topic", "status", "attempts", "created_at", "sent_at"]
    list_filter = ["status", "topic"]
    search_fields = ["to", "reference"]
    date_hierarchy = "created_at"
    actions = ["retry_now"]
    fields = [
        "municipality",
        "topic",
        "reference",
        "to",
        "status",
        "attempts",
        "last_error",
        "next_attempt_at",
        "provider_id",
        "created_at",
        "sent_at",
    ]
    readonly_fields = fields

    @admin.action(description=_("Send på nytt"), permissions=["change"])
    def retry_now(self, request, queryset):
        count, skipped = self._retry(request, queryset, lambda m: sms_retry_now(sms=m))
        if count:
            self.message_user(
                request,
                ngettext(
                    "%(count)d SMS er lagt i kø for sending.",
                    "%(count)d SMS-er er lagt i kø for sending.",
                    count,
                )
                % {"count": count},
                messages.SUCCESS,
            )
        if skipped:
            self.message_user(
                request,
                ngettext(
                    "%(count)d SMS ble hoppet over fordi den er sendt eller allerede i kø.",
                    "%(count)d SMS-er ble hoppet over fordi de er sendt eller allerede i kø.",
                    skipped,
                )
                % {"count": skipped},
                messages.WARNING,
            )
