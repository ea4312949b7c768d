"""Each channel's rules on what an agent sends: the reply window after the customer's last message, the tags and
templates that may go past it, the maximum length; on fakes, the clock moved by hand.

Messenger and Instagram have no adapter here: fakes registered under their names carry the domain's rules."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

import pytest

from chalicelib.services.domain import Template
from chalicelib.services.domain.channels import (
    CHANNEL_RULES,
    META_TAGS,
    Inbound,
    WindowClosed,
    check_window,
    window_end,
)
from chalicelib.services.domain.errors import InvalidInput, TooLong
from chalicelib.services.ports.channels import Channels, Outgoing, WebhookRequest
from chalicelib.services.usecases.conversations.common import thread_id_for
from tests.fakes import FakeSmsTransport, twilio_channels
from tests.unit.conversation_shop import CHLOE, MONDAY, TRACKING_NUMBER, Shop

HOUR = 3600.0
DAY = 24 * HOUR
GREETING = Template(name="HXorder_ready", language="fr", parameters=("Chloé", "A-1042"))


@dataclass
class FakeMetaChannel:
    """A Messenger or Instagram adapter as the use cases see it: the domain's rules, sends recorded."""

    name: str
    status_path: str | None = None
    sent: list[Outgoing] = field(default_factory=list)

    @property
    def capabilities(self):  # type: ignore[no-untyped-def]
        return CHANNEL_RULES[self.name]

    def verify(self, request: WebhookRequest) -> None: ...

    def parse(self, request: WebhookRequest):  # type: ignore[no-untyped-def]
        raise NotImplementedError

    def parse_status(self, request: WebhookRequest):  # type: ignore[no-untyped-def]
        raise NotImplementedError

    def send(self, message: Outgoing) -> str:
        self.sent.append(message)
        return f"mid.{len(self.sent)}"


@pytest.fixture
def transport() -> FakeSmsTransport:
    return FakeSmsTransport()


@pytest.fixture
def shop(transport: FakeSmsTransport) -> Shop:
    twilio = twilio_channels(transport)
    return Shop(Channels([twilio.get("sms"), twilio.get("whatsapp"), FakeMetaChannel("messenger"),
                          FakeMetaChannel("instagram")]))


def written(shop: Shop, channel: str, text: str = "Bonjour", sender: str = CHLOE) -> str:
    """The customer writes to the tracking store on `channel`; the stream catches up. The thread's id."""
    shop.cases.receive.receive(brand_id="maison", store_id="s-tracking", store_address=TRACKING_NUMBER,
                               channel=channel, customer_address=sender, text=text, attachments=[],
                               provider_key=f"{channel}:{shop.clock.now().isoformat()}")
    shop.settle()
    return thread_id_for("maison", channel, sender)


def test_whatsapp_replies_freely_for_24_hours_then_only_with_a_template(shop: Shop) -> None:
    thread_id = written(shop, "whatsapp")
    shop.clock.advance(DAY - 1)
    assert shop.cases.answer.reply(shop.ines, thread_id, "Votre colis arrive.", []).text == "Votre colis arrive."
    shop.clock.advance(1)  # 24 hours to the second after the customer's message: closed
    with pytest.raises(WindowClosed) as refusal:
        shop.cases.answer.reply(shop.ines, thread_id, "Encore là ?", [])
    assert refusal.value.errors == {"template": "required past the 24-hour window: an approved template "
                                                "(name, language)"}
    assert refusal.value.extensions == {"allowed_tags": [], "template_required": True, "comment_replies": False}
    sent = shop.cases.answer.reply(shop.ines, thread_id, "", [], template=GREETING)
    assert (sent.template, sent.tag, sent.text) == (GREETING, None, "")
    with pytest.raises(InvalidInput) as wrong:
        shop.cases.answer.reply(shop.ines, thread_id, "Encore là ?", [], tag="ACCOUNT_UPDATE")
    assert wrong.value.errors == {"tag": "whatsapp takes no tag"}


def test_the_customer_writing_again_opens_the_window_again(shop: Shop) -> None:
    thread_id = written(shop, "whatsapp")
    shop.clock.advance(3 * DAY)
    with pytest.raises(WindowClosed):
        shop.cases.answer.reply(shop.ines, thread_id, "Bonjour", [])
    written(shop, "whatsapp", "Vous êtes là ?")
    shop.clock.advance(23 * HOUR)
    assert shop.cases.answer.reply(shop.ines, thread_id, "Oui !", []).status == "queued"


