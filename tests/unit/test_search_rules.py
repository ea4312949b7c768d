"""Search rules (D3) with in-memory fakes: normalisation, what matches, who sees it, paging."""
from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from chalicelib.services.domain import (
    Agent,
    Brand,
    Customer,
    CustomerProfile,
    Message,
    Store,
    StoreRights,
    Thread,
)
from chalicelib.services.domain.errors import InvalidInput, NotFound
from chalicelib.services.usecases import search as search_module
from chalicelib.services.usecases.conversations.common import customer_id_for, thread_id_for
from chalicelib.services.usecases.search import Search, excerpt, looks_like_number, postings_of, words_of
from tests.fakes import FakeDirectory, FakeThreads
from tests.fakes_search import FakeSearchIndex

AT = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
BRAND = "maison"
PARIS, LYON = "s-paris", "s-lyon"


# -- normalisation ---------------------------------------------------------------------------
def test_words_are_lower_case_without_accents_and_without_small_or_common_words():
    assert words_of("Mon blender est cassé") == ["blender", "casse"]
    assert words_of("Commande n°4521 pas reçue !") == ["commande", "4521", "recue"]
    assert words_of("BLENDER, blender; Blender.") == ["blender"]
    assert words_of("I have a problem with the order") == ["problem", "order"]
    assert words_of("l'été à Noël") == ["ete", "noel"]


def test_a_very_long_word_is_cut_the_same_way_when_indexed_and_asked_for():
    long = "x" * 100
    assert words_of(long) == ["x" * search_module.MAX_WORD]


def test_an_excerpt_is_the_whole_short_text_or_a_window_around_the_word():
    assert excerpt("Mon  blender\nest cassé", 4) == "Mon blender est cassé"
    text = "a" * 300 + " blender " + "b" * 300
    piece = excerpt(text, 301)
    assert "blender" in piece and piece.startswith("…") and piece.endswith("…")
    assert len(piece) <= search_module.EXCERPT + 2


def test_a_message_gives_one_posting_per_distinct_word_each_with_its_excerpt():
    postings = postings_of(a_message("m1", "t1", "Le blender, encore le blender: cassé"))
    assert [p.word for p in postings] == ["blender", "encore", "casse"]
    assert all(p.words == ["blender", "encore", "casse"] for p in postings)
    many = " ".join(f"mot{i}" for i in range(200))
    assert len(postings_of(a_message("m2", "t1", many))) == search_module.MAX_WORDS_PER_MESSAGE


def test_what_looks_like_a_phone_number():
    assert looks_like_number("06 12 34 56 78")
    assert looks_like_number("+33612345678")
    assert looks_like_number("(555) 000-0001")
    assert not looks_like_number("4521")
    assert not looks_like_number("commande 4521")


# -- a shop ------------------------------------------------------------------------------------
def a_message(message_id: str, thread_id: str, text: str, minute: int = 0, store_id: str = PARIS) -> Message:
    return Message(brand_id=BRAND, thread_id=thread_id, id=message_id, direction="in", author="customer", text=text,
                   created_at=AT + timedelta(minutes=minute), channel="sms", store_id=store_id,
                   customer_address="+33600000000", store_address="+33170000001")


class Shop:
    def __init__(self) -> None:
        self.directory = FakeDirectory()
        self.directory.add_brand(Brand(id=BRAND, name="Maison"))
        self.directory.add_store(Store(brand_id=BRAND, id=PARIS, name="Paris", timezone="Europe/Paris",
                                       phone_number="+33170000001"))
        self.directory.add_store(Store(brand_id=BRAND, id=LYON, name="Lyon", timezone="Europe/Paris",
                                       phone_number="+33470000001"))
        self.threads = FakeThreads()
        self.index = FakeSearchIndex(self.threads)
        self.search = Search(self.index, self.directory, ("sms",))
        self.admin = Agent(brand_id=BRAND, id="a-admin", email="admin@maison.test", password_hash="", brand_admin=True)
        self.paris_agent = Agent(brand_id=BRAND, id="a-ines", email="ines@maison.test", password_hash="",
                                 rights={PARIS: StoreRights(perimeter=True)})
        self.n = 0

    def customer_writes(self, phone: str, text: str, minute: int = 0, store_id: str = PARIS) -> Thread:
        thread_id = thread_id_for(BRAND, "sms", phone)
        thread = self.threads.get(BRAND, thread_id)
        at = AT + timedelta(minutes=minute)
        if thread is None:
            thread = Thread(brand_id=BRAND, id=thread_id, store_id=store_id, channel="sms",
                            customer=Customer(id=customer_id_for(BRAND, phone), phone=phone), status="waiting",
                            conversation_id="c1", conversation_started_at=at, last_message_at=at, created_at=at)
            self.threads.save(None, thread)
        else:
            after = replace(thread, last_message_at=at, version=thread.version + 1)
            self.threads.save(thread, after)
            thread = after
        self.n += 1
        self.search.message_stored(a_message(f"m{self.n:04d}", thread_id, text, minute, store_id))
        return thread

    def find(self, q: str, agent: Agent | None = None, **options) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
        options = {"store_id": None, "cursor": None, "limit": 50, **options}
        page = self.search.search(agent or self.admin, q, **options)
        return [(h.thread.customer.phone, h.kind) for h in page.items]


