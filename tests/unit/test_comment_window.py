"""A comment opens no window to write freely: Meta opens it only on a customer's direct message, and a comment
allows public replies and one private reply. On fakes, the clock moved by hand."""
from __future__ import annotations

from datetime import timedelta

import pytest

from chalicelib.handlers.render import reply_window
from chalicelib.services.domain.channels import META_TAGS, WindowClosed
from chalicelib.services.domain.conversation import CommentRef
from chalicelib.services.ports.channels import Channels
from chalicelib.services.ports.clock import iso
from chalicelib.services.usecases.conversations.common import thread_id_for
from tests.fakes import FakeSmsTransport, twilio_channels
from tests.unit.conversation_shop import CHLOE, TRACKING_NUMBER, Shop
from tests.unit.test_channel_rules import FakeMetaChannel

DAY = 24 * 3600.0
TAGS = sorted(META_TAGS)


@pytest.fixture
def shop() -> Shop:
    twilio = twilio_channels(FakeSmsTransport())
    return Shop(Channels([twilio.get("sms"), FakeMetaChannel("messenger"), FakeMetaChannel("instagram")]))


def written(shop: Shop, channel: str, text: str, comment: str | None = None) -> str:
    """The customer writes to the store directly, or comments on its post (`comment`: the comment's id)."""
    ref = CommentRef(id=comment, post_id="post-1", permalink=None) if comment else None
    shop.cases.receive.receive(brand_id="maison", store_id="s-tracking", store_address=TRACKING_NUMBER,
                               channel=channel, customer_address=CHLOE, text=text, attachments=[],
                               provider_key=f"{channel}:{comment or shop.clock.now().isoformat()}", comment=ref)
    shop.settle()
    return thread_id_for("maison", channel, CHLOE)


def comment_of(shop: Shop, thread_id: str) -> str:
    page = shop.threads.list_messages("maison", thread_id, None, 50)
    return next(m.id for m in page.items if m.kind == "comment")


@pytest.mark.parametrize("channel", ["messenger", "instagram"])
def test_a_customer_who_only_commented_gets_no_free_direct_message(shop: Shop, channel: str) -> None:
    thread_id = written(shop, channel, "Vous l'avez en 40 ?", comment="c-1")
    with pytest.raises(WindowClosed) as refusal:
        shop.cases.answer.reply(shop.ines, thread_id, "Oui, en boutique", [])
    assert refusal.value.extensions == {"allowed_tags": [], "template_required": False, "comment_replies": True}
    assert set(refusal.value.errors) == {"reply_to"}
    assert "only commented" in refusal.value.detail and "private: true" in refusal.value.detail
    with pytest.raises(WindowClosed):  # a tag goes to someone who once wrote directly, not to a commenter
        shop.cases.answer.reply(shop.ines, thread_id, "Oui", [], tag="ACCOUNT_UPDATE")
    window = reply_window(shop.threads.get("maison", thread_id))  # type: ignore[arg-type]
    assert window == {"ends_at": None, "hours": 168, "allowed_tags": [], "templates": False, "comments": True}
    # What may go instead: a public reply, and one private reply.
    comment = comment_of(shop, thread_id)
    assert shop.cases.answer.reply(shop.ines, thread_id, "Oui", [], reply_to=comment).status == "queued"
    private = shop.cases.answer.reply(shop.ines, thread_id, "En 40, oui", [], reply_to=comment, private=True)
    assert private.private and private.status == "queued"


def test_a_comment_after_a_direct_message_does_not_extend_the_window(shop: Shop) -> None:
    thread_id = written(shop, "messenger", "Bonjour")
    shop.clock.advance(6 * DAY)
    written(shop, "messenger", "Et en bleu ?", comment="c-2")
    shop.clock.advance(DAY - 60)  # 7 days less a minute after the direct message: still open
    shop.cases.answer.reply(shop.ines, thread_id, "Oui", [])
    shop.clock.advance(60)
    with pytest.raises(WindowClosed) as refusal:
        shop.cases.answer.reply(shop.ines, thread_id, "Encore", [])
    assert refusal.value.extensions == {"allowed_tags": TAGS, "template_required": False, "comment_replies": True}
    assert set(refusal.value.errors) == {"tag", "reply_to"}
    assert "since the customer's last direct message" in refusal.value.detail
    assert shop.cases.answer.reply(shop.ines, thread_id, "Encore", [], tag="ACCOUNT_UPDATE").tag == "ACCOUNT_UPDATE"
    thread = shop.threads.get("maison", thread_id)
    assert thread is not None
    window = reply_window(thread)
    assert window is not None and window["allowed_tags"] == TAGS and window["comments"] is True
    assert window["ends_at"] == iso(thread.created_at + timedelta(days=7))  # from the direct message, not the comment


def test_a_direct_message_after_a_comment_opens_the_window(shop: Shop) -> None:
    thread_id = written(shop, "instagram", "Joli !", comment="c-3")
    shop.clock.advance(2 * DAY)
    with pytest.raises(WindowClosed):
        shop.cases.answer.reply(shop.ines, thread_id, "Merci", [])
    written(shop, "instagram", "Vous livrez à Lyon ?")
    shop.clock.advance(7 * DAY - 60)
    assert shop.cases.answer.reply(shop.ines, thread_id, "Oui", []).status == "queued"
    shop.clock.advance(60)
    with pytest.raises(WindowClosed) as refusal:
        shop.cases.answer.reply(shop.ines, thread_id, "Toujours là", [])
    assert refusal.value.extensions["allowed_tags"] == TAGS


def test_a_thread_stored_before_comments_were_told_apart_keeps_its_window() -> None:
    from chalicelib.models.translate.threads import thread_item, thread_of

    shop = Shop(Channels([FakeMetaChannel("messenger")]))
    thread_id = written(shop, "messenger", "Bonjour")
    thread = shop.threads.get("maison", thread_id)
    assert thread is not None and thread.last_direct_at == thread.last_inbound_at
    item = thread_item(thread)
    item.last_direct_at = None  # as written before: neither date
    assert thread_of(item).last_direct_at == thread.last_inbound_at
