"""The conversation use cases over one set of ports, as the composition root builds them, for unit tests."""
from __future__ import annotations

import random
from dataclasses import dataclass

from chalicelib.services.ports.clock import Clock
from chalicelib.services.ports.repositories import Directory, IdGenerator, SentimentDetector, ThreadRepository
from chalicelib.services.usecases.conversations.access import ThreadAccess
from chalicelib.services.usecases.conversations.answer import Answer
from chalicelib.services.usecases.conversations.changes import ThreadChanges
from chalicelib.services.usecases.conversations.escalate import Escalate
from chalicelib.services.usecases.conversations.inbox import Inbox
from chalicelib.services.usecases.conversations.receive import Receive
from chalicelib.services.usecases.conversations.snooze import Snooze
from chalicelib.services.usecases.conversations.transfer import Transfer
from chalicelib.services.usecases.delivery import Delivery
from chalicelib.services.usecases.notifier import Notifier
from chalicelib.services.usecases.reactions import Reactions


@dataclass(frozen=True)
class ConversationCases:
    thread_access: ThreadAccess
    inbox: Inbox
    receive: Receive
    answer: Answer
    changes: ThreadChanges
    transfer: Transfer
    snooze: Snooze
    escalate: Escalate

    @classmethod
    def build(cls, threads: ThreadRepository, directory: Directory, ids: IdGenerator, clock: Clock,
              notifier: Notifier, rng: random.Random | None = None,
              sentiment: SentimentDetector | None = None) -> ConversationCases:
        access = ThreadAccess(threads)
        return cls(
            thread_access=access,
            inbox=Inbox(threads, directory, access),
            receive=Receive(threads, directory, ids, clock, notifier, rng, sentiment),
            answer=Answer(threads, directory, access, ids, clock),
            changes=ThreadChanges(threads, directory, access, clock),
            transfer=Transfer(threads, directory, access, clock, notifier, rng),
            snooze=Snooze(threads, access, clock),
            escalate=Escalate(threads, directory, clock, notifier, rng),
        )

    def reactions(self, delivery: Delivery) -> Reactions:
        """What follows a write from the stream, over these use cases."""
        return Reactions(self.receive, self.escalate, self.snooze, delivery)
