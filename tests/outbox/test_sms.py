"""SMS through the outbox: numbers normalised or refused, one segment, queued in the caller's
transaction, delivered by the real worker through the backend the setting names (the logging
backend by default), retried on a temporary failure, failed at once on a permanent one."""

from __future__ import annotations

import logging
from datetime import timedelta
from itertools import pairwise

import pytest
import time_machine
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from familieplan.outbox.models import OutgoingSMS
from familieplan.outbox.services import sms_queue, sms_retry_now
from familieplan.outbox.sms import (
    LoggingSMSBackend,
    PermanentFailure,
    SMSBackend,
    TemporaryFailure,
    mask,
    normalise_mobile,
)
from familieplan.outbox.tasks import MAX_ATTEMPTS, RETRY_DELAYS, deliver_sms

pytestmark = pytest.mark.django_db

HERE = "tests.outbox.test_sms"
BODY = "Du har fått en ny oppgave i Familieplan. Logg inn for å se mer: https://x.no/family/"


# Backends a municipality could plug in (the documented extension point), for the tests.


class RecordingBackend(SMSBackend):
    sent: list[tuple[str, str, str]] = []

    def send(self, to, body, *, topic):
        self.sent.append((to, body, topic))
        return f"gw-{len(self.sent)}"


class GatewayDownBackend(SMSBackend):
    def send(self, to, body, *, topic):
        raise TemporaryFailure("SMS-tjenesten svarte ikke")


class SilentlyDownBackend(SMSBackend):
    def send(self, to, body, *, topic):
        raise TemporaryFailure()


class UnknownNumberBackend(SMSBackend):
    def send(self, to, body, *, topic):
        raise PermanentFailure("Nummeret finnes ikke")


class BrokenBackend(SMSBackend):
    def send(self, to, body, *, topic):
        raise RuntimeError("something nobody expected")


@pytest.fixture(autouse=True)
def recording():
    RecordingBackend.sent = []
    return RecordingBackend.sent


def use(settings, backend: type) -> None:
    settings.FAMILIEPLAN_SMS_BACKEND = f"{HERE}.{backend.__name__}"


def queue(**overrides) -> OutgoingSMS:
    values = {"to": "912 34 567", "body": BODY, "topic": "measure_assigned", "reference": "m:1"}
    values.update(overrides)
    return sms_queue(**values)


def pending_tasks():
    return DBTaskResult.objects.filter(status="READY")


# Numbers


@pytest.mark.parametrize(
    ("typed", "normalised"),
    [
        ("91234567", "+4791234567"),
        ("41234567", "+4741234567"),
        ("912 34 567", "+4791234567"),
        ("912-34-567", "+4791234567"),
        (" 41 23 45 67 ", "+4741234567"),
        ("+4791234567", "+4791234567"),
        ("+47 412 34 567", "+4741234567"),
        ("+46 70 123 45 67", "+46701234567"),
        ("+44 7700 900123", "+447700900123"),
        ("+1 202 555 0143", "+12025550143"),
    ],
)
def test_mobile_numbers_are_normalised(typed, normalised):
    assert normalise_mobile(typed) == normalised


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "   ",
        "22334455",  # a Norwegian landline
        "81234567",  # 8 digits, not starting with 4 or 9
        "9123456",  # 7 digits
        "912345678",  # 9 digits
        "4791234567",  # a country code without "+"
        "0047 91234567",  # "00" is not taken for "+"
        "+4722334455",  # +47 must be a mobile number
        "+47912345678",  # +47 and 9 digits
        "+0123456789",  # no country code starts with 0
        "+1234567890123456",  # longer than 15 digits
        "+47 91234567 ext",
        "(+47) 91234567",
        "ikke oppgitt",
        "912\u00a034\u00a0567x",
    ],
)
def test_anything_else_is_refused_without_quoting_the_number(typed):
    with pytest.raises(ValueError) as refused:
        normalise_mobile(typed)
    assert not typed.strip() or typed.strip() not in str(refused.value)


def test_a_refused_number_saves_nothing():
    with pytest.raises(ValueError):
        queue(to="22334455")
    assert not OutgoingSMS.objects.exists() and not pending_tasks().exists()


def test_the_number_is_stored_normalised():
    assert queue(to="+47 912 34 567").to == "+4791234567"


