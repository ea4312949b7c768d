"""The history import in memory: Meta's paging read through the Graph twin, the 500 cap, resuming from the
cursor, idempotence when a step is delivered again, failures, and what the statistics make of an import."""
from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from chalicelib.channels.graph import GraphError
from chalicelib.channels.meta_history import MetaHistory
from chalicelib.sandbox import meta_history as twin
from chalicelib.services.domain import Timer
from chalicelib.services.domain.channel_accounts import ChannelAccount
from chalicelib.services.domain.errors import NotFound, StaleVersion
from chalicelib.services.domain.history import (
    HistoryState,
    PastConversation,
    PastMessage,
    baseline,
    imported_thread,
    is_import,
    latest,
    past_messages,
)
from chalicelib.services.domain.stats import ThreadFacts
from chalicelib.services.ports.clock import FixedClock
from chalicelib.services.usecases.history import HistoryImport

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
PAGE = "104060654500000"
ACCOUNT = ChannelAccount(id="ch_1", brand_id="b1", store_id="s1", kind="messenger", external_id=PAGE, name="Page",
                         status="connected", receive_comments=True, created_at=NOW, updated_at=NOW)


class TwinGraph:
    """The sandbox's Conversations API, counting calls; `fail` makes every GET answer that error."""

    def __init__(self, fail: GraphError | None = None) -> None:
        self.calls: list[tuple[str, dict[str, str]]] = []
        self.fail = fail

    def get(self, path: str, token: str, params: dict[str, str]) -> dict[str, Any]:
        self.calls.append((path, params))
        if self.fail:
            raise self.fail
        found = twin.answer(path, params)
        assert found is not None
        return found

    def post(self, path: str, token: str, payload: dict[str, Any]) -> dict[str, Any]:
        raise AssertionError("the import only reads")


class Memory:
    """Accounts, tokens, threads and the history store, in memory."""

    def __init__(self) -> None:
        self.account = ACCOUNT
        self.threads: dict[str, Any] = {}
        self.messages: dict[str, Any] = {}
        self.keys: set[str] = set()
        self.timers: list[Timer] = []
        self.statuses: list[str] = []

    # accounts and tokens
    def get(self, brand_id: str, thread_or_account: str) -> Any:
        if thread_or_account == self.account.id:
            return self.account
        return self.threads.get(thread_or_account)

    def set_status(self, account: ChannelAccount, status: str, at: datetime) -> None:
        self.account = replace(self.account, status=status)

    # the history store
    def set_history(self, account: ChannelAccount, state: HistoryState) -> None:
        self.account = replace(self.account, history=state)
        self.statuses.append(state.status)

    def put_timer(self, timer: Timer) -> None:
        self.timers.append(timer)

    def add_messages(self, messages: list[Any], keys: list[str], seen_at: datetime) -> int:
        new = [(m, k) for m, k in zip(messages, keys, strict=True) if k not in self.keys and m.id not in self.messages]
        for m, k in new:
            self.messages[m.id], _ = m, self.keys.add(k)
        return len(new)

    def save_thread(self, before: Any, after: Any) -> None:
        current = self.threads.get(after.id)
        if (current.version if current else None) != (before.version if before else None):
            raise StaleVersion("changed")
        self.threads[after.id] = after


class Tokens:
    def get(self, account_id: str) -> str:
        return "EAAtoken"


def importer(memory: Memory, graph: TwinGraph) -> HistoryImport:
    return HistoryImport(memory, Tokens(), MetaHistory({"messenger": graph}), memory, memory,  # type: ignore[arg-type]
                         FixedClock(NOW))


def run(memory: Memory, history: HistoryImport, steps: int = 10) -> None:
    """Fires the timers the import puts, as the sweep and the stream would."""
    for _ in range(steps):
        if not memory.timers:
            return
        history.step(memory.timers.pop(0))


def past(n: int, minutes: int = 0) -> PastMessage:
    return PastMessage(provider_id=f"m{n:04d}", created_at=NOW - timedelta(days=30, minutes=-minutes - n),
                       from_customer=n % 2 == 0, text=f"message {n}")


def test_the_most_recent_500_messages_are_kept_oldest_first_each_once() -> None:
    messages = [past(n) for n in range(620)] + [past(619)]
    kept = latest(list(reversed(messages)))
    assert len(kept) == 500 and kept[0].provider_id == "m0120" and kept[-1].provider_id == "m0619"
    assert [m.created_at for m in kept] == sorted(m.created_at for m in kept)


def test_the_messages_of_a_conversation_follow_meta_s_paging_up_to_the_cap() -> None:
    graph = TwinGraph()
    page = MetaHistory({"messenger": graph}).page(ACCOUNT, "tok", None, 2)
    assert [c.customer_name for c in page.conversations] == ["Camille Martin", "Jules Petit"]
    assert page.next_cursor == "2"
    rest = MetaHistory({"messenger": graph}).page(ACCOUNT, "tok", page.next_cursor, 2)
    assert rest.next_cursor is None and [len(c.messages) for c in rest.conversations] == [130]
    assert [p for p, _ in graph.calls].count(f"t_{PAGE}_03/messages") == 1  # the second page of its messages
    first = page.conversations[0].messages
    assert [m.from_customer for m in first] == [True, False, True] and first[0].created_at < first[-1].created_at


