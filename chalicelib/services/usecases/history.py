"""Importing a newly connected account's history: asked on connect, run off the request path by the minute
sweep's timers, a few pages per step, resumable from the cursor kept on the account, idempotent by message."""
from __future__ import annotations

import logging
from dataclasses import replace
from datetime import datetime, timedelta

from ..domain import Customer, Timer
from ..domain.channel_accounts import NEEDS_RECONNECT, ChannelAccount
from ..domain.errors import NotFound, StaleVersion
from ..domain.history import (
    FAILED,
    HISTORY_TIMER,
    IMPORTED,
    IMPORTING,
    UNAVAILABLE,
    HistoryState,
    PastConversation,
    has_history,
    imported_thread,
    past_messages,
    provider_key,
)
from ..ports.channel_accounts import ChannelAccounts as AccountStore
from ..ports.channel_accounts import ChannelTokens
from ..ports.clock import Clock
from ..ports.history import HistorySource, HistoryStore, HistoryUnavailable
from ..ports.repositories import ThreadRepository
from .conversations.common import RETRIES_ON_RACE, customer_id_for, thread_id_for

logger = logging.getLogger(__name__)
# A step runs inside the outbound stream consumer (60 s for a whole batch): one page of 10 conversations is about
# 11 Graph reads (up to 50 for conversations of 500 messages); the next page waits for the next minute's sweep,
# so that customers' messages are never held back long behind an import.
CONVERSATIONS_PER_PAGE = 10
PAGES_PER_STEP = 1
RETRY_DELAY = timedelta(minutes=5)
MAX_ATTEMPTS = 5  # the platform unavailable this many steps in a row: the import fails, a reconnect retries it


class HistoryImport:
    def __init__(self, accounts: AccountStore, tokens: ChannelTokens, source: HistorySource, store: HistoryStore,
                 threads: ThreadRepository, clock: Clock) -> None:
        self.accounts = accounts
        self.tokens = tokens
        self.source = source
        self.store = store
        self.threads = threads
        self.clock = clock

    def start(self, account: ChannelAccount) -> HistoryState:
        """Asks for the account's import from the start: the next minute sweep begins it. A WhatsApp number
        is marked `unavailable`: the Cloud API keeps no history."""
        now = self.clock.now()
        if not has_history(account.kind):
            state = HistoryState(status=UNAVAILABLE, updated_at=now,
                                 reason=f"{account.kind} keeps no history a store could import")
            self.store.set_history(account, state)
            return state
        state = HistoryState(status=IMPORTING, updated_at=now)
        self.store.set_history(account, state)
        self.store.put_timer(_timer(account, now, attempt=0))
        return state

    def wanted_again(self, account: ChannelAccount) -> bool:
        """Whether a reconnect (a new token) should import again: only an import that failed, or never ran."""
        return has_history(account.kind) and (account.history is None or account.history.status == FAILED)

    def step(self, timer: Timer) -> None:
        """A few pages of the import, each saved with the cursor of the next; then the next step's timer, or
        the end. Repeated (the stream delivers at least once), a page writes nothing twice."""
        account = self.accounts.get(timer.brand_id, timer.payload.get("account_id", ""))
        state = account.history if account else None
        if account is None or state is None or state.status != IMPORTING:
            return  # disconnected, or finished by an earlier delivery of this timer
        try:
            token = self.tokens.get(account.id)
            for _ in range(PAGES_PER_STEP):
                state = self._page(account, token, state)
                if state.status != IMPORTING:
                    return
        except HistoryUnavailable as error:
            self._unavailable(account, state, error, int(timer.payload.get("attempt", "0")))
            return
        except NotFound:
            self._gone(account, state)
            return
        self.store.put_timer(_timer(account, self.clock.now(), attempt=0))

    def _page(self, account: ChannelAccount, token: str, state: HistoryState) -> HistoryState:
        page = self.source.page(account, token, state.cursor, CONVERSATIONS_PER_PAGE)
        threads, messages = state.threads, state.messages
        for conversation in page.conversations:
            new_thread, added = self._conversation(account, conversation)
            threads, messages = threads + new_thread, messages + added
        done = page.next_cursor is None
        state = HistoryState(status=IMPORTED if done else IMPORTING, threads=threads, messages=messages,
                             cursor=page.next_cursor, updated_at=self.clock.now())
        self.store.set_history(account, state)
        return state

    def _conversation(self, account: ChannelAccount, conversation: PastConversation) -> tuple[int, int]:
        """Writes one conversation's messages, then its thread; (1 if the thread is new, messages new)."""
        now, address = self.clock.now(), conversation.customer_id
        thread_id = thread_id_for(account.brand_id, account.kind, address)
        messages = past_messages(conversation, brand_id=account.brand_id, thread_id=thread_id,
                                 store_id=account.store_id, channel=account.kind, store_address=account.external_id)
        if not messages:
            return 0, 0
        added = self.store.add_messages(messages, [provider_key(account.kind, m.provider_id or "") for m in messages],
                                        now)
        customer = Customer(id=customer_id_for(account.brand_id, address), phone=address,
                            name=conversation.customer_name)
        for _ in range(RETRIES_ON_RACE):
            current = self.threads.get(account.brand_id, thread_id)
            if current is not None and (not added or current.imported_at is not None):
                return 0, added  # already there (an earlier delivery of this step, or the customer's thread)
            try:
                self.store.save_thread(current, imported_thread(current, messages, customer, now))
            except StaleVersion:
                continue  # the customer wrote meanwhile: the thread is theirs now, marked on the next round
            return (1 if current is None else 0), added
        raise StaleVersion("the thread kept changing while its history was imported")

    def _gone(self, account: ChannelAccount, state: HistoryState) -> None:
        """The token (or the account) went meanwhile: a kept account shows why its import stopped."""
        try:
            self.store.set_history(account, replace(state, status=FAILED, reason="no access token is kept",
                                                    updated_at=self.clock.now()))
        except NotFound:
            return  # disconnected: nothing to show

    def _unavailable(self, account: ChannelAccount, state: HistoryState, error: HistoryUnavailable,
                     attempt: int) -> None:
        """A platform down is tried again a few times, later; a refusal fails the import at once."""
        now = self.clock.now()
        if error.retry and attempt + 1 < MAX_ATTEMPTS:
            self.store.put_timer(_timer(account, now + RETRY_DELAY, attempt=attempt + 1))
            return
        logger.warning("history import failed", extra={"channel": account.kind, "reason": error.reason})
        if error.token_refused:
            try:
                self.accounts.set_status(account, NEEDS_RECONNECT, now)  # the seed's "reconnect the channel"
            except NotFound:
                return
        self.store.set_history(account, replace(state, status=FAILED, reason=error.reason, updated_at=now))


def _timer(account: ChannelAccount, due: datetime, attempt: int) -> Timer:
    return Timer(brand_id=account.brand_id, kind=HISTORY_TIMER, ref=account.id, due_at=due,
                 payload={"account_id": account.id, "attempt": str(attempt)})


def is_history_timer(timer: Timer) -> bool:
    """Whether a fired timer is a step of a history import."""
    return timer.kind == HISTORY_TIMER

