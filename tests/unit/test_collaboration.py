"""The invisible thread, mentions, transfers, delegation and sharing (SPEC E1-E4), on fakes."""
from __future__ import annotations

from datetime import timedelta

import pytest

from chalicelib.services.domain import Agent, Brand, StoreRights
from chalicelib.services.domain.errors import Conflict, Forbidden, InvalidInput, NotFound, ThreadHeld
from chalicelib.services.domain.notes import mention_id, mention_key, mentioned_ids
from chalicelib.services.ports.ids import SequentialIds
from chalicelib.services.usecases.collaboration import Collaboration
from chalicelib.services.usecases.conversations.cases import ConversationCases
from chalicelib.services.usecases.delivery import Delivery
from chalicelib.services.usecases.notifier import Notifier
from tests.fakes import FakeMailer, FakeSmsTransport, FakeThreads, sms_channels
from tests.fakes_collab import FakeNotes
from tests.unit.conversation_shop import AFTER_SALES, MONDAY, TRACKING, WRITE, Shop

URL = "https://comptoir.test"


class Team(Shop):
    """Maison Lune's shop, with named agents, the notes repository and a mailer the tests read."""

    def __init__(self) -> None:
        super().__init__()
        self.mailer = FakeMailer()
        self.threads = FakeThreads(self.directory)  # keeps the agents' open threads, as the transaction does
        ids = SequentialIds()
        notifier = Notifier(self.notifications, self.mailer, URL)
        channels = sms_channels(FakeSmsTransport())
        self.cases = ConversationCases.build(self.threads, self.directory, ids, self.clock, notifier, channels)
        delivery = Delivery(self.threads, self.directory, channels, URL)
        self.reactions = self.cases.reactions(delivery)
        self.notes = FakeNotes(self.threads)
        self.collab = Collaboration(self.notes, self.threads, self.directory, self.cases.thread_access,
                                    self.cases.transfer, notifier, self.mailer, ids, self.clock, URL)
        self.lea = self.agent("a-lea", {AFTER_SALES: WRITE})

    def agent(self, agent_id: str, rights: dict[str, StoreRights], brand: str = "maison",
              brand_admin: bool = False) -> Agent:
        agent = Agent(brand_id=brand, id=agent_id, email=f"{agent_id}@{brand}.test", password_hash="-",
                      rights=rights, brand_admin=brand_admin, first_name=agent_id[2:].title(), last_name="Lune")
        self.directory.add_agent(agent)
        return agent

    def note_texts(self, thread_id: str, viewer: Agent | None = None) -> list[str]:
        return [n.text for n in self.collab.list_notes(viewer or self.boss, thread_id, None, 50).items]

    def notified(self, agent: Agent) -> list[str]:
        return [kind for kind, _ in self.notifications.of(agent.id)]


@pytest.fixture
def team() -> Team:
    return Team()


# -- mentions: the rules of the text ---------------------------------------------------------
def test_mentions_are_read_from_the_text_each_once_in_order() -> None:
    text = "@[a-paul] can you call her? cc @[a-zoe] and @[a-paul] again; not @a-ines nor @[two words]"
    assert mentioned_ids(text) == ["a-paul", "a-zoe"]


def test_a_mention_id_names_its_key_without_a_lookup() -> None:
    at = MONDAY + timedelta(microseconds=123_456)
    assert mention_key(mention_id(at, "n000042")) == ("2026-11-23T09:00:00.123Z", "n000042")
    for forged in ("", "m", "m-n1", "mabc-n1", "x1795424400123-n1", "m1795424400123-"):
        assert mention_key(forged) is None


# -- the invisible thread (E1) ---------------------------------------------------------------
def test_a_note_never_changes_the_thread(team: Team) -> None:
    thread_id = team.text("Bonjour")
    before, writes = team.threads.get("maison", thread_id), len(team.threads.changes)
    note = team.collab.add_note(team.paul, thread_id, "She called the shop yesterday.")
    assert team.threads.get("maison", thread_id) == before and len(team.threads.changes) == writes
    assert team.texts(thread_id) == ["Bonjour"]  # never among the messages, never sent
    assert (note.kind, note.author_agent_id) == ("note", "a-paul")
    assert team.note_texts(thread_id, team.zoe) == ["She called the shop yesterday."]  # read-only agents read it


def test_notes_come_newest_first_in_pages(team: Team) -> None:
    thread_id = team.text("Bonjour")
    for n in range(3):
        team.collab.add_note(team.paul, thread_id, f"note {n}")
        team.clock.advance(60)
    first = team.collab.list_notes(team.paul, thread_id, None, 2)
    second = team.collab.list_notes(team.paul, thread_id, first.next_cursor, 2)
    assert [n.text for n in first.items + second.items] == ["note 2", "note 1", "note 0"]
    assert second.next_cursor is None


