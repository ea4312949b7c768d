"""The correlation id of the work in progress: one customer message followed from the webhook to the send.

The id of the request (or stream record) being handled lives in a context variable, so that the local stage's
threads each keep their own. The logger shows it on every line (Powertools' thread-safe keys), and the
repositories stamp it on the messages, threads and timers they write: the stream consumers read it back from
the record and carry on under the same id, so that one search for it finds the webhook, the thread's update,
the notifications, the automatic reply and its send.
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from .logs import logger

_CURRENT: ContextVar[str | None] = ContextVar("correlation_id", default=None)
MAX_LENGTH = 100  # a caller's header is taken as it is up to this length; longer ones are not ours to keep


def current_correlation_id() -> str | None:
    """The id of the request or stream record being handled, None outside of one."""
    return _CURRENT.get()


@contextmanager
def correlated(correlation_id: str | None) -> Iterator[str | None]:
    """Everything logged or written inside carries `correlation_id`; the previous id is back on the way out."""
    token = _CURRENT.set(correlation_id)
    previous = logger.thread_safe_get_current_keys().get("correlation_id")
    logger.thread_safe_append_keys(correlation_id=correlation_id)
    try:
        yield correlation_id
    finally:
        _CURRENT.reset(token)
        # A fresh set of keys rather than a removal in place: another context may share the current one.
        others = {k: v for k, v in logger.thread_safe_get_current_keys().items() if k != "correlation_id"}
        logger.thread_safe_clear_keys()
        logger.thread_safe_append_keys(**others, **({"correlation_id": previous} if previous else {}))
