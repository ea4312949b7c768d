"""The outbox (SPEC B2): a queued reply is sent once, signed by its store, its status moves forward only."""
from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import parse_qsl, urlsplit

import pytest

from chalicelib.services.domain import Agent, Attachment, Brand, Message, Store, StoreRights
from chalicelib.services.domain.errors import DeliveryDeferred
from chalicelib.services.ports.clock import FixedClock
from chalicelib.services.ports.ids import SequentialIds
from chalicelib.services.usecases.conversations.cases import ConversationCases
from chalicelib.services.usecases.delivery import Delivery
from chalicelib.services.usecases.notifier import Notifier
from chalicelib.services.usecases.timers import TimerSweep
from tests.fakes import (
    FakeDirectory,
    FakeMailer,
    FakeNotifications,
    FakeSmsTransport,
    FakeThreads,
    FakeTimerQueue,
    sms_channels,
)

MONDAY = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
TRACKING_NUMBER, CHLOE = "+33170000001", "+33612345678"


class Outbox:
    """Inès writes to Chloé from Order tracking; the stream hands each queued message to the delivery."""

    def __init__(self) -> None:
        self.clock = FixedClock(MONDAY)
        self.directory, self.threads, self.provider = FakeDirectory(), FakeThreads(), FakeSmsTransport()
        self.directory.add_brand(Brand(id="maison", name="Maison Lune"))
        self.directory.add_store(Store(brand_id="maison", id="s-tracking", name="Order tracking",
                                       timezone="Europe/Paris", phone_number=TRACKING_NUMBER))
        self.ines = Agent(brand_id="maison", id="a-ines", email="ines@maison.test", password_hash="-",
                          rights={"s-tracking": StoreRights(perimeter=True)})
        self.notifications = FakeNotifications()
        channels = sms_channels(self.provider)
        self.cases = ConversationCases.build(self.threads, self.directory, SequentialIds(), self.clock,
                                             Notifier(self.notifications, FakeMailer(), "https://comptoir.test"),
                                             channels)
        self.delivery = Delivery(self.threads, self.directory, channels, "https://comptoir.test/",
                                 self.clock)

    def reply(self, text: str = "Elle arrive demain.") -> Message:
        """Inès starts a thread with Chloé, then writes again: that queued message, as the stream shows it."""
        thread = self.cases.answer.start(self.ines, store_id="s-tracking", channel="sms", to=CHLOE, text="Bonjour")
        self.clock.advance(60)
        return self.cases.answer.reply(self.ines, thread.id, text, [])

    def stored(self, message: Message) -> Message:
        page = self.threads.list_messages(message.brand_id, message.thread_id, None, 50)
        return next(m for m in page.items if m.id == message.id)

    def report(self, message: Message, provider_status: str, error: str | None = None) -> bool:
        """The provider calls the status callback it was given with the SMS."""
        callback = next(s.status_callback for s in self.provider.sent if s.body.startswith(message.text))
        query = dict(parse_qsl(urlsplit(str(callback)).query))
        return self.delivery.record_status(brand_id=query["b"], thread_id=query["t"], message_id=query["m"],
                                           created_at=query["at"], provider_status=provider_status, error=error)


@pytest.fixture
def outbox() -> Outbox:
    return Outbox()


def test_a_reply_is_sent_once_signed_by_its_store(outbox: Outbox) -> None:
    reply = outbox.reply()
    outbox.delivery.deliver(reply)
    outbox.delivery.deliver(reply)  # the same stream record, delivered again
    (sms,) = outbox.provider.sent
    assert (sms.to, sms.from_, sms.body) == (CHLOE, TRACKING_NUMBER, "Elle arrive demain.\n-- Order tracking")
    assert sms.status_callback and sms.status_callback.startswith("https://comptoir.test/webhooks/twilio/status?")
    stored = outbox.stored(reply)
    assert (stored.status, stored.provider_id) == ("sent", "SM" + "1".rjust(32, "0"))


def test_delivery_reports_move_the_message_forward(outbox: Outbox) -> None:
    reply = outbox.reply()
    outbox.delivery.deliver(reply)
    assert outbox.report(reply, "delivered") is True
    assert outbox.stored(reply).status == "delivered"


def test_late_sent_never_overwrites_delivered(outbox: Outbox) -> None:
    reply = outbox.reply()
    outbox.delivery.deliver(reply)
    outbox.report(reply, "delivered")
    assert outbox.report(reply, "sent") is False
    assert outbox.report(reply, "queued") is False
    assert outbox.stored(reply).status == "delivered"


def test_a_failure_reported_after_delivery_is_ignored(outbox: Outbox) -> None:
    reply = outbox.reply()
    outbox.delivery.deliver(reply)
    outbox.report(reply, "read")  # read counts as delivered
    assert outbox.report(reply, "undelivered", "provider error 30005") is False
    assert (outbox.stored(reply).status, outbox.stored(reply).error) == ("delivered", None)


def test_a_failure_reported_after_sending_marks_failed(outbox: Outbox) -> None:
    reply = outbox.reply()
    outbox.delivery.deliver(reply)
    assert outbox.report(reply, "undelivered", "provider error 30005") is True
    assert (outbox.stored(reply).status, outbox.stored(reply).error) == ("failed", "provider error 30005")
    assert outbox.report(reply, "delivered") is False


