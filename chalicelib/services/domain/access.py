"""What a role lets an employee use (sections and channels), decided in one place.

Every authenticated request passes through `require_section` with the section its route belongs to
(`section_for`), and every answer to a customer through `require_channel`. Brand admins are never
restricted; an agent without a role may use every section and channel.
"""
from __future__ import annotations

from . import Agent
from .errors import Forbidden

SECTIONS = ("inbox", "statistics", "admin")
# Routes under these paths belong to a section whatever their method.
_SECTION_OF_PREFIX = (("/v1/stats", "statistics"), ("/v1/threads", "inbox"))
# Writes under these paths are administration; reading them stays open to every agent.
_ADMIN_PREFIXES = ("/v1/brand", "/v1/stores", "/v1/agents", "/v1/invitations", "/v1/closing-reasons",
                   "/v1/store-groups", "/v1/roles")


def _under(path: str, prefix: str) -> bool:
    return path == prefix or path.startswith(prefix + "/") or path.startswith(prefix + ".")


def section_for(method: str, path: str) -> str | None:
    """The section a route belongs to, from its path pattern (e.g. /v1/threads/{thread_id}); None: no section."""
    for prefix, section in _SECTION_OF_PREFIX:
        if _under(path, prefix):
            return section
    if method.upper() != "GET" and any(_under(path, p) for p in _ADMIN_PREFIXES):
        return "admin"
    return None


def restricted(agent: Agent) -> bool:
    return not agent.brand_admin and agent.role_id is not None


def sections_of(agent: Agent) -> list[str]:
    if not restricted(agent):
        return list(SECTIONS)
    return [s for s in SECTIONS if agent.role is not None and s in agent.role.sections]


def channels_of(agent: Agent, every_channel: tuple[str, ...]) -> list[str]:
    if not restricted(agent):
        return list(every_channel)
    return [c for c in every_channel if agent.role is not None and c in agent.role.channels]


def require_section(agent: Agent, section: str | None) -> None:
    """Forbidden when the agent's role leaves the section out. A role that could not be loaded allows nothing."""
    if section is None or not restricted(agent):
        return
    if agent.role is None or section not in agent.role.sections:
        raise Forbidden(f"your role does not include the {section} section")


def require_channel(agent: Agent, channel: str) -> None:
    if not restricted(agent):
        return
    if agent.role is None or channel not in agent.role.channels:
        raise Forbidden(f"your role does not include the {channel} channel")