def test_mask_keeps_only_the_last_two_digits():
    assert mask("+4791234567") == "*********67"


# Text


def test_one_segment_of_160_characters_is_accepted():
    assert len(queue(body="x" * 160).body) == 160


@pytest.mark.parametrize("body", ["x" * 161, "", "   "])
def test_a_longer_or_empty_text_is_refused(body):
    with pytest.raises(ValueError):
        queue(body=body)
    assert not OutgoingSMS.objects.exists()


@pytest.mark.parametrize(
    "overrides", [{"topic": ""}, {"reference": "r" * 101}, {"topic": "t" * 41}]
)
def test_other_impossible_messages_are_refused(overrides):
    with pytest.raises(ValueError):
        queue(**overrides)
    assert not OutgoingSMS.objects.exists()


def test_queueing_rolls_back_with_the_callers_transaction():
    with pytest.raises(RuntimeError), transaction.atomic():
        queue()
        raise RuntimeError("the measure could not be saved")
    assert not OutgoingSMS.objects.exists() and not DBTaskResult.objects.exists()


# Delivery


def test_the_logging_backend_is_the_default_and_logs_no_text(run_worker, settings, caplog):
    if hasattr(settings, "FAMILIEPLAN_SMS_BACKEND"):
        del settings.FAMILIEPLAN_SMS_BACKEND
    message = queue()
    assert pending_tasks().count() == 1

    with caplog.at_level(logging.INFO, logger="familieplan.outbox"):
        run_worker()

    message.refresh_from_db()
    assert message.status == OutgoingSMS.Status.SENT
    assert message.attempts == 1 and message.sent_at is not None and message.last_error == ""
    assert message.provider_id.startswith("log-")
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    logged = "\n".join(
        r.getMessage() for r in caplog.records if r.name.startswith("familieplan.outbox")
    )
    assert "*********67" in logged
    assert "measure_assigned" in logged
    assert f"{len(BODY)} characters" in logged
    assert "91234567" not in logged
    assert "oppgave" not in logged and "Familieplan" not in logged


def test_the_logging_backend_on_its_own(caplog):
    with caplog.at_level(logging.INFO, logger="familieplan.outbox.sms"):
        provider_id = LoggingSMSBackend().send("+4791234567", "Hemmelig", topic="test")
    [record] = caplog.records
    assert provider_id.startswith("log-")
    assert "Hemmelig" not in record.getMessage() and "912345" not in record.getMessage()


def test_a_configured_backend_gets_the_number_text_and_topic(run_worker, settings, recording):
    use(settings, RecordingBackend)
    message = queue()

    run_worker()

    message.refresh_from_db()
    assert recording == [("+4791234567", BODY, "measure_assigned")]
    assert message.status == OutgoingSMS.Status.SENT and message.provider_id == "gw-1"


def test_a_temporary_failure_is_retried_on_the_email_schedule(run_worker, settings):
    use(settings, GatewayDownBackend)
    message = queue()

    run_worker()

    message.refresh_from_db()
    assert message.status == OutgoingSMS.Status.RETRYING
    assert message.attempts == 1
    assert message.last_error == "SMS-tjenesten svarte ikke"
    [retry] = pending_tasks()
    assert retry.run_after == message.next_attempt_at
    assert retry.args_kwargs == {"args": [str(message.pk)], "kwargs": {}}
    assert DBTaskResult.objects.filter(status="SUCCESSFUL").count() == 1

    # Not due yet: another run leaves it alone.
    run_worker()
    message.refresh_from_db()
    assert message.attempts == 1

    # The gateway is back when the retry is due.
    use(settings, RecordingBackend)
    with time_machine.travel(message.next_attempt_at + timedelta(seconds=1)):
        run_worker()
    message.refresh_from_db()
    assert message.status == OutgoingSMS.Status.SENT
    assert message.attempts == 2 and message.last_error == ""
    assert not pending_tasks().exists()