def test_permanent_provider_refusal_marks_failed(outbox: Outbox) -> None:
    reply = outbox.reply()
    outbox.provider.refuse_next("21610: the customer replied STOP")
    outbox.delivery.deliver(reply)
    outbox.delivery.deliver(reply)  # a repeated record does not try again
    assert outbox.provider.sent == []
    stored = outbox.stored(reply)
    assert (stored.status, stored.error) == ("failed", "21610: the customer replied STOP")


def test_transient_failure_is_retried(outbox: Outbox) -> None:
    reply = outbox.reply()
    outbox.provider.defer_next()
    with pytest.raises(DeliveryDeferred):
        outbox.delivery.deliver(reply)  # the stream keeps the record and retries it
    assert outbox.stored(reply).status == "queued" and outbox.provider.sent == []
    outbox.delivery.deliver(reply)
    outbox.delivery.deliver(reply)
    assert len(outbox.provider.sent) == 1 and outbox.stored(reply).status == "sent"


def test_unknown_reports_change_nothing(outbox: Outbox) -> None:
    reply = outbox.reply()
    outbox.delivery.deliver(reply)
    assert outbox.report(reply, "teleported") is False
    assert outbox.delivery.record_status(brand_id="maison", thread_id=reply.thread_id, message_id="m-unknown",
                                         created_at="2026-11-23T09:01:00.000Z", provider_status="delivered",
                                         error=None) is False
    assert outbox.delivery.record_status(brand_id="rival", thread_id=reply.thread_id, message_id=reply.id,
                                         created_at="2026-11-23T09:01:00.000Z", provider_status="delivered",
                                         error=None) is False
    assert outbox.stored(reply).status == "sent"


def test_only_queued_outgoing_messages_are_sent(outbox: Outbox) -> None:
    reply = outbox.reply()
    outbox.delivery.deliver(reply)
    sent_image = outbox.stored(reply)  # the stream's record of the change to `sent`
    outbox.delivery.deliver(sent_image)
    customer = Message(**{**reply.__dict__, "direction": "in", "author": "customer", "status": "received"})
    outbox.delivery.deliver(customer)
    assert len(outbox.provider.sent) == 1


def test_a_send_whose_run_died_is_queued_again_by_its_watchdog_and_sent_once(outbox: Outbox) -> None:
    reply = outbox.reply()
    outbox.provider._next_failures.append(RuntimeError("the function was stopped"))
    with pytest.raises(RuntimeError):
        outbox.delivery.deliver(reply)
    assert outbox.stored(reply).status == "sending" and outbox.provider.sent == []
    queue = FakeTimerQueue(outbox.threads)
    sweep = TimerSweep(queue, outbox.clock)
    outbox.clock.advance(4 * 60)
    assert sweep.sweep() == 0  # not before five minutes
    outbox.clock.advance(60)
    assert sweep.sweep() == 1
    outbox.delivery.recover(queue.fired[0])
    requeued = outbox.stored(reply)
    assert requeued.status == "queued"
    outbox.delivery.deliver(requeued)  # the stream's record of the message queued again
    assert outbox.stored(reply).status == "sent" and len(outbox.provider.sent) == 1


def test_the_watchdog_of_a_message_sent_in_time_does_nothing(outbox: Outbox) -> None:
    reply = outbox.reply()
    outbox.delivery.deliver(reply)
    queue = FakeTimerQueue(outbox.threads)
    outbox.clock.advance(5 * 60)
    TimerSweep(queue, outbox.clock).sweep()
    outbox.delivery.recover(queue.fired[0])
    assert outbox.stored(reply).status == "sent" and len(outbox.provider.sent) == 1


def test_attachments_go_with_the_sms_as_media(outbox: Outbox) -> None:
    thread = outbox.cases.answer.start(outbox.ines, store_id="s-tracking", channel="sms", to=CHLOE, text="Bonjour")
    photo = Attachment(url="https://cdn.comptoir.test/notice.pdf", content_type="application/pdf")
    reply = outbox.cases.answer.reply(outbox.ines, thread.id, "La notice :", [photo])
    outbox.delivery.deliver(reply)
    (sms,) = outbox.provider.sent
    assert (sms.body, sms.media_urls) == ("La notice :\n-- Order tracking", ["https://cdn.comptoir.test/notice.pdf"])


def test_a_read_report_keeps_when_the_customer_read_it_once(outbox: Outbox) -> None:
    reply = outbox.reply()
    outbox.delivery.deliver(reply)
    outbox.clock.advance(120)
    assert outbox.report(reply, "read") is True  # no time in the report: the moment it arrived
    read_at = outbox.clock.now()
    outbox.clock.advance(300)
    assert outbox.report(reply, "read") is False  # again: nothing changes, never later
    assert outbox.report(reply, "delivered") is False
    stored = outbox.stored(reply)
    assert (stored.status, stored.read_at) == ("delivered", read_at)


def test_a_read_report_carries_its_own_time(outbox: Outbox) -> None:
    reply = outbox.reply()
    outbox.delivery.deliver(reply)
    seen = datetime(2026, 11, 23, 9, 3, tzinfo=UTC)
    outbox.clock.advance(3600)
    callback = dict(parse_qsl(urlsplit(str(outbox.provider.sent[-1].status_callback)).query))
    assert outbox.delivery.record_status(brand_id=callback["b"], thread_id=callback["t"], message_id=callback["m"],
                                         created_at=callback["at"], provider_status="read", error=None, at=seen)
    assert outbox.stored(reply).read_at == seen


def test_a_delivery_report_sets_no_read_time(outbox: Outbox) -> None:
    reply = outbox.reply()
    outbox.delivery.deliver(reply)
    assert outbox.report(reply, "delivered") is True
    assert outbox.stored(reply).read_at is None
