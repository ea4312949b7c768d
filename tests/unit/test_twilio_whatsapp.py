"""WhatsApp through Twilio: `whatsapp:` numbers on Twilio's webhook become the WhatsApp channel, read without the
prefix, answered with it; Twilio's signature check and REST send are the SMS channel's own."""
from __future__ import annotations

import json

import pytest

from chalicelib.channels.twilio_whatsapp import TwilioWhatsappChannel, twilio_channel_of, without_prefix
from chalicelib.services.domain import Template
from chalicelib.services.domain.errors import InvalidSignature
from chalicelib.services.ports.channels import Outgoing
from tests.unit.test_twilio_sms import CHLOE, STORE, Messages, channel, form, twilio_request

WA_CHLOE, WA_STORE = f"whatsapp:{CHLOE}", f"whatsapp:{STORE}"


def whatsapp(messages: Messages | None = None) -> TwilioWhatsappChannel:
    return TwilioWhatsappChannel(channel(messages))


@pytest.mark.parametrize(("params", "expected"), [
    ({"From": WA_CHLOE, "To": WA_STORE}, "whatsapp"),
    ({"From": WA_STORE, "To": WA_CHLOE}, "whatsapp"),  # a status callback on a message we sent
    ({"From": "WhatsApp:" + CHLOE}, "whatsapp"),
    ({"From": CHLOE, "To": STORE}, "sms"),
    ({}, "sms"),
])
def test_the_prefix_on_either_number_picks_whatsapp(params: dict[str, str], expected: str) -> None:
    assert twilio_channel_of(params) == expected


def test_an_inbound_whatsapp_message_is_read_without_the_prefix() -> None:
    message = whatsapp().parse(twilio_request(form(From=WA_CHLOE, To=WA_STORE, OptOutType="STOP", Body="STOP")))
    assert (message.channel, message.from_address, message.to_address, message.provider_id, message.text) == (
        "whatsapp", CHLOE, STORE, "SM0001", "STOP")
    assert message.opt_out_type is None  # Twilio's Advanced Opt-Out is for SMS: on WhatsApp, STOP is a message


def test_the_signature_is_checked_on_the_form_as_twilio_sent_it() -> None:
    params = form(From=WA_CHLOE, To=WA_STORE)
    whatsapp().verify(twilio_request(params))
    with pytest.raises(InvalidSignature):
        whatsapp().verify(twilio_request(params, token="someone-else"))
    tampered = twilio_request(params)
    with pytest.raises(InvalidSignature):
        whatsapp().verify(type(tampered)(url=tampered.url, headers=tampered.headers,
                                         params={**params, "From": CHLOE}))


def test_an_answer_goes_through_twilio_with_the_prefix_on_both_numbers() -> None:
    messages = Messages()
    sid = whatsapp(messages).send(Outgoing(to=CHLOE, sender=STORE, text="Bonjour", status_callback="cb"))
    assert sid == "SM123"
    assert messages.calls == [{"to": WA_CHLOE, "from_": WA_STORE, "body": "Bonjour", "status_callback": "cb"}]


def test_a_template_goes_as_twilio_content_with_its_parameters_in_order() -> None:
    messages = Messages()
    template = Template(name="HX0123456789abcdef", language="fr", parameters=("Chloé", "A-1042"))
    whatsapp(messages).send(Outgoing(to=CHLOE, sender=STORE, text="ignored", template=template))
    (call,) = messages.calls
    assert (call["to"], call["content_sid"], "body" in call) == (WA_CHLOE, "HX0123456789abcdef", False)
    assert json.loads(call["content_variables"]) == {"1": "Chloé", "2": "A-1042"}


def test_a_status_callback_is_read_as_the_sms_one() -> None:
    report = whatsapp().parse_status(twilio_request(form(From=WA_STORE, To=WA_CHLOE, MessageStatus="read")))
    assert (report.provider_id, report.status) == ("SM0001", "read")


def test_whatsapp_takes_4096_characters_for_24_hours_then_templates() -> None:
    rules = whatsapp().capabilities
    assert (rules.max_length, rules.reply_window.total_seconds(), rules.templates, rules.tags) == (  # type: ignore[union-attr]
        4096, 86400, True, frozenset())
    assert without_prefix(" whatsapp:+33612345678") == "+33612345678" and without_prefix(CHLOE) == CHLOE
