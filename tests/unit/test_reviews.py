"""Reviews of a store posted by the brand's integration, on fakes: one thread per review, the same review posted
twice stored once, a low rating raising the alert, and the agent's answer by SMS or as a public reply."""
from __future__ import annotations

from datetime import UTC, datetime

import pytest

from chalicelib.services.domain import Attachment, Store, StoreRights
from chalicelib.services.domain.errors import Conflict, Forbidden, InvalidInput, NotFound, TooLong
from chalicelib.services.domain.threads import PRIORITY_ALERT, PRIORITY_NEW, priority
from chalicelib.services.usecases.conversations.common import customer_id_for
from chalicelib.services.usecases.conversations.reviews import ReviewIn
from tests.unit.routing_shop import BOSS, CHLOE, INES, TRACKING, TRACKING_NUMBER, RoutingShop

WRITTEN = datetime(2026, 11, 22, 18, 30, tzinfo=UTC)
ADMIN = "a-store-admin"


@pytest.fixture
def shop() -> RoutingShop:
    shop = RoutingShop()
    shop.add(ADMIN, {TRACKING: StoreRights(perimeter=True, contactable=True, admin=True)})
    return shop


def review(external_id: str = "g-1", rating: int = 4, phone: str | None = None, source: str = "google",
           text: str = "Accueil chaleureux") -> ReviewIn:
    return ReviewIn(source=source, external_id=external_id, rating=rating, created_at=WRITTEN, text=text,
                    category="reception", author_name="Chloé M.", author_phone=phone)


def post(shop: RoutingShop, posted: ReviewIn, by: str = BOSS, store_id: str = TRACKING):  # type: ignore[no-untyped-def]
    return shop.cases.reviews.post(shop.agent(by), store_id, posted)


def test_a_review_is_a_thread_of_its_own_with_the_review_as_its_message(shop: RoutingShop) -> None:
    thread, new = post(shop, review())
    assert new and (thread.channel, thread.store_id, thread.status, thread.review_rating) == (
        "review", TRACKING, "waiting", 4)
    assert (thread.customer.phone, thread.customer.name) == (None, "Chloé M.")
    [message] = shop.stored()
    assert (message.kind, message.direction, message.text, message.applied) == (
        "review", "in", "Accueil chaleureux", True)
    assert message.review is not None
    assert (message.review.source, message.review.rating, message.review.type, message.review.category,
            message.review.written_at) == ("google", 4, "positive", "reception", WRITTEN)
    other, _ = post(shop, review("g-2"))
    assert other.id != thread.id  # one thread per review, even by the same author


def test_the_same_review_posted_twice_is_stored_once(shop: RoutingShop) -> None:
    first, _ = post(shop, review())
    again, new = post(shop, review(text="edited later", rating=1))
    assert not new and again.id == first.id and again.version == first.version and not again.alert
    assert [m.text for m in shop.stored()] == ["Accueil chaleureux"]
    shop.settle()  # the stream applying the stored review again changes nothing
    assert shop.thread(first.id).version == first.version
    # Another source's review with the same id is another review.
    elsewhere, new = post(shop, review(source="trustpilot"))
    assert new and elsewhere.id != first.id


@pytest.mark.parametrize(("rating", "alert", "kind"), [(1, True, "negative"), (2, True, "negative"),
                                                      (3, False, "neutral"), (5, False, "positive")])
def test_a_rating_of_2_or_less_raises_the_alert(shop: RoutingShop, rating: int, alert: bool, kind: str) -> None:
    thread, _ = post(shop, review(rating=rating, text="Très bien" if rating > 2 else "Décevant"))
    assert thread.alert is alert
    assert priority(thread) == (PRIORITY_ALERT if alert else PRIORITY_NEW)
    if alert:
        assert thread.alert_reason == f"review rated {rating} out of 5"
    assert shop.stored()[0].review.type == kind  # type: ignore[union-attr]


def test_a_one_star_review_comes_first_in_the_inbox_before_newer_messages(shop: RoutingShop) -> None:
    bad, _ = post(shop, review(rating=1, text="Jamais plus"))
    shop.wait(minutes=1)
    sms = shop.text("Bonjour, ma commande ?")
    page, _ = shop.cases.inbox.list(shop.agent(INES), store_id=None, statuses=(), folder="inbox", sort="recent",
                                    cursor=None, limit=50)
    assert [t.id for t in page.items] == [bad.id, sms]


def test_no_automatic_message_answers_a_review(shop: RoutingShop) -> None:
    shop.auto_messages(greeting="Bonjour, nous revenons vers vous.")
    thread, _ = post(shop, review(phone=CHLOE))
    shop.settle()
    assert [m.direction for m in shop.stored()] == ["in"] and shop.sms.sent == []
    assert shop.thread(thread.id).greeted_at is None


