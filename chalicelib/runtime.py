"""The process's services: built on first use from the environment, or installed by the local stage and tests.

Handlers import only this module, not the composition root, so that importing the app (a Lambda cold start)
does not pay for every use case and adapter: the graph is built when the first event needs it.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .bootstrap import Services

_services: Services | None = None


def services() -> Services:
    """The process's object graph, built on first use."""
    global _services
    if _services is None:
        from .bootstrap import bootstrap
        from .config import from_env

        _services = bootstrap(from_env())
    return _services


def install(replacement: Services | None) -> None:
    """The local stage and tests install the graph they built; None forgets it (built again on next use)."""
    global _services
    _services = replacement
