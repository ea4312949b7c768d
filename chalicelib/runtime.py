"""The process's services: built on first use from the environment, or installed by the local stage and tests.

Handlers import only this module, not the composition root, so that importing the app (a Lambda cold start)
does not pay for every use case and adapter: the graph is built when the first event needs it.
"""
from __future__ import annotations

import threading
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .bootstrap import Services

_services: Services | None = None
_lock = threading.Lock()  # the local stage serves requests and stream batches on several threads


def services() -> Services:
    """The process's object graph, built on first use, once even when two threads ask at the same time.

    Built again when a deployed stage's secret parameters changed (a rotation), so a warm function picks up
    the new values within the secrets' cache time, without a deploy."""
    global _services
    from .config import with_rotated_secrets

    current = _services
    rotated = None
    if current is not None:
        rotated = with_rotated_secrets(current.settings)
        if rotated is current.settings:
            return current
    with _lock:
        if _services is current:  # neither built nor installed by another thread meanwhile
            from .bootstrap import bootstrap
            from .config import from_env

            _services = bootstrap(rotated or from_env())
        assert _services is not None
        return _services


def install(replacement: Services | None) -> None:
    """The local stage and tests install the graph they built; None forgets it (built again on next use).

    Waits for a build in progress, so that what is installed is never overwritten by it."""
    global _services
    with _lock:
        _services = replacement
