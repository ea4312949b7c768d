"""What importing a platform's history needs: the platform's pages of conversations, and where they are written."""
from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from ..domain import Message, Thread, Timer
from ..domain.channel_accounts import ChannelAccount
from ..domain.history import HistoryPage, HistoryState


class HistoryUnavailable(Exception):
    """The platform refused or did not answer; `retry` when trying again later may work (5xx, 429, network)."""

    def __init__(self, reason: str, *, retry: bool, token_refused: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retry = retry
        self.token_refused = token_refused


class HistorySource(Protocol):
    def page(self, account: ChannelAccount, token: str, cursor: str | None, limit: int) -> HistoryPage:
        """At most `limit` conversations from `cursor` (None: the first page), each with its most recent messages
        (up to the cap, the messages' own pages followed); HistoryUnavailable when the platform refuses."""


class HistoryStore(Protocol):
    def set_history(self, account: ChannelAccount, state: HistoryState) -> None:
        """Writes the account's import state; NotFound when the account was disconnected meanwhile."""

    def put_timer(self, timer: Timer) -> None:
        """Puts (or replaces) a timer: the minute sweep fires it."""

    def add_messages(self, messages: Sequence[Message], keys: Sequence[str], seen_at: datetime) -> int:
        """Stores each message unless its provider key was seen (by the webhook or an earlier import) or the
        message itself is there; the key is kept as long from `seen_at` as the webhook's; returns how many were new."""

    def save_thread(self, before: Thread | None, after: Thread) -> None:
        """Writes the thread, conditional on `before`'s version (StaleVersion when it changed)."""