@pytest.mark.parametrize("channel", ["messenger", "instagram"])
def test_messenger_and_instagram_reply_freely_for_7_days_then_only_with_one_of_the_three_tags(
        shop: Shop, channel: str) -> None:
    thread_id = written(shop, channel)
    shop.clock.advance(7 * DAY - 60)
    shop.cases.answer.reply(shop.ines, thread_id, "Dans la semaine", [])
    shop.clock.advance(60)
    with pytest.raises(WindowClosed) as refusal:
        shop.cases.answer.reply(shop.ines, thread_id, "Trop tard", [])
    tags = "ACCOUNT_UPDATE, CONFIRMED_EVENT_UPDATE, POST_PURCHASE_UPDATE"
    assert refusal.value.errors == {"tag": f"required past the 7-day window: one of {tags}"}
    assert refusal.value.extensions == {"allowed_tags": sorted(META_TAGS), "template_required": False,
                                       "comment_replies": False}
    assert "7-day" in refusal.value.detail and tags in refusal.value.detail
    with pytest.raises(InvalidInput) as unknown:
        shop.cases.answer.reply(shop.ines, thread_id, "Trop tard", [], tag="HUMAN_AGENT")
    assert unknown.value.errors == {"tag": f"one of {tags}"}
    with pytest.raises(InvalidInput) as templated:
        shop.cases.answer.reply(shop.ines, thread_id, "Trop tard", [], template=GREETING)
    assert "template" in templated.value.errors
    sent = shop.cases.answer.reply(shop.ines, thread_id, "Votre commande est expédiée.", [],
                                   tag="POST_PURCHASE_UPDATE")
    assert sent.tag == "POST_PURCHASE_UPDATE"


def test_sms_has_no_window_and_takes_neither_tag_nor_template(shop: Shop) -> None:
    thread_id = written(shop, "sms")
    shop.clock.advance(60 * DAY)
    assert shop.cases.answer.reply(shop.ines, thread_id, "Toujours là", []).status == "queued"
    for extra, name in [({"tag": "ACCOUNT_UPDATE"}, "tag"), ({"template": GREETING}, "template")]:
        with pytest.raises(InvalidInput) as refusal:
            shop.cases.answer.reply(shop.ines, thread_id, "Toujours là", [], **extra)  # type: ignore[arg-type]
        assert name in refusal.value.errors


@pytest.mark.parametrize(("channel", "limit"), [("whatsapp", 4096), ("messenger", 2000), ("instagram", 1000),
                                                 ("sms", 1000)])
def test_each_channel_has_its_own_maximum_length_refused_never_cut(shop: Shop, channel: str, limit: int) -> None:
    thread_id = written(shop, channel)
    with pytest.raises(TooLong) as refusal:
        shop.cases.answer.reply(shop.ines, thread_id, "x" * (limit + 1), [])
    assert refusal.value.errors == {"text": f"at most {limit} characters ({limit + 1} given)"}
    assert f"{channel} takes at most {limit}" in refusal.value.detail
    assert len(shop.cases.answer.reply(shop.ines, thread_id, "x" * limit, []).text) == limit


def test_a_template_is_stored_on_the_message_and_sent_through_twilio_with_the_prefix(
        shop: Shop, transport: FakeSmsTransport) -> None:
    thread_id = written(shop, "whatsapp")
    shop.cases.answer.reply(shop.ines, thread_id, "Bonjour", [])
    shop.clock.advance(2 * DAY)
    shop.cases.answer.reply(shop.ines, thread_id, "", [], template=GREETING)
    stored = shop.cases.inbox.messages(shop.boss, thread_id, None, 10).items
    assert [m.template for m in stored] == [GREETING, None, None]
    for message in reversed(stored[:2]):
        shop.reactions.message_written(message)
    assert [(s.to, s.from_, s.template) for s in transport.sent] == [
        (f"whatsapp:{CHLOE}", f"whatsapp:{TRACKING_NUMBER}", None),
        (f"whatsapp:{CHLOE}", f"whatsapp:{TRACKING_NUMBER}", GREETING)]


def test_a_tag_reaches_the_channel_s_send(shop: Shop) -> None:
    thread_id = written(shop, "messenger")
    shop.clock.advance(8 * DAY)
    message = shop.cases.answer.reply(shop.ines, thread_id, "Votre rendez-vous est confirmé.", [],
                                      tag="CONFIRMED_EVENT_UPDATE")
    shop.reactions.message_written(message)
    messenger = shop.cases.answer.channels.get("messenger")
    assert [(o.tag, o.to) for o in messenger.sent] == [("CONFIRMED_EVENT_UPDATE", CHLOE)]  # type: ignore[attr-defined]


def test_a_thread_the_customer_never_wrote_on_is_closed_from_the_start() -> None:
    rules = CHANNEL_RULES["whatsapp"]
    assert window_end(rules, None) is None
    with pytest.raises(WindowClosed) as refusal:
        check_window("whatsapp", rules, Inbound(None), MONDAY, None, None)
    assert "has not written yet" in refusal.value.detail
    check_window("whatsapp", rules, Inbound(None), MONDAY, None, GREETING)
    assert window_end(rules, MONDAY) == MONDAY + timedelta(hours=24)