def test_only_a_brand_admin_or_the_stores_admin_posts_its_reviews(shop: RoutingShop) -> None:
    assert post(shop, review("g-admin"), by=ADMIN)[1]
    with pytest.raises(Forbidden):
        post(shop, review("g-agent"), by=INES)  # writes for the store, but does not administer it
    with pytest.raises(NotFound):
        post(shop, review("g-nowhere"), store_id="s-unknown")
    shop.add("a-other-admin", {"s-after-sales": StoreRights(admin=True)})
    with pytest.raises(NotFound):
        post(shop, review("g-admin"), by="a-other-admin")  # not their store
    with pytest.raises(Conflict) as refused:  # the same review, for their store: it is another store's
        post(shop, review("g-admin"), by="a-other-admin", store_id="s-after-sales")
    assert "external_id" in refused.value.errors
    # Who sees the review's store gets its thread, wherever it was posted (or transferred) since.
    thread, new = post(shop, review("g-admin"), by=BOSS, store_id="s-after-sales")
    assert not new and thread.store_id == TRACKING


def test_the_authors_number_is_read_in_the_stores_country_and_names_the_same_customer(shop: RoutingShop) -> None:
    thread, _ = post(shop, review(phone="06 12 34 56 78"))
    assert (thread.customer.phone, thread.customer.id) == (CHLOE, customer_id_for("maison", CHLOE))
    with pytest.raises(InvalidInput) as refused:
        post(shop, review("g-bad", phone="12"))
    assert "author.phone" in refused.value.errors


def test_a_review_with_the_authors_number_is_answered_by_sms_from_the_stores_number(shop: RoutingShop) -> None:
    thread, _ = post(shop, review(rating=2, phone=CHLOE))
    answer = shop.reply(INES, thread.id, "Désolés, rappelez-nous.")
    assert (answer.channel, answer.kind, answer.thread_id, answer.customer_address, answer.store_address) == (
        "sms", "review_sms", thread.id, CHLOE, TRACKING_NUMBER)
    [sms] = shop.sms.sent
    assert (sms.to, sms.from_, sms.body.startswith("Désolés, rappelez-nous.")) == (CHLOE, TRACKING_NUMBER, True)
    after = shop.thread(thread.id)
    assert after.status == "replied" and [m.status for m in shop.stored()][-1] == "sent"


def test_a_review_without_a_number_gets_a_public_reply_kept_and_sent_nowhere(shop: RoutingShop) -> None:
    thread, _ = post(shop, review(rating=5))
    answer = shop.reply(INES, thread.id, "Merci pour votre avis !")
    assert (answer.channel, answer.kind, answer.status, answer.direction) == (
        "review", "review_reply", "recorded", "out")
    assert shop.sms.sent == [] and shop.thread(thread.id).status == "replied"
    assert [m.text for m in shop.stored()] == ["Accueil chaleureux", "Merci pour votre avis !"]


def test_an_answer_to_a_review_refuses_what_it_cannot_carry(shop: RoutingShop) -> None:
    public, _ = post(shop, review("g-public"))
    agent = shop.agent(INES)
    with pytest.raises(InvalidInput) as refused:
        shop.cases.answer.reply(agent, public.id, "Merci", [Attachment(url="https://x.test/a.png",
                                                                       content_type="image/png")])
    assert "attachments" in refused.value.errors
    for field, extra in (("tag", {"tag": "ACCOUNT_UPDATE"}), ("reply_to", {"reply_to": "m-1"}),
                         ("private", {"private": True})):
        with pytest.raises(InvalidInput) as refused:
            shop.cases.answer.reply(agent, public.id, "Merci", [], **extra)  # type: ignore[arg-type]
        assert field in refused.value.errors
    with pytest.raises(TooLong) as too_long:
        shop.cases.answer.reply(agent, public.id, "x" * 4001, [])
    assert "text" in too_long.value.errors
    assert len(shop.cases.answer.reply(agent, public.id, "x" * 4000, []).text) == 4000


def test_an_sms_answer_needs_the_stores_number(shop: RoutingShop) -> None:
    shop.directory.add_store(Store(brand_id="maison", id="s-draft", name="Draft", timezone="Europe/Paris"))
    thread, _ = post(shop, review(phone=CHLOE), store_id="s-draft")
    with pytest.raises(Conflict) as refused:
        shop.cases.answer.reply(shop.agent(BOSS), thread.id, "Bonjour", [])
    assert "text" in refused.value.errors and shop.stored()[-1].direction == "in"


def test_usual_actions_work_on_a_review(shop: RoutingShop) -> None:
    thread, _ = post(shop, review(rating=1))
    agent = shop.agent(INES)
    resolved = shop.cases.changes.set_status(agent, thread.id, "resolved")
    assert resolved.status == "resolved" and not resolved.alert  # a resolved customer is no longer an alert
    moved = shop.cases.transfer.transfer(shop.agent(BOSS), thread.id, "s-after-sales")
    assert moved.store_id == "s-after-sales"
