"""`settle()`: returns when the local stage has nothing left to do at the sandbox's current time.

Black-box tests and demos call it (POST /sandbox/settle) after advancing the sandbox clock
instead of sleeping: every stream record is processed, every due timer has fired, and whatever
those produced is processed too.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from local.pump import StreamPump
from local.ticker import Ticker


def make_settler(
    pump: StreamPump, ticker: Ticker, *, timeout_seconds: float = 30.0, backlog_seconds: float = 900.0
) -> Callable[[], None]:
    def settle() -> None:
        """Drains what is already written, then sweeps and drains again until a sweep is followed by a
        pass that finds no record.

        The backlog is drained for as long as the pump keeps delivering records (a burst of a thousand
        customer messages takes a while on two cores), up to `backlog_seconds`. The sweeps and what
        they cause then have `timeout_seconds`: TimeoutError if work keeps appearing.
        """
        pump.drain(time.monotonic() + backlog_seconds)
        deadline = time.monotonic() + timeout_seconds
        while True:
            ticker.run_once()
            if pump.drain(deadline) == 0:
                return
            if time.monotonic() > deadline:
                raise TimeoutError("the local stage did not settle")

    return settle