@pytest.fixture
def shop() -> Shop:
    return Shop()


# -- words -------------------------------------------------------------------------------------
def test_a_word_finds_the_threads_whose_messages_hold_it_newest_first_once_each(shop):
    shop.customer_writes("+33611111111", "Mon blender est cassé", minute=1)
    shop.customer_writes("+33622222222", "Le blender ne chauffe pas", minute=2)
    shop.customer_writes("+33611111111", "Toujours rien pour mon BLENDER", minute=3)
    shop.customer_writes("+33633333333", "Où est ma commande ?", minute=4)
    assert shop.find("Blender") == [("+33611111111", "text"), ("+33622222222", "text")]
    page = shop.search.search(shop.admin, "blender", store_id=None, cursor=None, limit=50)
    assert page.items[0].excerpt == "Toujours rien pour mon BLENDER" and page.next_cursor is None


def test_several_words_find_messages_holding_all_of_them(shop):
    shop.customer_writes("+33611111111", "commande 4521 pas reçue", minute=1)
    shop.customer_writes("+33622222222", "commande 9999 reçue, merci", minute=2)
    shop.customer_writes("+33633333333", "facture 4521", minute=3)
    assert shop.find("commande 4521") == [("+33611111111", "text")]
    assert shop.find("4521 Commande") == [("+33611111111", "text")]
    assert shop.find("reçue") == [("+33622222222", "text"), ("+33611111111", "text")]


def test_a_query_of_only_common_words_finds_nothing(shop):
    shop.customer_writes("+33611111111", "le la les", minute=1)
    assert shop.find("le la") == []


def test_an_agent_finds_only_threads_of_stores_they_see_now(shop):
    paris = shop.customer_writes("+33611111111", "blender cassé", minute=1, store_id=PARIS)
    shop.customer_writes("+33622222222", "blender cassé", minute=2, store_id=LYON)
    assert shop.find("blender", shop.paris_agent) == [("+33611111111", "text")]
    # Moved to Lyon after its message was indexed: no longer in Paris's results.
    shop.threads.save(paris, replace(paris, store_id=LYON, version=paris.version + 1))
    assert shop.find("blender", shop.paris_agent) == []
    assert len(shop.find("blender")) == 2


def test_a_store_narrows_the_search_and_an_unseen_store_is_not_found(shop):
    shop.customer_writes("+33611111111", "blender", minute=1, store_id=PARIS)
    shop.customer_writes("+33622222222", "blender", minute=2, store_id=LYON)
    assert shop.find("blender", store_id=LYON) == [("+33622222222", "text")]
    with pytest.raises(NotFound):
        shop.find("blender", shop.paris_agent, store_id=LYON)


def test_pages_follow_each_other_without_repeats_or_gaps(shop):
    phones = [f"+336000000{i:02d}" for i in range(7)]
    for minute, phone in enumerate(phones):
        shop.customer_writes(phone, f"blender numéro {minute}", minute=minute)
    seen, cursor = [], None
    while True:
        page = shop.search.search(shop.admin, "blender", store_id=None, cursor=cursor, limit=3)
        assert len(page.items) <= 3
        seen += [h.thread.customer.phone for h in page.items]
        cursor = page.next_cursor
        if cursor is None:
            break
    assert seen == list(reversed(phones))


