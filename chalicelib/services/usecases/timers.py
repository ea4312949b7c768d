"""The minute sweep: claims due timers so that each fires once; their actions follow from the stream."""
from __future__ import annotations

from ..ports.clock import Clock
from ..ports.repositories import TimerQueue

BATCH = 100


class TimerSweep:
    def __init__(self, queue: TimerQueue, clock: Clock, batch: int = BATCH) -> None:
        self.queue = queue
        self.clock = clock
        self.batch = batch

    def sweep(self) -> int:
        """Claims every timer due now; returns how many this run claimed (an overlapping run claims the rest).

        An idle minute costs one Query; a due timer one conditional delete.
        """
        now = self.clock.now()
        claimed = 0
        while True:
            due = self.queue.due(now, self.batch)
            claimed += sum(1 for handle in due if self.queue.claim(handle))
            if len(due) < self.batch:
                return claimed
