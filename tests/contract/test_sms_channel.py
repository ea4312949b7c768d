"""The SMS channel sends the same way through Twilio's REST API (its client faked) and through the sandbox outbox.

The sandbox outbox (on moto) is the twin of Twilio's REST send: one set of shape tests runs over both.
"""
from __future__ import annotations

import re
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any

import pytest
from moto import mock_aws

from chalicelib.channels.twilio_sms import SmsTransport, TwilioRestTransport, TwilioSmsChannel
from chalicelib.sandbox import store as sandbox_store
from chalicelib.services.domain.optout import RecipientOptedOut
from chalicelib.services.ports.channels import Outgoing
from chalicelib.services.ports.clock import FixedClock

TOKEN = "the-auth-token"
CHLOE, STORE = "+33612345678", "+15550000001"
CALLBACK = "https://comptoir.test/webhooks/twilio/status?at=2026-11-23T09%3A00%3A00.000Z&b=maison&m=m1&t=t1"
TWILIO_SID = re.compile(r"SM[0-9a-f]{32}")


@dataclass
class Carried:
    """An SMS as the carrier took it."""

    to: str
    sender: str
    body: str
    media: tuple[str, ...]
    status_callback: str | None


class Messages:
    """Twilio's REST client's `messages`: answers with a message id of Twilio's shape."""

    def __init__(self) -> None:
        self.calls: list[dict[str, Any]] = []
        self.opted_out: set[tuple[str, str]] = set()  # (store number, customer) pairs Twilio refuses

    def create(self, **kwargs: Any) -> Any:
        from twilio.base.exceptions import TwilioRestException

        if (kwargs["from_"], kwargs["to"]) in self.opted_out:
            raise TwilioRestException(400, "https://api.twilio.com/Messages.json",
                                      "Attempt to send to unsubscribed recipient", code=21610)
        self.calls.append(kwargs)
        return SimpleNamespace(sid="SM" + secrets.token_hex(16))


class RestTwilio:
    def __init__(self) -> None:
        self.messages = Messages()
        self.transport: SmsTransport = TwilioRestTransport("AC-test", TOKEN, SimpleNamespace(messages=self.messages))

    def carried(self) -> list[Carried]:
        return [Carried(c["to"], c["from_"], c["body"], tuple(c.get("media_url", ())), c["status_callback"])
                for c in self.messages.calls]

    def customer_texts_stop(self, customer: str, store: str) -> None:
        self.messages.opted_out.add((store, customer))


class SandboxTwilio:
    def __init__(self) -> None:
        self.outbox = sandbox_store.SandboxOutbox(FixedClock(datetime(2026, 11, 23, 9, 0, tzinfo=UTC)))
        self.transport: SmsTransport = self.outbox

    def carried(self) -> list[Carried]:
        return [Carried(i.to, i.sender or "", i.body, tuple(i.media or ()), i.status_callback)
                for i in self.outbox.undelivered()]

    def customer_texts_stop(self, customer: str, store: str) -> None:
        self.outbox.opt_outs.inbound(customer=customer, store_number=store, body="STOP")


@pytest.fixture(scope="module")
def _aws() -> Iterator[None]:
    with mock_aws():
        sandbox_store.configure(None, "eu-west-3", "comptoir-sandbox-contract")
        yield


@pytest.fixture(params=["twilio-rest", "sandbox-outbox"])
def carrier(request: pytest.FixtureRequest) -> Iterator[RestTwilio | SandboxTwilio]:
    if request.param == "twilio-rest":
        yield RestTwilio()
        return
    request.getfixturevalue("_aws")
    sandbox_store.create_table()
    try:
        yield SandboxTwilio()
    finally:
        sandbox_store.SandboxItem.delete_table()


def sms(carrier: RestTwilio | SandboxTwilio) -> TwilioSmsChannel:
    return TwilioSmsChannel(TOKEN, carrier.transport)


