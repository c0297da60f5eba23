"""Email through the outbox: queued in the caller's transaction, delivered by the real worker
to a real SMTP server, retried on temporary problems, failed at once on a refusal."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from itertools import pairwise

import pytest
import time_machine
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from familieplan.meetings.calendar import CalendarEvent, calendar_file
from familieplan.outbox.models import OutgoingEmail
from familieplan.outbox.services import Attachment, email_queue, email_retry_now
from familieplan.outbox.tasks import MAX_ATTEMPTS, RETRY_DELAYS, deliver_email
from tests.factories import make_municipality

pytestmark = pytest.mark.django_db


def invitation() -> Attachment:
    start = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)
    event = CalendarEvent(
        uid="meeting-1@familieplan",
        sequence=0,
        start=start,
        end=start + timedelta(hours=1),
        stamp=start - timedelta(days=7),
        summary="Samarbeidsmøte",
        organizer_name="Kari Koordinator",
        organizer_email="kari@kommune.no",
        attendees=(("Åse Ødegård", "ase@example.no"),),
    )
    return Attachment(
        name="invitasjon.ics",
        content=calendar_file(event),
        mimetype="text/calendar; method=REQUEST",
    )


def queue(**overrides) -> OutgoingEmail:
    values = {
        "to": "ase@example.no",
        "to_name": "Åse Ødegård",
        "subject": "Invitasjon til møte på fredag – ærlig talt",
        "body": "Hei!\n\nDu er invitert til et møte. Se lenken i Familieplan.\n",
        "topic": "meeting_invitation",
        "reference": "meeting:1",
    }
    values.update(overrides)
    return email_queue(**values)


def pending_tasks():
    return DBTaskResult.objects.filter(status="READY")


def test_queued_email_is_delivered_with_its_calendar_file(smtp_server, run_worker, settings):
    email = queue(attachment=invitation())
    assert email.status == OutgoingEmail.Status.QUEUED
    assert pending_tasks().count() == 1

    run_worker()

    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.SENT
    assert email.attempts == 1 and email.sent_at is not None and email.last_error == ""
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    assert smtp_server.recipients == [["ase@example.no"]]
    [message] = smtp_server.messages
    # Django folds an encoded subject onto its own line; unfolding leaves a leading space.
    assert message["Subject"].strip() == "Invitasjon til møte på fredag – ærlig talt"
    assert message["To"].addresses[0].display_name == "Åse Ødegård"
    assert message["To"].addresses[0].addr_spec == "ase@example.no"
    assert message["From"] == settings.DEFAULT_FROM_EMAIL
    assert message["Auto-Submitted"] == "auto-generated"
    assert "Du er invitert til et møte" in message.get_body(("plain",)).get_content()
    [calendar] = message.iter_attachments()
    assert calendar.get_content_type() == "text/calendar"
    assert calendar.get_param("method") == "REQUEST"
    assert calendar.get_filename() == "invitasjon.ics"
    content = calendar.get_content()
    assert "UID:meeting-1@familieplan" in content
    assert "Åse Ødegård" in content


def test_refused_address_fails_at_once_with_a_plain_reason(smtp_server, run_worker):
    smtp_server.refuse_rcpt = "550 5.1.1 No such user here"
    email = queue()

    run_worker()

    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.FAILED
    assert email.attempts == 1
    assert email.last_error == "Mottakerens e-postserver avviste adressen (550)"
    assert email.next_attempt_at is None
    assert smtp_server.messages == []
    assert not pending_tasks().exists()
    # An expected refusal is no task error: the state is in the outbox row.
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


def test_refusal_of_the_message_itself_fails_at_once(smtp_server, run_worker):
    smtp_server.refuse_data = "554 5.7.1 Message rejected"
    email = queue()

    run_worker()

    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.FAILED
    assert email.last_error == "E-posttjeneren avviste e-posten (554)"


def test_temporary_refusal_is_retried(smtp_server, run_worker):
    smtp_server.refuse_rcpt = "450 4.2.0 Greylisted, please try again later"
    email = queue()

    run_worker()

    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.RETRYING
    assert email.last_error == "Mottakerens e-postserver ba oss prøve igjen senere (450)"
    assert pending_tasks().count() == 1


def test_server_down_schedules_a_retry(smtp_down, run_worker):
    email = queue()
    before = timezone.now()

    run_worker()

    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.RETRYING
    assert email.attempts == 1
    assert email.last_error == "Fikk ikke kontakt med e-postserveren"
    assert before + RETRY_DELAYS[0] <= email.next_attempt_at <= timezone.now() + RETRY_DELAYS[0]
    [retry] = pending_tasks()
    assert retry.run_after == email.next_attempt_at
    assert retry.args_kwargs == {"args": [str(email.pk)], "kwargs": {}}

    # Not due yet: another worker run leaves it alone.
    run_worker()
    email.refresh_from_db()
    assert email.attempts == 1
    assert pending_tasks().count() == 1


def test_retries_follow_the_schedule_and_then_fail(smtp_down, run_worker):
    email = queue()
    run_worker()
    waits = []
    for _ in range(MAX_ATTEMPTS - 1):
        email.refresh_from_db()
        assert email.status == OutgoingEmail.Status.RETRYING
        waits.append(email.next_attempt_at)
        with time_machine.travel(email.next_attempt_at + timedelta(seconds=1)):
            run_worker()

    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.FAILED
    assert email.attempts == MAX_ATTEMPTS == 6
    assert email.last_error == "Fikk ikke kontakt med e-postserveren"
    assert email.next_attempt_at is None
    assert not pending_tasks().exists()
    gaps = [later - earlier for earlier, later in pairwise(waits)]
    for gap, delay in zip(gaps, RETRY_DELAYS[1:], strict=True):
        assert delay <= gap < delay + timedelta(seconds=30)


def test_send_again_requeues_and_a_later_run_delivers(smtp_server, run_worker):
    smtp_server.refuse_rcpt = "550 5.1.1 Mailbox unavailable"
    email = queue()
    run_worker()
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.FAILED

    smtp_server.refuse_rcpt = None
    email = email_retry_now(email=email)
    assert email.status == OutgoingEmail.Status.QUEUED
    assert email.attempts == 0
    run_worker()

    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.SENT
    assert email.attempts == 1
    assert len(smtp_server.messages) == 1
    with pytest.raises(ValueError):
        email_retry_now(email=email)


def test_send_again_while_waiting_to_retry_starts_one_round_only(
    smtp_down, smtp_server, run_worker, settings
):
    settings.EMAIL_PORT = smtp_down
    email = queue()
    run_worker()
    email.refresh_from_db()
    stale_retry_at = email.next_attempt_at

    email_retry_now(email=email)  # the scheduled retry is still in the queue
    run_worker()
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.RETRYING and email.attempts == 1

    settings.EMAIL_PORT = smtp_server.port
    with time_machine.travel(stale_retry_at + timedelta(seconds=1)):
        run_worker()
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.SENT
    assert len(smtp_server.messages) == 1
    # The second chain's task finds the email sent and does nothing.
    with time_machine.travel(timezone.now() + timedelta(hours=1)):
        run_worker()
    assert len(smtp_server.messages) == 1
    assert not pending_tasks().exists()


def test_delivery_is_idempotent(smtp_server, run_worker):
    email = queue()
    run_worker()

    assert deliver_email.call(str(email.pk)) == "sent"
    deliver_email.enqueue(str(email.pk))
    run_worker()

    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.SENT and email.attempts == 1
    assert len(smtp_server.messages) == 1


def test_a_retry_that_is_not_yet_due_does_nothing(smtp_down):
    email = queue()
    deliver_email.call(str(email.pk))
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.RETRYING and email.attempts == 1

    assert deliver_email.call(str(email.pk)) == "retrying"
    email.refresh_from_db()
    assert email.attempts == 1


def test_queueing_rolls_back_with_the_callers_transaction(smtp_server):
    with pytest.raises(RuntimeError), transaction.atomic():
        queue()
        raise RuntimeError("the meeting could not be saved")

    assert not OutgoingEmail.objects.exists()
    assert not DBTaskResult.objects.exists()


@pytest.mark.parametrize(
    "address", ["", "   ", "ikke-en-adresse", "a@b", "ola@example.no\nBcc: x@y.no"]
)
def test_an_invalid_address_is_refused(address):
    with pytest.raises(ValueError):
        queue(to=address)
    assert not OutgoingEmail.objects.exists()
    assert not DBTaskResult.objects.exists()


def test_subject_is_kept_on_one_line():
    email = queue(subject="Invitasjon\r\nBcc: someone@example.no")
    assert email.subject == "Invitasjon Bcc: someone@example.no"


def test_an_unexpected_error_marks_the_email_failed_and_the_task_records_it(run_worker, settings):
    settings.EMAIL_BACKEND = "tests.outbox.backends.BrokenBackend"
    email = queue()

    run_worker()

    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.FAILED
    assert email.last_error == "Uventet feil ved sending (RuntimeError)"
    result = DBTaskResult.objects.get()
    assert result.status == "FAILED"
    assert result.exception_class_path == "builtins.RuntimeError"


def test_a_failure_is_logged_without_the_body(smtp_down, caplog):
    email = queue(body="Hemmelig innhold om familien")
    with caplog.at_level(logging.WARNING, logger="familieplan.outbox"):
        deliver_email.call(str(email.pk))
    [record] = [r for r in caplog.records if r.name == "familieplan.outbox"]
    assert str(email.pk) in record.getMessage()
    assert "Hemmelig" not in record.getMessage()
    assert "ase@example.no" not in record.getMessage()


def test_emails_are_listed_by_reference_and_problems():
    municipality = make_municipality()
    first = queue(reference="meeting:1", municipality_id=municipality.pk)
    queue(reference="meeting:2")
    assert list(OutgoingEmail.objects.for_reference("meeting:1")) == [first]
    assert first.municipality == municipality
    assert not OutgoingEmail.objects.problems().exists()
    OutgoingEmail.objects.filter(pk=first.pk).update(status=OutgoingEmail.Status.FAILED)
    assert list(OutgoingEmail.objects.problems()) == [first]


@pytest.mark.parametrize(
    "overrides",
    [{"subject": "   "}, {"subject": "x" * 301}, {"topic": ""}, {"reference": "r" * 101}],
)
def test_other_impossible_emails_are_refused(overrides):
    with pytest.raises(ValueError):
        queue(**overrides)
    assert not OutgoingEmail.objects.exists()