def test_a_note_needs_text_and_a_writable_visible_thread(team: Team) -> None:
    thread_id = team.text("Bonjour")
    for text in ("", "   ", "x" * 4001):
        with pytest.raises(InvalidInput) as refusal:
            team.collab.add_note(team.paul, thread_id, text)
        assert "text" in refusal.value.errors
    with pytest.raises(Forbidden):
        team.collab.add_note(team.zoe, thread_id, "read-only")
    for outsider in (team.rival, team.lea):
        with pytest.raises(NotFound):
            team.collab.add_note(outsider, thread_id, "not mine")
        with pytest.raises(NotFound):
            team.collab.list_notes(outsider, thread_id, None, 10)
    assert team.note_texts(thread_id) == []
    assert len(team.collab.add_note(team.paul, thread_id, "x" * 4000).text) == 4000


# -- mentions (E2) ---------------------------------------------------------------------------
def test_a_mention_reaches_the_colleagues_inbox_notifications_and_mail(team: Team) -> None:
    thread_id = team.text("Bonjour")
    note = team.collab.add_note(team.paul, thread_id, "@[a-ines] she wants a refund, can you see?")
    page, unread = team.collab.mentions(team.ines, None, 10, unread_only=False)
    assert unread == 1 and [(m.thread_id, m.note_id, m.by_agent_id, m.read) for m in page.items] == [
        (thread_id, note.id, "a-paul", False)]
    assert team.notifications.of("a-ines")[-1] == ("mention", thread_id)
    mail = team.mailer.to("a-ines@maison.test")[-1]
    assert "Paul Lune mentioned you" in mail.subject and "@Ines Lune she wants a refund" in mail.body
    assert note.mentions == ["a-ines"]


def test_a_colleague_who_opted_out_gets_no_mail_but_the_mention(team: Team) -> None:
    team.directory.agents[("maison", "a-ines")].notify_mention = False
    thread_id = team.text("Bonjour")
    team.collab.add_note(team.paul, thread_id, "@[a-ines] look")
    assert team.mailer.to("a-ines@maison.test") == []
    assert team.collab.mentions(team.ines, None, 10, unread_only=True)[1] == 1


def test_an_unknown_or_blind_mention_stores_nothing(team: Team) -> None:
    thread_id = team.text("Bonjour")
    for who in ("a-nobody", "a-rival", "a-lea"):  # unknown, another brand, cannot see the tracking store
        with pytest.raises(InvalidInput) as refusal:
            team.collab.add_note(team.paul, thread_id, f"@[a-ines] and @[{who}]")
        assert "text" in refusal.value.errors
    assert team.note_texts(thread_id) == []
    assert team.collab.mentions(team.ines, None, 10, unread_only=False) == (team.notes.list_mentions(
        "maison", "a-ines", None, 10, False), 0)
    assert team.notifications.of("a-ines") == [] and team.mailer.sent == []


def test_mentioning_oneself_tells_nobody(team: Team) -> None:
    thread_id = team.text("Bonjour")
    team.collab.add_note(team.paul, thread_id, "@[a-paul] remember to call back")
    assert team.collab.mentions(team.paul, None, 10, unread_only=False)[0].items == []
    assert team.notifications.of("a-paul") == []


def test_reading_a_mention_twice_counts_once_and_only_its_agent_reads_it(team: Team) -> None:
    thread_id = team.text("Bonjour")
    team.collab.add_note(team.paul, thread_id, "@[a-ines] first")
    team.clock.advance(60)
    team.collab.add_note(team.paul, thread_id, "@[a-ines] second")
    newest, oldest = team.collab.mentions(team.ines, None, 10, unread_only=False)[0].items
    with pytest.raises(NotFound):
        team.collab.read_mention(team.paul, newest.id)
    for _ in range(2):
        assert team.collab.read_mention(team.ines, newest.id).read is True
    unread, count = team.collab.mentions(team.ines, None, 10, unread_only=True)
    assert [m.id for m in unread.items] == [oldest.id] and count == 1
    with pytest.raises(NotFound):
        team.collab.read_mention(team.ines, "m1-n000001")


# -- transfers (E3, E4) ----------------------------------------------------------------------
def test_a_transfer_to_a_store_records_a_note_with_the_thread_and_tells_its_contactable_agents(team: Team) -> None:
    thread_id = team.text("Mon colis est abîmé")
    writes = len(team.threads.changes)
    moved = team.collab.transfer(team.paul, thread_id, store_id=AFTER_SALES)
    assert moved.store_id == AFTER_SALES and len(team.threads.changes) == writes + 1
    note = team.collab.list_notes(team.lea, thread_id, None, 10).items[0]
    assert (note.kind, note.author_agent_id) == ("system", None)
    assert note.text == f"Transferred from {TRACKING} to {AFTER_SALES} by Paul Lune"
    assert team.notified(team.lea) == ["transfer"] and team.notified(team.ines) == ["transfer"]  # connected or not
    assert team.notified(team.paul) == []  # the one who transferred is not told
    with pytest.raises(InvalidInput) as refusal:
        team.collab.transfer(team.lea, thread_id, store_id="s-unknown")
    assert "store_id" in refusal.value.errors


