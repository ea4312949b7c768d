"""Rules of the invisible thread (agents only): note text, @[agent_id] mentions, mention ids. Pure functions."""
from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from . import Agent, Mention, Note, Thread
from .errors import InvalidInput
from .timestamps import iso, parse_iso

MAX_NOTE = 4000
MAX_MENTIONS = 20  # one transaction holds the note and 3 writes per mention: far below DynamoDB's 100
EXCERPT = 300
MENTION = re.compile(r"@\[([^\[\]\s]{1,64})\]")
# How an action that moves a thread records itself in the invisible thread: the note, from the thread before.
NoteFor = Callable[[Thread], Note]
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MS = timedelta(milliseconds=1)


def check_note_text(text: str) -> str:
    """A note says something (1..4000 characters); it is kept as written."""
    if not (text or "").strip():
        raise InvalidInput.field("text", "must not be empty")
    if len(text) > MAX_NOTE:
        raise InvalidInput.field("text", f"at most {MAX_NOTE} characters ({len(text)} given)")
    return text


def mentioned_ids(text: str) -> list[str]:
    """Agent ids written `@[agent_id]`, each once, in the order they first appear."""
    found: list[str] = []
    for agent_id in MENTION.findall(text):
        if agent_id not in found:
            found.append(agent_id)
    return found


def sees_thread(agent: Agent, thread: Thread) -> bool:
    """The thread's store, or any store it is shared with for information, makes it visible."""
    return agent.can_see(thread.store_id) or any(agent.can_see(s) for s in thread.shared_with)


def check_mentions(ids: list[str], agents: list[Agent], thread: Thread) -> list[Agent]:
    """The agents mentioned; each must be an agent of the brand who can see the thread, or nothing is stored."""
    if len(ids) > MAX_MENTIONS:
        raise InvalidInput.field("text", f"at most {MAX_MENTIONS} colleagues mentioned in one note")
    by_id = {a.id: a for a in agents if a.brand_id == thread.brand_id}
    mentioned = []
    for agent_id in ids:
        agent = by_id.get(agent_id)
        if agent is None or not sees_thread(agent, thread):
            raise InvalidInput.field("text", f"@[{agent_id}] is not a colleague who can see this thread")
        mentioned.append(agent)
    return mentioned


def mention_id(created_at: datetime, note_id: str) -> str:
    """The id names its key (time of the note to the millisecond, note id): it is read without a look-up."""
    at = parse_iso(iso(created_at))
    return f"m{(at - _EPOCH) // _MS}-{note_id}"


def mention_key(mention_id: str) -> tuple[str, str] | None:
    """(created ISO, note id) of a mention id, or None when it is not one."""
    millis, dash, note_id = mention_id[1:].partition("-")
    if not mention_id.startswith("m") or not dash or not note_id or not millis.isdigit() or len(millis) > 15:
        return None
    return iso(_EPOCH + int(millis) * _MS), note_id


def mentions_of(note: Note, agents: list[Agent]) -> list[Mention]:
    """One mention per colleague named in the note; the author mentioning themself is told nothing."""
    return [Mention(brand_id=note.brand_id, agent_id=a.id, id=mention_id(note.created_at, note.id),
                    thread_id=note.thread_id, note_id=note.id, by_agent_id=note.author_agent_id or "",
                    text=note.text[:EXCERPT], created_at=parse_iso(iso(note.created_at)))
            for a in agents if a.id != note.author_agent_id]


def readable(text: str, agents: list[Agent]) -> str:
    """The note with each @[agent_id] shown as @First Last, for an e-mail."""
    names = {a.id: full_name(a) for a in agents}
    return MENTION.sub(lambda m: f"@{names.get(m.group(1), m.group(1))}", text)


def full_name(agent: Agent) -> str:
    return f"{agent.first_name} {agent.last_name}".strip() or agent.email
