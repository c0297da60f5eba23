"""A link for a person to set a new password, sent by their administrator.

Administrators never set another person's password (decision 0015): they send this link,
which opens the same page as the self-service reset (Django's token, valid for
PASSWORD_RESET_TIMEOUT) and goes out through the outbox with the administrator's work.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from familieplan.core.outbound import queue_email

TOPIC = "password_reset_link"


def reset_link_send(*, user, municipality_id: int | None, new_account: bool = False):
    """Queue the email. Refuses (ValueError) an inactive account or one without an address."""
    if not user.is_active:
        raise ValueError("The account is not active.")
    if not user.email:
        raise ValueError("The account has no email address.")
    path = reverse(
        "accounts:password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    context = {
        "user": user,
        "link": f"{settings.FAMILIEPLAN_BASE_URL}{path}",
        "new_account": new_account,
        "days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
    }
    with translation.override(user.language or settings.LANGUAGE_CODE):
        subject = render_to_string("accounts/reset_link_subject.txt", context)
        body = render_to_string("accounts/reset_link_email.txt", context)
    return queue_email(
        to=user.email,
        to_name=user.get_full_name(),
        subject=subject,
        body=body,
        topic=TOPIC,
        municipality_id=municipality_id,
        reference=f"user:{user.pk}",
    )