def test_a_transfer_names_exactly_one_target(team: Team) -> None:
    thread_id = team.text("Bonjour")
    for targets in ({}, {"store_id": AFTER_SALES, "agent_id": "a-ines"}):
        with pytest.raises(InvalidInput) as refusal:
            team.collab.transfer(team.paul, thread_id, **targets)  # type: ignore[arg-type]
        assert "body" in refusal.value.errors
    assert team.note_texts(thread_id) == []


def test_a_transfer_to_a_colleague_hands_the_thread_over(team: Team) -> None:
    thread_id = team.text("Bonjour")
    team.cases.answer.reply(team.paul, thread_id, "Je regarde.", [])
    moved = team.collab.transfer(team.paul, thread_id, agent_id="a-ines")
    assert (moved.assigned_agent_id, moved.participants, moved.store_id) == ("a-ines", ["a-ines"], TRACKING)
    assert team.notified(team.ines)[-1] == "transfer"
    assert team.note_texts(thread_id) == ["Transferred to Ines Lune by Paul Lune"]
    assert team.directory.agents[("maison", "a-ines")].open_threads == 1
    team.cases.answer.reply(team.ines, thread_id, "Je prends le relais.", [])
    with pytest.raises(ThreadHeld):  # the former holder joins again before answering (D5)
        team.cases.answer.reply(team.paul, thread_id, "Encore moi", [])
    team.cases.changes.join(team.paul, thread_id)
    team.cases.answer.reply(team.paul, thread_id, "Encore moi", [])


def test_a_transfer_to_a_colleague_who_cannot_answer_there_is_refused(team: Team) -> None:
    thread_id = team.text("Bonjour")
    for colleague in ("a-zoe", "a-lea", "a-rival", "a-nobody", "a-paul"):  # read-only, other store, brand, self
        with pytest.raises(InvalidInput) as refusal:
            team.collab.transfer(team.paul, thread_id, agent_id=colleague)
        assert "agent_id" in refusal.value.errors
    with pytest.raises(Forbidden):
        team.collab.transfer(team.zoe, thread_id, agent_id="a-paul")
    assert team.threads.get("maison", thread_id).assigned_agent_id is None  # type: ignore[union-attr]


def test_delegation_mails_the_thread_to_customer_service(team: Team) -> None:
    thread_id = team.text("Bonjour")
    with pytest.raises(Conflict):
        team.collab.delegate(team.paul, thread_id, None)
    brand = team.directory.get_brand("maison")
    assert brand is not None
    team.directory.save_brand(Brand(id=brand.id, name=brand.name, service_email="sav@maison.test"))
    for n in range(55):
        team.clock.advance(60)
        team.cases.answer.reply(team.paul, thread_id, f"answer {n}", [])
    before = team.threads.get("maison", thread_id)
    assert team.collab.delegate(team.paul, thread_id, "  Refund over 500 euros  ") == before
    mail = team.mailer.to("sav@maison.test")[0]
    lines = mail.body.splitlines()
    assert "Comment: Refund over 500 euros" in lines and "Store: s-tracking" in lines
    shown = [line for line in lines if line.startswith("[")]
    assert len(shown) == 50 and shown[0].endswith("Paul Lune: answer 5") and shown[-1].endswith("answer 54")
    assert team.note_texts(thread_id) == ["Delegated to sav@maison.test by Paul Lune: Refund over 500 euros"]
    with pytest.raises(Forbidden):
        team.collab.delegate(team.zoe, thread_id, None)


def test_a_shared_thread_is_read_not_written_by_the_other_store(team: Team) -> None:
    thread_id = team.text("Mon colis est abîmé")
    with pytest.raises(NotFound):
        team.cases.thread_access.visible_thread(team.lea, thread_id)
    shared = team.collab.share(team.paul, thread_id, AFTER_SALES, "for your information")
    assert shared.shared_with == [AFTER_SALES] and shared.store_id == TRACKING
    assert team.cases.thread_access.visible_thread(team.lea, thread_id).id == thread_id
    assert team.cases.inbox.messages(team.lea, thread_id, None, 10).items[0].text == "Mon colis est abîmé"
    assert team.note_texts(thread_id, team.lea) == [
        f"Shared with {AFTER_SALES} for information by Paul Lune: for your information"]
    for act in (lambda: team.cases.answer.reply(team.lea, thread_id, "Bonjour", []),
                lambda: team.collab.add_note(team.lea, thread_id, "noted"),
                lambda: team.collab.transfer(team.lea, thread_id, store_id=AFTER_SALES)):
        with pytest.raises(Forbidden):
            act()
    assert team.notified(team.lea) == ["share"]
    # The other store's agents may be mentioned: they can see the thread.
    team.clock.advance(60)
    team.collab.add_note(team.paul, thread_id, "@[a-lea] what do you think?")
    again = team.collab.share(team.paul, thread_id, AFTER_SALES, None)
    assert again.version == shared.version and team.notified(team.lea) == ["share", "mention"]
    with pytest.raises(InvalidInput) as refusal:
        team.collab.share(team.paul, thread_id, TRACKING, None)
    assert "store_id" in refusal.value.errors
