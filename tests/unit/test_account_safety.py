"""Account safety with in-memory fakes: the audit trail's rules, the e-mail change, a customer's export and
erasure (issue 13)."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from chalicelib.adapters.media_files import MemoryMediaStore
from chalicelib.adapters.tokens import JwtTokens
from chalicelib.services.domain import (
    Agent,
    Attachment,
    Brand,
    Customer,
    CustomerLink,
    CustomerProfile,
    Message,
    Note,
    Store,
    Thread,
)
from chalicelib.services.domain.errors import Conflict, Forbidden, InvalidInput, NotAuthenticated, NotFound
from chalicelib.services.domain.media import KEPT, PICTURE, storage_key
from chalicelib.services.ports.clock import FixedClock
from chalicelib.services.ports.ids import SequentialIds
from chalicelib.services.ports.media import File
from chalicelib.services.usecases.accounts import Accounts
from chalicelib.services.usecases.audit import Audit
from chalicelib.services.usecases.conversations.common import customer_id_for, thread_id_for
from chalicelib.services.usecases.customers import Customers
from chalicelib.services.usecases.data_rights import DataRights
from chalicelib.services.usecases.email_change import EmailChangeCases
from chalicelib.services.usecases.search import Search
from tests.fakes import FakeDirectory, FakeMailer, FakeThreads, PlainHasher
from tests.fakes_collab import FakeNotes
from tests.fakes_safety import FakeAuditLog, FakeEmailChanges, FakeEraser
from tests.fakes_search import FakeCustomers, FakeSearchIndex

AT = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
BRAND, STORE, NUMBER = "maison", "s-paris", "+33170000001"
CHLOE, MARC = "+33612345678", "+33698765432"


class House:
    def __init__(self) -> None:
        self.clock = FixedClock(AT)
        self.directory, self.mailer = FakeDirectory(), FakeMailer()
        self.directory.add_brand(Brand(id=BRAND, name="Maison"))
        self.directory.add_store(Store(brand_id=BRAND, id=STORE, name="Paris", timezone="Europe/Paris",
                                       phone_number=NUMBER))
        self.accounts = Accounts(self.directory, PlainHasher(), JwtTokens("a test secret of at least 32 characters"),
                                 self.mailer, SequentialIds(), self.clock, "https://comptoir.test/", self.clock)
        self.boss = self.add("boss@maison.test", brand_admin=True)
        self.paul = self.add("paul@maison.test")
        self.log = FakeAuditLog()
        self.audit = Audit(self.log, SequentialIds(), self.clock)
        self.links = FakeEmailChanges(self.directory)
        self.email = EmailChangeCases(self.directory, self.links, self.accounts)
        self.threads = FakeThreads(self.directory)
        self.records = FakeCustomers(self.threads)
        self.index = FakeSearchIndex(self.threads)
        self.notes = FakeNotes(self.threads)
        self.eraser = FakeEraser(self.threads, self.records, self.index)
        customers = Customers(self.records, self.threads, self.directory, self.clock)
        self.search = Search(self.index, self.directory, ("sms",))
        self.files = MemoryMediaStore()
        self.rights = DataRights(customers, self.records, self.threads, self.notes, self.eraser, ("sms", "whatsapp"),
                                 self.clock, self.files)

    def add(self, email: str, **kwargs) -> Agent:  # type: ignore[no-untyped-def]
        agent = self.accounts.new_agent(brand_id=BRAND, email=email, password="correct horse", **kwargs)
        self.directory.add_agent(agent)
        return agent

    def link(self, to: str) -> str:
        return self.mailer.to(to)[-1].body.split("/email-confirmations/")[1].split()[0]

    def texts(self, phone: str, *texts: str, files: tuple[Attachment, ...] = ()) -> Thread:
        """A customer's thread with their messages, indexed, with a note and a head-office record; `files` come
        on the first message, and those we keep are put in the store."""
        thread = Thread(brand_id=BRAND, id=thread_id_for(BRAND, "sms", phone), store_id=STORE, channel="sms",
                        customer=Customer(id=customer_id_for(BRAND, phone), phone=phone), status="waiting",
                        conversation_id="c1", conversation_started_at=AT, last_message_at=AT, created_at=AT,
                        assigned_agent_id=self.paul.id)
        messages = [Message(brand_id=BRAND, thread_id=thread.id, id=f"m{phone[-2:]}{n}", direction="in",
                            author="customer", text=text, created_at=AT + timedelta(seconds=n), channel="sms",
                            store_id=STORE, customer_address=phone, store_address=NUMBER,
                            attachments=list(files) if n == 0 else [])
                    for n, text in enumerate(texts)]
        for attachment in files:
            if attachment.url.startswith(KEPT):
                self.files.put(storage_key(BRAND, thread.id, attachment.url.removeprefix(KEPT)), File(b"x"))
        self.threads.save(None, thread, messages=messages)
        self.search.index_messages(messages)
        self.notes.add(Note(brand_id=BRAND, thread_id=thread.id, id=f"n{phone[-2:]}", kind="note",
                            author_agent_id=self.paul.id, text="fidèle", created_at=AT))
        self.records.save_link(CustomerLink(brand_id=BRAND, customer_id=thread.customer.id, thread_id=thread.id,
                                            store_id=STORE, channel="sms", store_number=NUMBER))
        profile = CustomerProfile(brand_id=BRAND, id=thread.customer.id, phone=phone, name=f"Client {phone[-2:]}",
                                  attributes={"segment": "gold"})
        self.records.save_many([profile])
        self.search.customer_changed(None, profile)
        return thread


@pytest.fixture
def house() -> House:
    return House()


# -- the audit trail -----------------------------------------------------------------------------------
def test_the_trail_says_who_did_what_to_what_and_hides_secrets(house: House) -> None:
    entry = house.audit.record(house.boss, "channel.connect", "channel", "ch1",
                               {"kind": "whatsapp", "access_token": "EAAB", "nested": {"secret": "s"}})
    assert (entry.actor_id, entry.actor_email, entry.at, entry.brand_id) == (house.boss.id, "boss@maison.test", AT,
                                                                             BRAND)
    assert entry.details == {"kind": "whatsapp", "access_token": "(hidden)", "nested": {"secret": "(hidden)"}}
    assert house.log.entries == [entry]


def test_only_brand_admins_read_the_trail_newest_first_in_pages(house: House) -> None:
    for n in range(5):
        house.audit.record(house.boss, "store.update", "store", STORE, {"name": f"n{n}"})
        house.clock.advance(60)
    with pytest.raises(Forbidden):
        house.audit.list(house.paul, None, None, None)
    first = house.audit.list(house.boss, None, None, None, limit=3)
    assert [e.details["name"] for e in first.items] == ["n4", "n3", "n2"]
    rest = house.audit.list(house.boss, None, None, first.next_cursor, limit=3)
    assert [e.details["name"] for e in rest.items] == ["n1", "n0"] and rest.next_cursor is None
    window = house.audit.list(house.boss, "2026-11-23T09:01:00Z", "2026-11-23T09:03:00Z", None)
    assert [e.details["name"] for e in window.items] == ["n3", "n2", "n1"]


@pytest.mark.parametrize("since, until, limit, field", [
    ("yesterday", None, 50, "from"), (None, "2026-11-23", 50, "to"), ("2026-11-24T00:00:00Z", "2026-11-23T00:00:00Z",
                                                                        50, "from"), (None, None, 0, "limit"),
    (None, None, 101, "limit")])
def test_bad_trail_queries_name_the_field(house: House, since, until, limit, field) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InvalidInput) as refused:
        house.audit.list(house.boss, since, until, None, limit)
    assert field in refused.value.errors


def test_a_lockout_is_recorded_without_an_actor(house: House) -> None:
    entry = house.audit.record_system(BRAND, "login.locked", "agent", house.paul.id, {"failures": 5})
    assert entry.actor_id is None and entry.actor_email is None
    assert house.audit.list(house.boss, None, None, None).items == [entry]


# -- the e-mail change ---------------------------------------------------------------------------------
def test_a_new_email_takes_effect_only_when_its_link_is_used(house: House) -> None:
    with pytest.raises(InvalidInput) as missing:
        house.email.request(house.paul, "paul.d@maison.test", None)
    assert "current_password" in missing.value.errors
    with pytest.raises(Forbidden):
        house.email.request(house.paul, "paul.d@maison.test", "wrong horse")
    assert house.mailer.sent == []
    house.email.request(house.paul, " Paul.D@Maison.test ", "correct horse")
    (notice,) = house.mailer.to("paul@maison.test")
    assert "paul.d@maison.test" in notice.body and "/email-confirmations/" not in notice.body
    house.accounts.login("paul@maison.test", "correct horse")  # still the old address
    with pytest.raises(NotAuthenticated):
        house.accounts.login("paul.d@maison.test", "correct horse")
    token = house.link("paul.d@maison.test")
    with pytest.raises(NotFound):
        house.email.confirm(house.boss, token)  # someone else's link
    assert house.email.confirm(house.paul, token).email == "paul.d@maison.test"
    house.accounts.login("paul.d@maison.test", "correct horse")
    with pytest.raises(NotAuthenticated):
        house.accounts.login("paul@maison.test", "correct horse")
    with pytest.raises(Conflict):
        house.email.confirm(house.paul, token)


def test_the_same_address_changes_nothing_and_sends_nothing(house: House) -> None:
    assert house.email.request(house.paul, "PAUL@maison.test", None) is None
    assert house.mailer.sent == []


def test_an_expired_link_or_a_taken_address_leaves_the_login_as_it_was(house: House) -> None:
    house.email.request(house.paul, "boss@maison.test", "correct horse")
    with pytest.raises(Conflict) as taken:
        house.email.confirm(house.paul, house.link("boss@maison.test"))
    assert taken.value.errors == {"email": "taken"}
    house.email.request(house.paul, "late@maison.test", "correct horse")
    house.clock.advance(24 * 3600 + 1)
    with pytest.raises(NotFound):
        house.email.confirm(house.paul, house.link("late@maison.test"))
    with pytest.raises(NotFound):
        house.email.confirm(house.paul, "maison.forged")
    assert house.accounts.login("paul@maison.test", "correct horse")[1].id == house.paul.id


def test_the_profile_no_longer_changes_the_email_directly(house: House) -> None:
    with pytest.raises(InvalidInput):
        house.accounts.update_profile(house.paul, {"email": "paul.d@maison.test"})


# -- a customer's data rights --------------------------------------------------------------------------
def test_an_export_holds_the_record_the_threads_messages_and_notes(house: House) -> None:
    thread = house.texts(CHLOE, "Ma commande", "est en retard")
    data = house.rights.export(house.boss, "06 12 34 56 78")  # a national number, read in the stores' region
    assert data.phone == CHLOE and data.profile is not None and data.profile.attributes == {"segment": "gold"}
    (file,) = data.threads
    assert file.thread.id == thread.id and [m.text for m in file.messages] == ["Ma commande", "est en retard"]
    assert [n.text for n in file.notes] == ["fidèle"] and (data.message_count, data.note_count) == (2, 1)


def test_only_a_brand_admin_exports_or_erases_and_an_unknown_customer_is_404(house: House) -> None:
    house.texts(CHLOE, "Bonjour")
    for act in (house.rights.export, house.rights.erase):
        with pytest.raises(Forbidden):
            act(house.paul, CHLOE)
        with pytest.raises(NotFound):
            act(house.boss, "+33600000000")
        with pytest.raises(InvalidInput):
            act(house.boss, "not a number")


def test_erasure_removes_everything_of_one_customer_and_nothing_of_another(house: House) -> None:
    chloe = house.texts(CHLOE, "Ma commande 4521")
    marc = house.texts(MARC, "Ma commande 9999")
    assert house.directory.get_agent(BRAND, house.paul.id).open_threads == 2  # type: ignore[union-attr]
    erased = house.rights.erase(house.boss, CHLOE)
    assert [f.thread.id for f in erased.threads] == [chloe.id]
    assert house.threads.get(BRAND, chloe.id) is None
    assert house.threads.list_messages(BRAND, chloe.id, None, 50).items == []
    assert house.notes.list_notes(BRAND, chloe.id, None, 50).items == []
    assert house.records.with_threads(BRAND, chloe.customer.id) == (None, [])
    left = [p for postings in house.index.word_postings.values() for p in postings.values()]
    assert {p.thread_id for p in left} == {marc.id} and any(p.word == "9999" for p in left)
    assert all(chloe.customer.id not in postings for postings in house.index.name_postings.values())
    assert house.threads.status_counts[(BRAND, STORE)]["waiting"] == 1  # Marc's thread only
    assert house.directory.get_agent(BRAND, house.paul.id).open_threads == 1  # type: ignore[union-attr]
    assert house.threads.get(BRAND, marc.id) is not None
    assert house.rights.export(house.boss, MARC).message_count == 1
    with pytest.raises(NotFound):
        house.rights.export(house.boss, CHLOE)


def test_erasure_retries_a_thread_that_changed_meanwhile_and_finishes_what_was_left(house: House) -> None:
    chloe = house.texts(CHLOE, "Bonjour")
    house.eraser.stale_once.add(chloe.id)
    stray = Message(brand_id=BRAND, thread_id=thread_id_for(BRAND, "whatsapp", CHLOE), id="w1", direction="in",
                    author="customer", text="stray", created_at=AT, channel="whatsapp", store_id=STORE,
                    customer_address=CHLOE, store_address=NUMBER)
    house.threads.record_inbound(stray, None)  # recorded, not yet on a thread
    house.rights.erase(house.boss, CHLOE)
    assert house.threads.get(BRAND, chloe.id) is None
    assert house.threads.list_messages(BRAND, stray.thread_id, None, 50).items == []


def test_erasure_of_a_customer_known_only_by_the_head_office(house: House) -> None:
    house.records.save_many([CustomerProfile(brand_id=BRAND, id=customer_id_for(BRAND, CHLOE), phone=CHLOE,
                                             name="Chloé")])
    assert house.rights.erase(house.boss, CHLOE).threads == []
    assert house.records.get(BRAND, customer_id_for(BRAND, CHLOE)) is None


def test_erasure_deletes_the_customers_kept_files_and_the_export_lists_them(house: House) -> None:
    photo, link = Attachment(KEPT + "m781-0", "image/jpeg", size=1), Attachment("https://cdn.test/p.jpg")
    chloe = house.texts(CHLOE, "Voici la photo", "et le ticket", files=(photo, link))
    marc = house.texts(MARC, "Ma photo", files=(Attachment(KEPT + "m321-0", "image/png", size=1),))
    stray = Message(brand_id=BRAND, thread_id=thread_id_for(BRAND, "whatsapp", CHLOE), id="w1", direction="in",
                    author="customer", text="", created_at=AT, channel="whatsapp", store_id=STORE,
                    customer_address=CHLOE, store_address=NUMBER, attachments=[Attachment(KEPT + "w1-0")])
    house.threads.record_inbound(stray, None)  # recorded, not yet on a thread, its file already kept
    house.files.put(storage_key(BRAND, stray.thread_id, "w1-0"), File(b"y"))
    house.files.put(storage_key(BRAND, chloe.id, PICTURE), File(b"p", "image/png"))  # her picture, from Messenger
    exported = house.rights.export(house.boss, CHLOE)
    assert [(m.thread_id, m.id, a) for m, a in exported.files] == [(chloe.id, "m780", photo)]  # not the link
    house.rights.erase(house.boss, CHLOE)
    assert sorted(house.files.files) == [storage_key(BRAND, marc.id, "m321-0")]  # Marc's file stays
    house.rights.erase(house.boss, MARC)
    assert house.files.files == {}
