"""Triage of threads by agents: folders and hold (held customers lead the inbox). The rules are in domain/threads.py."""
from __future__ import annotations

from ..domain import FOLDERS, Agent, Folder, Thread
from ..domain import threads as rules
from ..domain.errors import InvalidInput
from ..ports.clock import Clock
from ..ports.repositories import ThreadRepository
from .conversations.changes import ThreadChanges

MAX_REASON = 500


class Triage:
    def __init__(self, changes: ThreadChanges, threads: ThreadRepository, clock: Clock) -> None:
        self.changes = changes
        self.threads = threads
        self.clock = clock

    def move(self, agent: Agent, thread_id: str, folder: str, reason: str | None = None) -> Thread:
        """Mark a thread done, spam or archived, or put it back in the inbox. Writers only."""
        if folder not in FOLDERS:
            raise InvalidInput.field("folder", f"one of {', '.join(FOLDERS)}")
        reason = _reason(reason)
        now = self.clock.now()
        target: Folder = folder  # type: ignore[assignment]
        return self.changes.change(agent, thread_id,
                                   lambda t: rules.move_to_folder(t, target, agent.id, now, reason))

    def hold(self, agent: Agent, thread_id: str, on_hold: bool, reason: str | None = None) -> Thread:
        """Put a customer on hold, or take them off it: held threads lead the inbox. Writers only."""
        reason = _reason(reason)
        now = self.clock.now()
        return self.changes.change(agent, thread_id, lambda t: rules.hold(t, on_hold, agent.id, now, reason))


def _reason(reason: str | None) -> str | None:
    if reason is None:
        return None
    if len(reason) > MAX_REASON:
        raise InvalidInput.field("reason", f"at most {MAX_REASON} characters")
    return reason.strip() or None