def test_a_request_reads_a_bounded_number_of_index_pages_and_its_cursor_goes_on(shop, monkeypatch):
    monkeypatch.setattr(search_module, "READ_SIZE", 10)
    shop.customer_writes("+33699999999", "blender", minute=0, store_id=PARIS)
    for i in range(60):  # newer, in a store the agent does not see
        shop.customer_writes(f"+336100000{i:02d}", "blender", minute=1 + i, store_id=LYON)
    shop.index.reads = 0
    first = shop.search.search(shop.paris_agent, "blender", store_id=None, cursor=None, limit=5)
    assert first.items == [] and first.next_cursor is not None
    assert shop.index.reads == search_module.MAX_READS
    found, cursor = [], first.next_cursor
    while cursor:
        page = shop.search.search(shop.paris_agent, "blender", store_id=None, cursor=cursor, limit=5)
        found += [h.thread.customer.phone for h in page.items]
        cursor = page.next_cursor
    assert found == ["+33699999999"]


def test_a_page_asks_only_for_the_threads_it_shows_when_the_agent_sees_them_all(shop):
    for i in range(120):
        shop.customer_writes(f"+33610000{i:03d}", "blender", minute=i)
    shop.index.thread_reads = []
    page = shop.search.search(shop.admin, "blender", store_id=None, cursor=None, limit=50)
    assert len(page.items) == 50 and shop.index.thread_reads == [50]


def test_bad_queries_name_their_field(shop):
    for q in ("", " ", "x"):
        with pytest.raises(InvalidInput) as refusal:
            shop.find(q)
        assert "q" in refusal.value.errors
    with pytest.raises(InvalidInput) as refusal:
        shop.find("blender", limit=0)
    assert "limit" in refusal.value.errors
    with pytest.raises(InvalidInput) as refusal:
        shop.find("blender", cursor="not-a-cursor")
    assert "cursor" in refusal.value.errors


# -- numbers -----------------------------------------------------------------------------------
def test_a_number_in_national_or_international_format_finds_its_thread(shop):
    shop.customer_writes("+33612345678", "Bonjour", minute=1)
    shop.customer_writes("+33698765432", "Bonjour", minute=2)
    assert shop.find("06 12 34 56 78") == [("+33612345678", "number")]
    assert shop.find("+33612345678") == [("+33612345678", "number")]
    assert shop.find("06.98.76.54.32") == [("+33698765432", "number")]
    assert shop.find("07 00 00 00 00") == []
    assert shop.find("06 12 34 56 78", shop.paris_agent, store_id=PARIS) == [("+33612345678", "number")]


def test_a_number_of_a_thread_in_an_unseen_store_finds_nothing(shop):
    shop.customer_writes("+33612345678", "Bonjour", minute=1, store_id=LYON)
    assert shop.find("0612345678", shop.paris_agent) == []


# -- names -------------------------------------------------------------------------------------
def test_a_customer_name_finds_their_threads_before_messages(shop):
    chloe = CustomerProfile(brand_id=BRAND, id=customer_id_for(BRAND, "+33612345678"), phone="+33612345678",
                            name="Chloé Martin")
    shop.customer_writes("+33612345678", "Bonjour", minute=1)
    shop.customer_writes("+33622222222", "Je suis chez Martin, le voisin", minute=2)
    shop.search.customer_changed(None, chloe)
    assert shop.find("chloe") == [("+33612345678", "name")]
    assert shop.find("martin") == [("+33612345678", "name"), ("+33622222222", "text")]
    assert shop.find("Chloé Martin") == [("+33612345678", "name")]


def test_a_renamed_customer_is_no_longer_found_by_the_old_name(shop):
    phone = "+33612345678"
    before = CustomerProfile(brand_id=BRAND, id=customer_id_for(BRAND, phone), phone=phone, name="Chloé Martin")
    shop.customer_writes(phone, "Bonjour", minute=1)
    shop.search.customer_changed(None, before)
    shop.search.customer_changed(before, replace(before, name="Chloé Durand"))
    assert shop.find("martin") == []
    assert shop.find("durand") == [(phone, "name")]
    assert shop.find("chloe") == [(phone, "name")]
    shop.search.customer_changed(replace(before, name="Chloé Durand"), None)
    assert shop.find("chloe") == []
