"""The conversation use cases over one set of ports: the composition root builds them once, unit tests too."""
from __future__ import annotations

import random
from dataclasses import dataclass

from ...ports.channels import Channels
from ...ports.clock import Clock
from ...ports.media import CustomerPictures
from ...ports.repositories import Directory, IdGenerator, SentimentDetector, ThreadRepository
from ..delivery import Delivery
from ..notifier import Notifier
from ..optout import OptOuts
from ..reactions import Reactions
from .access import ThreadAccess
from .answer import Answer
from .calls import Calls
from .changes import ThreadChanges
from .escalate import Escalate
from .inbox import Inbox
from .receive import Receive
from .reviews import ReviewIntake
from .snooze import Snooze
from .transfer import Transfer


@dataclass(frozen=True)
class ConversationCases:
    """Every conversation use case, sharing one view of the threads and one random source for fair picks."""

    thread_access: ThreadAccess
    inbox: Inbox
    receive: Receive
    answer: Answer
    changes: ThreadChanges
    transfer: Transfer
    snooze: Snooze
    escalate: Escalate
    calls: Calls  # calls to a store's number answered by text, calls to customers logged
    reviews: ReviewIntake

    @classmethod
    def build(cls, threads: ThreadRepository, directory: Directory, ids: IdGenerator, clock: Clock,
              notifier: Notifier, channels: Channels, rng: random.Random | None = None,
              sentiment: SentimentDetector | None = None, optouts: OptOuts | None = None) -> ConversationCases:
        access = ThreadAccess(threads)
        receive = Receive(threads, directory, ids, clock, notifier, rng, sentiment, optouts)
        return cls(
            thread_access=access,
            inbox=Inbox(threads, directory, access),
            receive=receive,
            answer=Answer(threads, directory, access, ids, clock, channels, optouts),
            changes=ThreadChanges(threads, directory, access, clock),
            transfer=Transfer(threads, directory, access, clock, notifier, rng),
            snooze=Snooze(threads, access, clock),
            escalate=Escalate(threads, directory, clock, notifier, rng),
            calls=Calls.build(channels, directory, threads, ids, clock, access),
            reviews=ReviewIntake(threads, directory, ids, clock, receive),
        )

    def reactions(self, delivery: Delivery, pictures: CustomerPictures | None = None) -> Reactions:
        """What follows a write from the stream, over these use cases (`pictures`: where customers' pictures are
        kept, if anywhere)."""
        return Reactions(self.receive, self.escalate, self.snooze, delivery, pictures)