def test_a_conversation_longer_than_the_cap_stops_reading_at_500(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(twin, "PEOPLE", (("09", "Long", 730),))
    graph = TwinGraph()
    [conversation] = MetaHistory({"messenger": graph}).page(ACCOUNT, "tok", None, 10).conversations
    assert len(conversation.messages) == 500 and conversation.messages[-1].provider_id.endswith("_729")
    assert len(graph.calls) == 5  # the conversations, then 4 more pages of 100: no further


def test_an_import_runs_in_steps_resumes_from_its_cursor_and_ends_imported(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("chalicelib.services.usecases.history.CONVERSATIONS_PER_PAGE", 1)
    monkeypatch.setattr("chalicelib.services.usecases.history.PAGES_PER_STEP", 2)
    memory, graph = Memory(), TwinGraph()
    history = importer(memory, graph)
    assert history.start(ACCOUNT).status == "importing" and len(memory.timers) == 1
    history.step(memory.timers.pop(0))
    assert memory.account.history and memory.account.history.cursor == "2"  # two pages, then the next step
    assert memory.account.history.status == "importing" and len(memory.timers) == 1
    asked = len(graph.calls)
    run(memory, history)
    assert graph.calls[asked][1]["after"] == "2"  # resumed where it stopped
    state = memory.account.history
    assert state and (state.status, state.threads, state.messages) == ("imported", 3, 137) and not memory.timers


def test_a_step_delivered_again_writes_and_counts_nothing_twice() -> None:
    memory, graph = Memory(), TwinGraph()
    history = importer(memory, graph)
    history.start(ACCOUNT)
    timer = memory.timers[0]
    run(memory, history)
    done = memory.account.history
    memory.account = replace(memory.account, history=replace(done, status="importing", cursor=None))  # type: ignore
    history.step(timer)  # the stream's record again, before the end was seen
    again = memory.account.history
    assert again and (again.threads, again.messages) == (3, 137) and len(memory.messages) == 137


def test_a_message_the_webhook_stored_first_is_not_imported_again() -> None:
    memory, graph = Memory(), TwinGraph()
    memory.keys.add(f"messenger:m_hist_{PAGE}_01_000")
    history = importer(memory, graph)
    history.start(ACCOUNT)
    run(memory, history)
    assert memory.account.history and memory.account.history.messages == 136


def test_a_token_refused_fails_the_import_at_once_and_the_account_needs_reconnecting() -> None:
    memory = Memory()
    history = importer(memory, TwinGraph(GraphError(400, 190, "Error validating access token")))
    history.start(ACCOUNT)
    run(memory, history)
    state = memory.account.history
    assert state and state.status == "failed" and "access token" in (state.reason or "")
    assert memory.account.status == "needs_reconnect" and history.wanted_again(memory.account)


def test_meta_down_is_tried_later_a_few_times_then_fails() -> None:
    memory = Memory()
    history = importer(memory, TwinGraph(GraphError(503, 2, "Service temporarily unavailable")))
    history.start(ACCOUNT)
    history.step(memory.timers.pop(0))
    [later] = memory.timers
    assert later.due_at == NOW + timedelta(minutes=5) and later.payload["attempt"] == "1"
    run(memory, history)
    assert memory.account.history and memory.account.history.status == "failed"
    assert memory.account.status == "connected"


def test_an_account_disconnected_meanwhile_stops_its_import() -> None:
    memory = Memory()
    history = importer(memory, TwinGraph())
    history.start(ACCOUNT)
    memory.account = replace(memory.account, id="gone")
    run(memory, history)
    assert memory.statuses == ["importing"] and not memory.timers


def test_whatsapp_has_no_history_and_an_imported_account_is_not_imported_again() -> None:
    memory = Memory()
    history = importer(memory, TwinGraph())
    assert history.start(replace(ACCOUNT, kind="whatsapp")).status == "unavailable" and not memory.timers
    imported = replace(ACCOUNT, history=HistoryState(status="imported", threads=3, messages=137))
    assert not history.wanted_again(imported) and history.wanted_again(ACCOUNT)


def test_an_imported_thread_is_resolved_read_and_its_import_counts_nothing_but_the_customer() -> None:
    conversation = PastConversation("9001", "Camille", [past(0), past(1), past(2)])
    messages = past_messages(conversation, brand_id="b1", thread_id="t1", store_id="s1", channel="messenger",
                             store_address=PAGE)
    assert [(m.direction, m.author, m.agent_id, m.applied) for m in messages] == [
        ("in", "customer", None, True), ("out", "agent", None, True), ("in", "customer", None, True)]
    from chalicelib.services.domain import Customer

    thread = imported_thread(None, messages, Customer(id="c1", phone="9001", name="Camille"), NOW)
    assert (thread.status, thread.unread, thread.folder) == ("resolved", False, "inbox")
    assert thread.last_message_at == messages[-1].created_at and is_import(None, thread)
    assert not is_import(thread, replace(thread, status="waiting"))
    facts = baseline(ThreadFacts("b1", "t1"), thread)
    assert facts.customer_since == messages[0].created_at and facts.answered_at is not None
    counted = replace(facts, customer_since=NOW)
    assert baseline(counted, thread) is counted


def test_an_account_whose_token_is_gone_shows_its_import_failed() -> None:
    class NoToken:
        def get(self, account_id: str) -> str:
            raise NotFound("no token")

    memory = Memory()
    history = HistoryImport(memory, NoToken(), MetaHistory({"messenger": TwinGraph()}), memory, memory,  # type: ignore[arg-type]
                            FixedClock(NOW))
    history.start(ACCOUNT)
    run(memory, history)
    assert memory.account.history and memory.account.history.status == "failed" and not memory.timers