def test_temporary_failures_end_as_failed_after_the_last_attempt(run_worker, settings):
    use(settings, SilentlyDownBackend)
    message = queue()
    run_worker()
    waits = []
    for _ in range(MAX_ATTEMPTS - 1):
        message.refresh_from_db()
        assert message.status == OutgoingSMS.Status.RETRYING
        waits.append(message.next_attempt_at)
        with time_machine.travel(message.next_attempt_at + timedelta(seconds=1)):
            run_worker()

    message.refresh_from_db()
    assert message.status == OutgoingSMS.Status.FAILED
    assert message.attempts == MAX_ATTEMPTS
    assert message.last_error == "SMS-tjenesten kunne ikke ta imot meldingen nå"
    assert not pending_tasks().exists()
    gaps = [later - earlier for earlier, later in pairwise(waits)]
    for gap, delay in zip(gaps, RETRY_DELAYS[1:], strict=True):
        assert delay <= gap < delay + timedelta(seconds=30)


def test_a_permanent_failure_fails_at_once(run_worker, settings):
    use(settings, UnknownNumberBackend)
    message = queue()

    run_worker()

    message.refresh_from_db()
    assert message.status == OutgoingSMS.Status.FAILED
    assert message.attempts == 1 and message.last_error == "Nummeret finnes ikke"
    assert not pending_tasks().exists()
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


def test_an_unexpected_error_fails_the_sms_and_the_task_records_it(run_worker, settings):
    use(settings, BrokenBackend)
    message = queue()

    run_worker()

    message.refresh_from_db()
    assert message.status == OutgoingSMS.Status.FAILED
    assert message.last_error == "Uventet feil ved sending (RuntimeError)"
    result = DBTaskResult.objects.get()
    assert result.status == "FAILED"
    assert result.exception_class_path == "builtins.RuntimeError"


def test_send_again_requeues_a_failed_sms(run_worker, settings, recording):
    use(settings, UnknownNumberBackend)
    message = queue()
    run_worker()

    use(settings, RecordingBackend)
    message = sms_retry_now(sms=message)
    assert message.status == OutgoingSMS.Status.QUEUED and message.attempts == 0
    run_worker()

    message.refresh_from_db()
    assert message.status == OutgoingSMS.Status.SENT and len(recording) == 1
    with pytest.raises(ValueError):
        sms_retry_now(sms=message)


def test_delivery_is_idempotent(settings, recording):
    use(settings, RecordingBackend)
    message = queue()
    assert deliver_sms.call(str(message.pk)) == "sent"
    assert deliver_sms.call(str(message.pk)) == "sent"
    assert len(recording) == 1


def test_messages_are_listed_by_reference_and_problems():
    first = queue(reference="measure:1")
    queue(reference="measure:2")
    assert list(OutgoingSMS.objects.for_reference("measure:1")) == [first]
    assert not OutgoingSMS.objects.problems().exists()
    OutgoingSMS.objects.filter(pk=first.pk).update(status=OutgoingSMS.Status.FAILED)
    assert list(OutgoingSMS.objects.problems()) == [first]


# The admin

CHANGELIST = "/admin/outbox/outgoingsms/"


def failed_sms(*, municipality, to: str) -> OutgoingSMS:
    message = queue(
        to=to, body="Hemmelig tekst som ikke skal vises", municipality_id=municipality.pk
    )
    OutgoingSMS.objects.filter(pk=message.pk).update(
        status=OutgoingSMS.Status.FAILED, attempts=1, last_error="Nummeret finnes ikke"
    )
    DBTaskResult.objects.all().delete()
    message.refresh_from_db()
    return message


def test_the_admin_lists_own_municipalitys_sms_without_the_text(client, world):
    own = failed_sms(municipality=world.muni_a, to="91234567")
    other = failed_sms(municipality=world.muni_b, to="41234567")
    client.force_login(world.administrator)

    page = client.get(CHANGELIST).content.decode()
    assert "+4791234567" in page and "+4741234567" not in page
    detail = client.get(f"{CHANGELIST}{own.pk}/change/").content.decode()
    assert "Nummeret finnes ikke" in detail
    assert "Hemmelig tekst" not in detail
    assert client.get(f"{CHANGELIST}{other.pk}/change/").status_code == 302
    assert client.get(f"{CHANGELIST}add/").status_code == 403


def test_the_admin_sends_again(client, world):
    message = failed_sms(municipality=world.muni_a, to="91234567")
    client.force_login(world.administrator)

    response = client.post(
        CHANGELIST, {"action": "retry_now", "_selected_action": [str(message.pk)]}, follow=True
    )

    assert "1 SMS er lagt i kø for sending." in response.content.decode()
    message.refresh_from_db()
    assert message.status == OutgoingSMS.Status.QUEUED
    assert pending_tasks().count() == 1
