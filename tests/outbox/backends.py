"""An email backend that breaks in a way nobody planned for (a programming error)."""

from django.core.mail.backends.base import BaseEmailBackend


class BrokenBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise RuntimeError("something nobody expected")
