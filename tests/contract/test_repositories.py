"""One contract, two implementations: the in-memory fakes and the DynamoDB repositories (on moto and on
DynamoDB Local, see tests/dynamodb_local_support.py).

As in chalice's todo sample, the suite is a base class; each subclass only says which repositories it tests.
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from chalicelib.models.directory import DynamoDirectory
from chalicelib.models.threads import DynamoThreads
from chalicelib.services.domain import (
    Agent,
    Brand,
    Customer,
    Invitation,
    Message,
    Store,
    StoreRights,
    Template,
    Thread,
    ThreadStatus,
    Timer,
)
from chalicelib.services.domain.errors import AlreadyApplied, AlreadyExists, Conflict, InvalidInput, StaleVersion
from chalicelib.services.ports.repositories import ThreadQuery
from tests.dynamodb_local_support import OnBothBackends
from tests.fakes import FakeDirectory, FakeThreads

AT = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
BRAND = "maison"
TRACKING, AFTER_SALES = "s-tracking", "s-after-sales"
ALL: tuple[ThreadStatus, ...] = ("waiting", "replied", "resolved")


def a_store(store_id: str = TRACKING, number: str | None = "+33170000001", brand: str = BRAND) -> Store:
    return Store(brand_id=brand, id=store_id, name="Order tracking", timezone="Europe/Paris", phone_number=number,
                 address="1 rue de la Paix, Paris", avatar_url="https://cdn.test/a.png", created_at=AT)


def an_agent(agent_id: str, email: str, rights: dict[str, StoreRights] | None = None) -> Agent:
    return Agent(brand_id=BRAND, id=agent_id, email=email, password_hash="plain:secret-password", first_name="Inès",
                 last_name="Moreau", rights=rights or {}, notify_new_message=True, created_at=AT)


def an_invitation() -> Invitation:
    return Invitation(brand_id=BRAND, token_hash="maison.token1", email="lea@maison.test", store_id=TRACKING,
                      invited_by="a-ines", created_at=AT, expires_at=AT + timedelta(days=7))


def a_thread(thread_id: str, store_id: str = TRACKING, status: str = "waiting", minute: int = 0,
             brand: str = BRAND) -> Thread:
    at = AT + timedelta(minutes=minute)
    return Thread(brand_id=brand, id=thread_id, store_id=store_id, channel="sms",
                  customer=Customer(id=f"c-{thread_id}", phone="+33612345678", name="Chloé"), status=status,  # type: ignore[arg-type]
                  conversation_id="c1", conversation_started_at=at, last_message_at=at, created_at=at, store_since=at,
                  waiting_since=at if status == "waiting" else None, contact_id="k1" if status == "waiting" else None,
                  participants=["a-ines"], assigned_agent_id="a-ines", version=1)


def a_message(message_id: str, thread_id: str = "t1", minute: int = 0, direction: str = "in",
              status: str = "received", brand: str = BRAND) -> Message:
    return Message(brand_id=brand, thread_id=thread_id, id=message_id, direction=direction,  # type: ignore[arg-type]
                   author="customer" if direction == "in" else "agent", text=f"message {message_id}",
                   created_at=AT + timedelta(minutes=minute), channel="sms", store_id=TRACKING,
                   customer_address="+33612345678", store_address="+33170000001", status=status)



def pages_of(threads: object, query: ThreadQuery) -> list[list[str]]:
    """Every page of a thread list, followed by cursor to its end: the ids on each page."""
    pages, cursor = [], None
    while True:
        page = threads.list_threads(replace(query, cursor=cursor))  # type: ignore[attr-defined]
        pages.append([t.id for t in page.items])
        if not page.next_cursor:
            return pages
        cursor = page.next_cursor

class RepositoryContract:
    directory: FakeDirectory | DynamoDirectory
    threads: FakeThreads | DynamoThreads

    @contextmanager
    def backend(self) -> Iterator[tuple[object, object]]:
        raise NotImplementedError

    @pytest.fixture(autouse=True)
    def _repositories(self) -> Iterator[None]:
        with self.backend() as (directory, threads):
            self.directory, self.threads = directory, threads  # type: ignore[assignment]
            self.directory.add_brand(Brand(id=BRAND, name="Maison Lune", created_at=AT))
            self.directory.add_store(a_store())
            self.directory.add_store(replace(a_store(AFTER_SALES, "+33170000002"), name="After-sales"))
            yield

    def save_all(self, *threads: Thread) -> None:
        for thread in threads:
            self.threads.save(None, thread)

    def pages(self, query: ThreadQuery) -> list[list[str]]:
        return pages_of(self.threads, query)

    # -- brand, stores, agents -------------------------------------------------------------
    def test_brand_store_and_agent_come_back_as_saved(self) -> None:
        self.directory.save_brand(Brand(id=BRAND, name="Maison Lune Paris", picture_url="https://cdn.test/b.png",
                                        created_at=AT))
        ines = an_agent("a-ines", "ines@maison.test", {TRACKING: StoreRights(perimeter=True, admin=True)})
        self.directory.add_agent(ines)
        assert self.directory.get_brand(BRAND).name == "Maison Lune Paris"  # type: ignore[union-attr]
        assert self.directory.get_store(BRAND, TRACKING) == replace(a_store(), agent_count=1)
        assert self.directory.get_agent(BRAND, "a-ines") == ines
        assert self.directory.find_agent_by_email(" INES@maison.test ") == ines
        assert [s.id for s in self.directory.list_stores(BRAND)] == [AFTER_SALES, TRACKING]
        assert [a.id for a in self.directory.list_agents(BRAND)] == ["a-ines"]
        assert self.directory.get_store("other-brand", TRACKING) is None

    def test_an_email_belongs_to_one_account(self) -> None:
        self.directory.add_agent(an_agent("a-ines", "ines@maison.test"))
        with pytest.raises(AlreadyExists):
            self.directory.add_agent(an_agent("a-other", "ines@maison.test"))
        self.directory.add_agent(an_agent("a-paul", "paul@maison.test"))
        with pytest.raises(AlreadyExists):
            self.directory.save_agent(replace(an_agent("a-paul", "ines@maison.test")), "paul@maison.test")
        self.directory.save_agent(an_agent("a-paul", "paul.d@maison.test"), "paul@maison.test")
        assert self.directory.find_agent_by_email("paul@maison.test") is None
        assert self.directory.find_agent_by_email("paul.d@maison.test").id == "a-paul"  # type: ignore[union-attr]

    def test_a_number_belongs_to_one_store(self) -> None:
        with pytest.raises(AlreadyExists):
            self.directory.add_store(a_store("s-copy", "+33170000001"))
        self.directory.add_store(a_store("s-draft-1", None))
        self.directory.add_store(a_store("s-draft-2", None))
        assert self.directory.find_store_ref_by_number("+33170000001") == (BRAND, TRACKING)
        assert self.directory.find_store_by_number("+33170000001").id == TRACKING  # type: ignore[union-attr]
        assert self.directory.find_store_ref_by_number("+33699999999") is None

    def test_a_new_number_frees_the_old_one(self) -> None:
        self.directory.save_store(replace(a_store(), phone_number="+33170000009"), "+33170000001")
        assert self.directory.find_store_ref_by_number("+33170000009") == (BRAND, TRACKING)
        assert self.directory.find_store_by_number("+33170000001") is None
        self.directory.add_store(a_store("s-new", "+33170000001"))
        with pytest.raises(AlreadyExists):
            self.directory.save_store(replace(a_store(), phone_number="+33170000002"), "+33170000009")
        assert self.directory.get_store(BRAND, TRACKING).phone_number == "+33170000009"  # type: ignore[union-attr]

    def test_rights_keep_the_agent_count_of_each_store_exact(self) -> None:
        ines = an_agent("a-ines", "ines@maison.test", {TRACKING: StoreRights(perimeter=True)})
        self.directory.add_agent(ines)
        self.directory.add_agent(an_agent("a-paul", "paul@maison.test", {TRACKING: StoreRights(contactable=True)}))
        both = {TRACKING: StoreRights(perimeter=True), AFTER_SALES: StoreRights(admin=True)}
        self.directory.save_rights(replace(ines, rights=both), ines.rights)
        self.directory.save_rights(replace(ines, rights={AFTER_SALES: StoreRights(admin=True)}), both)
        # A stale copy of the store never overwrites the count maintained by the rights.
        self.directory.save_store(replace(a_store(), name="Suivi de commande", agent_count=0), "+33170000001")
        counts = {s.id: s.agent_count for s in self.directory.list_stores(BRAND)}
        assert counts == {TRACKING: 1, AFTER_SALES: 1}
        assert self.directory.get_agent(BRAND, "a-ines").rights == {AFTER_SALES: StoreRights(admin=True)}  # type: ignore[union-attr]

    def test_an_invitation_is_accepted_once(self) -> None:
        invitation = an_invitation()
        self.directory.add_invitation(invitation)
        assert self.directory.get_invitation(BRAND, "maison.token1") == invitation
        assert self.directory.get_invitation(BRAND, "maison.token2") is None
        lea = an_agent("a-lea", "lea@maison.test", {TRACKING: StoreRights(perimeter=True, contactable=True)})
        accepted = replace(invitation, accepted_at=AT + timedelta(hours=1))
        self.directory.accept_invitation(accepted, lea)
        assert self.directory.get_invitation(BRAND, "maison.token1") == accepted
        assert self.directory.get_store(BRAND, TRACKING).agent_count == 1  # type: ignore[union-attr]
        with pytest.raises(Conflict):
            self.directory.accept_invitation(accepted, an_agent("a-lea2", "lea2@maison.test"))
        assert self.directory.find_agent_by_email("lea2@maison.test") is None

    def test_accepting_with_a_taken_email_changes_nothing(self) -> None:
        self.directory.add_agent(an_agent("a-lea", "lea@maison.test"))
        invitation = an_invitation()
        self.directory.add_invitation(invitation)
        with pytest.raises(AlreadyExists):
            self.directory.accept_invitation(replace(invitation, accepted_at=AT), an_agent("a-x", "lea@maison.test"))
        assert self.directory.get_invitation(BRAND, "maison.token1").accepted_at is None  # type: ignore[union-attr]

    # -- threads: conditional writes -------------------------------------------------------
    def test_a_thread_comes_back_as_saved_and_is_created_once(self) -> None:
        thread = a_thread("t1")
        self.threads.save(None, thread)
        assert self.threads.get(BRAND, "t1") == thread
        assert self.threads.get("other-brand", "t1") is None
        with pytest.raises(StaleVersion):
            self.threads.save(None, replace(thread, status="replied"))

    def test_threads_are_read_many_at_once_those_that_exist(self) -> None:
        first, second = a_thread("t1"), a_thread("t2")
        self.threads.save(None, first)
        self.threads.save(None, second)
        assert self.threads.get_many(BRAND, ["t1", "t2", "t-none", "t1"]) == {"t1": first, "t2": second}
        assert self.threads.get_many("other-brand", ["t1"]) == {}
        assert self.threads.get_many(BRAND, []) == {}

    def test_a_save_is_conditional_on_the_version_read(self) -> None:
        first = a_thread("t1")
        self.threads.save(None, first)
        replied = replace(first, status="replied", version=2)
        self.threads.save(first, replied)
        with pytest.raises(StaleVersion):
            self.threads.save(first, replace(first, status="resolved", version=2))
        assert self.threads.get(BRAND, "t1") == replied

    def test_a_message_is_applied_once_and_the_refused_write_changes_nothing(self) -> None:
        message = a_message("m1")
        assert self.threads.record_inbound(message, "sms:SM1")
        thread = a_thread("t1")
        self.threads.save(None, thread, applied=[replace(message, conversation_id="c1", contact_id="k1")])
        stored = self.threads.get_message(BRAND, "t1", "2026-11-23T09:00:00.000Z#m1")
        assert stored and stored.applied and (stored.conversation_id, stored.contact_id) == ("c1", "k1")
        with pytest.raises(AlreadyApplied):
            self.threads.save(thread, replace(thread, status="resolved", version=2), applied=[message])
        assert self.threads.get(BRAND, "t1") == thread
        assert self.threads.counts(BRAND, (TRACKING,)).totals == {"waiting": 1, "replied": 0, "resolved": 0}

    def test_counts_follow_status_changes_and_transfers(self) -> None:
        first, second = a_thread("t1"), a_thread("t2", minute=1)
        self.save_all(first, second, a_thread("t3", status="replied"), a_thread("t4", AFTER_SALES, "resolved"))
        resolved = replace(first, status="resolved", version=2)
        self.threads.save(first, resolved)
        self.threads.save(second, replace(second, store_id=AFTER_SALES, version=2))
        self.threads.save(resolved, replace(resolved, folder="done", version=3))  # out of the inbox, out of the counts
        assert self.threads.counts(BRAND, (TRACKING,)).totals == {"waiting": 0, "replied": 1, "resolved": 0}
        assert self.threads.counts(BRAND, (AFTER_SALES,)).totals == {"waiting": 1, "replied": 0, "resolved": 1}
        assert self.threads.counts(BRAND, None).totals == {"waiting": 1, "replied": 1, "resolved": 1}
        assert self.threads.counts(BRAND, None).counted_stores == {TRACKING, AFTER_SALES}
        assert self.threads.counts("other-brand", None).totals == {"waiting": 0, "replied": 0, "resolved": 0}

    # -- messages --------------------------------------------------------------------------
    def test_one_provider_message_is_stored_once(self) -> None:
        assert self.threads.record_inbound(a_message("m1"), "sms:SM1") is True
        assert self.threads.record_inbound(a_message("m2", minute=1), "sms:SM1") is False
        assert self.threads.record_inbound(a_message("m3", brand="other-brand"), "sms:SM1") is True
        assert self.threads.record_inbound(a_message("m4", minute=2), None) is True
        assert [m.id for m in self.threads.list_messages(BRAND, "t1", None, 10).items] == ["m4", "m1"]

    def test_messages_come_newest_first_in_pages(self) -> None:
        for n in range(7):
            self.threads.record_inbound(a_message(f"m{n}", minute=n), None)
        pages, cursor = [], None
        while True:
            page = self.threads.list_messages(BRAND, "t1", cursor, 3)
            pages.append([m.id for m in page.items])
            if not page.next_cursor:
                break
            cursor = page.next_cursor
        assert pages == [["m6", "m5", "m4"], ["m3", "m2", "m1"], ["m0"]]

    def test_a_message_s_tag_and_template_come_back_as_saved(self) -> None:
        thread = replace(a_thread("t1"), channel="whatsapp")
        template = Template(name="HX0123", language="fr", parameters=("Chloé", "A-1042"))
        templated = replace(a_message("m1", direction="out", status="queued"), channel="whatsapp", text="",
                            template=template)
        tagged = replace(a_message("m2", minute=1, direction="out", status="queued"), channel="whatsapp",
                         tag="ACCOUNT_UPDATE")
        self.threads.save(None, thread, messages=[templated, tagged])
        (second, first) = self.threads.list_messages(BRAND, "t1", None, 10).items
        assert (first.template, first.tag, first.text) == (template, None, "")
        assert (second.template, second.tag) == (None, "ACCOUNT_UPDATE")

    def test_a_comment_and_its_public_reply_come_back_as_saved(self) -> None:
        from chalicelib.services.domain.conversation import CommentRef

        thread = replace(a_thread("t1"), channel="messenger")
        ref = CommentRef(id="1221_1093", post_id="1040_1221", permalink="https://www.facebook.com/1040/posts/1")
        comment = replace(a_message("m1"), channel="messenger", kind="comment", comment=ref, provider_id=ref.id)
        reply = replace(a_message("m2", minute=1, direction="out", status="queued"), channel="messenger",
                        reply_to="m1", comment=replace(ref, permalink=None), private=True)
        self.threads.save(None, thread, messages=[comment, reply])
        (second, first) = self.threads.list_messages(BRAND, "t1", None, 10).items
        assert (first.kind, first.comment, first.reply_to, first.private) == ("comment", ref, None, False)
        assert (second.kind, second.comment, second.reply_to, second.private) == \
            (None, replace(ref, permalink=None), "m1", True)

    def test_delivery_moves_forward_only(self) -> None:
        message = a_message("m1", direction="out", status="queued")
        self.threads.save(None, a_thread("t1"), messages=[message])
        assert self.threads.advance_delivery(message, "sending")
        self.threads.release_delivery(message)
        assert self.threads.advance_delivery(message, "sending")
        assert self.threads.advance_delivery(message, "sent", provider_id="SM1")
        assert self.threads.advance_delivery(message, "delivered")
        assert not self.threads.advance_delivery(message, "sent")
        assert not self.threads.advance_delivery(message, "failed", error="30005")
        self.threads.release_delivery(message)
        stored = self.threads.get_message(BRAND, "t1", "2026-11-23T09:00:00.000Z#m1")
        assert stored and (stored.status, stored.provider_id, stored.error) == ("delivered", "SM1", None)

    def test_the_platform_s_name_and_id_of_a_customer_message_come_back_as_saved(self) -> None:
        message = replace(a_message("m1"), customer_name="Sheena Nelson", provider_id="wamid.IN")
        self.threads.save(None, a_thread("t1"), messages=[message])
        stored = self.threads.get_message(BRAND, "t1", "2026-11-23T09:00:00.000Z#m1")
        assert stored and (stored.customer_name, stored.provider_id, stored.read_at) == ("Sheena Nelson", "wamid.IN",
                                                                                          None)

    def test_a_read_time_is_stored_once_on_an_outgoing_message(self) -> None:
        sent = a_message("m1", direction="out", status="sent")
        received = a_message("m2", minute=1)
        self.threads.save(None, a_thread("t1"), messages=[sent, received])
        assert self.threads.mark_read(sent, AT + timedelta(minutes=5))
        assert not self.threads.mark_read(sent, AT + timedelta(minutes=9))  # a second report changes nothing
        assert not self.threads.mark_read(sent, AT + timedelta(minutes=2))  # nor a late one
        assert not self.threads.mark_read(received, AT + timedelta(minutes=5))  # the customer's own message
        assert not self.threads.mark_read(a_message("m-unknown", direction="out"), AT)
        stored = self.threads.get_message(BRAND, "t1", "2026-11-23T09:00:00.000Z#m1")
        assert stored and stored.read_at == AT + timedelta(minutes=5)
        other = self.threads.get_message(BRAND, "t1", "2026-11-23T09:01:00.000Z#m2")
        assert other and other.read_at is None
        assert self.threads.get_message(BRAND, "t1", "2026-11-23T09:00:00.000Z#m-unknown") is None

    def test_a_queued_message_is_claimed_once_with_its_watchdog(self) -> None:
        message = a_message("m1", direction="out", status="queued")
        self.threads.save(None, a_thread("t1"), messages=[message])
        watchdog = Timer(brand_id=BRAND, kind="delivery", ref="t1/m1", due_at=datetime(2026, 11, 23, 9, 5, tzinfo=UTC),
                         payload={"thread_id": "t1", "key": "2026-11-23T09:00:00.000Z#m1"})
        assert self.threads.claim_delivery(message, watchdog)
        assert not self.threads.claim_delivery(message, watchdog)
        stored = self.threads.get_message(BRAND, "t1", "2026-11-23T09:00:00.000Z#m1")
        assert stored and stored.status == "sending"

    def test_failed_ends_a_message_that_was_not_delivered(self) -> None:
        message = a_message("m1", direction="out", status="queued")
        self.threads.save(None, a_thread("t1"), messages=[message])
        assert self.threads.advance_delivery(message, "sending")
        assert self.threads.advance_delivery(message, "failed", error="21610 unsubscribed")
        assert not self.threads.advance_delivery(message, "delivered")
        assert not self.threads.advance_delivery(a_message("m-unknown", direction="out"), "sending")
        stored = self.threads.get_message(BRAND, "t1", "2026-11-23T09:00:00.000Z#m1")
        assert stored and (stored.status, stored.error) == ("failed", "21610 unsubscribed")

    # -- the inbox -------------------------------------------------------------------------
    def test_a_store_inbox_comes_in_pages_newest_first(self) -> None:
        self.save_all(*(a_thread(f"t{n}", minute=n, status="replied" if n % 2 else "waiting") for n in range(7)))
        self.save_all(a_thread("t-other-store", AFTER_SALES), a_thread("t-other-brand", brand="other-brand"))
        query = ThreadQuery(BRAND, (TRACKING,), ("waiting", "replied"), limit=3)
        assert self.pages(query) == [["t6", "t5", "t4"], ["t3", "t2", "t1"], ["t0"]]

    def test_the_brand_inbox_merges_its_stores_in_order(self) -> None:
        self.save_all(*(a_thread(f"t{n}", TRACKING if n % 2 else AFTER_SALES, minute=n) for n in range(7)))
        self.save_all(a_thread("t-other-brand", brand="other-brand"))
        expected = [["t6", "t5", "t4"], ["t3", "t2", "t1"], ["t0"]]
        assert self.pages(ThreadQuery(BRAND, None, ("waiting",), limit=3)) == expected
        assert self.pages(ThreadQuery(BRAND, (TRACKING, AFTER_SALES), ("waiting",), limit=3)) == expected

    def test_status_filters_pick_their_threads(self) -> None:
        statuses = ["waiting", "replied", "resolved", "waiting", "resolved", "replied"]
        self.save_all(*(a_thread(f"t{n}", status=s, minute=n) for n, s in enumerate(statuses)))
        every = [t for page in self.pages(ThreadQuery(BRAND, (TRACKING,), ALL, limit=2)) for t in page]
        assert every == ["t5", "t4", "t3", "t2", "t1", "t0"]
        for wanted, expected in [(("waiting",), ["t3", "t0"]), (("waiting", "replied"), ["t5", "t3", "t1", "t0"])]:
            pages = self.pages(ThreadQuery(BRAND, (TRACKING,), wanted, limit=2))  # type: ignore[arg-type]
            assert [t for page in pages for t in page] == expected and all(len(p) <= 2 for p in pages)

    def test_a_filtered_inbox_fills_its_pages_in_order(self) -> None:
        """Waiting + resolved: the three most recent replied threads must not hide the waiting one."""
        order = [("r1", "replied"), ("r2", "replied"), ("r3", "replied"), ("w1", "waiting"),
                 ("x1", "resolved"), ("x2", "resolved"), ("x3", "resolved")]
        self.save_all(*(a_thread(t, status=s, minute=-n) for n, (t, s) in enumerate(order)))
        assert self.pages(ThreadQuery(BRAND, (TRACKING,), ("waiting", "resolved"), limit=3)) == [
            ["w1", "x1", "x2"], ["x3"]]

    def test_waiting_sort_puts_the_longest_wait_first(self) -> None:
        self.save_all(a_thread("replied-old", status="replied", minute=1), a_thread("waits-2h", minute=-120),
                      a_thread("replied-new", status="replied", minute=30), a_thread("waits-1h", minute=-60),
                      a_thread("waits-5m", AFTER_SALES, minute=55))
        for stores in ((TRACKING, AFTER_SALES), None):
            query = ThreadQuery(BRAND, stores, ("waiting", "replied"), sort="waiting", limit=2)
            assert self.pages(query) == [["waits-2h", "waits-1h"], ["waits-5m", "replied-old"], ["replied-new"]]

    def test_a_cursor_only_continues_its_own_list(self) -> None:
        self.save_all(*(a_thread(f"t{n}", minute=n) for n in range(3)), a_thread("o1", brand="other-brand"))
        for n in range(3):
            self.threads.record_inbound(a_message(f"m{n}", minute=n), None)
        cursor = self.threads.list_threads(ThreadQuery(BRAND, (TRACKING,), ("waiting",), limit=1)).next_cursor
        brand_cursor = self.threads.list_threads(ThreadQuery(BRAND, None, ("waiting",), limit=1)).next_cursor
        messages_cursor = self.threads.list_messages(BRAND, "t1", None, 1).next_cursor
        refused = [
            lambda: self.threads.list_threads(ThreadQuery("other-brand", (TRACKING,), ("waiting",), cursor=cursor)),
            lambda: self.threads.list_threads(ThreadQuery(BRAND, (AFTER_SALES,), ("waiting",), cursor=cursor)),
            lambda: self.threads.list_threads(ThreadQuery("other-brand", None, ("waiting",), cursor=brand_cursor)),
            lambda: self.threads.list_threads(ThreadQuery(BRAND, None, ("waiting",), cursor="not-a-cursor")),
            lambda: self.threads.list_messages(BRAND, "t2", messages_cursor, 1),
            lambda: self.threads.list_messages("other-brand", "t1", messages_cursor, 1),
        ]
        for attempt in refused:
            with pytest.raises(InvalidInput) as refusal:
                attempt()
            assert "cursor" in refusal.value.errors


class TestFakeRepositories(RepositoryContract):
    @contextmanager
    def backend(self) -> Iterator[tuple[object, object]]:
        yield FakeDirectory(), FakeThreads()


class TestDynamoRepositories(RepositoryContract, OnBothBackends):
    @contextmanager
    def backend(self) -> Iterator[tuple[object, object]]:
        with self.fresh_table():
            yield DynamoDirectory(), DynamoThreads()
