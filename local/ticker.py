"""The ticker: invokes a scheduled handler of the app every few seconds, as EventBridge would
every minute. Running it more often than the deployed rate only tightens the precision; the
handler claims due timers with conditional writes and reads the sandbox clock itself.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from chalice.app import Chalice

from local.events import lambda_context, scheduled_event

log = logging.getLogger("local.ticker")


class Ticker:
    """Calls `app.handler_map[handler_name]` every `interval` seconds in a thread; `run_once()` on demand."""

    def __init__(self, *, app: Chalice, region: str, handler_name: str = "sweep_timers", interval: float = 5.0) -> None:
        self._app, self._region = app, region
        self._handler_name, self._interval = handler_name, interval
        self._running = threading.Lock()  # the thread and settle() never sweep at the same time
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._run, name="ticker", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stopping.set()
        if self._thread.is_alive():
            self._thread.join(timeout=30)

    def run_once(self) -> Any:
        """One scheduled invocation; the handler's exception, if any, reaches the caller."""
        handler = self._app.handler_map[self._handler_name]
        event = scheduled_event(rule_name=f"comptoir-local-{self._handler_name}", region=self._region)
        with self._running:
            return handler(event, lambda_context(f"comptoir-local-{self._handler_name}", region=self._region))

    def _run(self) -> None:
        while not self._stopping.wait(self._interval):
            try:
                self.run_once()
            except Exception:
                # EventBridge would retry the invocation; the next tick does the same here.
                log.exception("scheduled handler failed", extra={"handler": self._handler_name})