def test_an_sms_goes_out_with_its_media_and_callback_and_gets_a_twilio_id(carrier: RestTwilio | SandboxTwilio) -> None:
    sid = sms(carrier).send(Outgoing(to=CHLOE, sender=STORE, text="La notice\n-- Order tracking",
                                     media_urls=("https://cdn.test/notice.pdf",), status_callback=CALLBACK))
    assert TWILIO_SID.fullmatch(sid)
    assert carrier.carried() == [Carried(CHLOE, STORE, "La notice\n-- Order tracking",
                                         ("https://cdn.test/notice.pdf",), CALLBACK)]


def test_a_plain_sms_carries_no_media(carrier: RestTwilio | SandboxTwilio) -> None:
    sms(carrier).send(Outgoing(to=CHLOE, sender=STORE, text="Bonjour"))
    assert carrier.carried() == [Carried(CHLOE, STORE, "Bonjour", (), None)]


def test_each_sms_gets_its_own_id(carrier: RestTwilio | SandboxTwilio) -> None:
    channel = sms(carrier)
    first, second = (channel.send(Outgoing(to=CHLOE, sender=STORE, text=t)) for t in ("Un", "Deux"))
    assert first != second and len(carrier.carried()) == 2


def test_the_status_report_for_a_sent_sms_verifies_and_names_it(carrier: RestTwilio | SandboxTwilio) -> None:
    channel = sms(carrier)
    sid = channel.send(Outgoing(to=CHLOE, sender=STORE, text="Bonjour", status_callback=CALLBACK))
    (carried,) = carrier.carried()
    report = channel.signed_request(str(carried.status_callback), {"MessageSid": sid, "MessageStatus": "delivered"})
    channel.verify(report)
    assert channel.parse_status(report).provider_id == sid
    assert (report.query["b"], report.query["t"], report.query["m"]) == ("maison", "t1", "m1")


def test_a_send_to_a_customer_who_opted_out_with_the_carrier_is_refused_as_21610(
        carrier: RestTwilio | SandboxTwilio) -> None:
    carrier.customer_texts_stop(CHLOE, STORE)
    with pytest.raises(RecipientOptedOut, match="21610"):
        sms(carrier).send(Outgoing(to=CHLOE, sender=STORE, text="Bonjour"))
    sms(carrier).send(Outgoing(to=CHLOE, sender="+15550000002", text="From another number"))
    assert [c.sender for c in carrier.carried()] == ["+15550000002"]


def test_the_sandbox_network_confirms_stop_and_start_as_twilio_does(_aws: None) -> None:
    sandbox_store.create_table()
    try:
        outbox = SandboxTwilio().outbox
        assert outbox.opt_outs.inbound(customer=CHLOE, store_number=STORE, body=" arrêt ") == "STOP"
        assert outbox.read(CHLOE)[0]["body"].startswith("You have successfully been unsubscribed")
        assert outbox.opt_outs.inbound(customer=CHLOE, store_number=STORE, body="Start") == "START"
        # Both confirmations are there; within one millisecond their order in the outbox is not defined.
        bodies = sorted(m["body"] for m in outbox.read(CHLOE))
        assert len(bodies) == 2 and bodies[0].startswith("You have successfully been resubscribed")
        assert bodies[1].startswith("You have successfully been unsubscribed")
        assert outbox.opt_outs.inbound(customer=CHLOE, store_number=STORE, body="Bonjour") is None
        outbox.send_sms(to=CHLOE, from_=STORE, body="Bonjour", status_callback=None)
        assert outbox.undelivered()[0].body == "Bonjour"  # the confirmations are not ours to report on
    finally:
        sandbox_store.SandboxItem.delete_table()


def test_the_inbound_form_carries_twilios_opt_out_type() -> None:
    channel = TwilioSmsChannel(TOKEN, RestTwilio().transport)
    params = {"MessageSid": "SM1", "From": CHLOE, "To": STORE, "Body": "Je ne veux plus", "OptOutType": "STOP"}
    assert channel.parse(channel.signed_request("https://comptoir.test/webhooks/twilio/sms", params)).opt_out_type \
        == "STOP"
    del params["OptOutType"]
    assert channel.parse(channel.signed_request("https://comptoir.test/webhooks/twilio/sms", params)).opt_out_type \
        is None
