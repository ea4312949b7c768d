"""Notes of the invisible thread and the agents' mentions."""
from __future__ import annotations

from ...services.domain import Mention, Note
from ...services.ports.clock import iso, parse_iso
from .. import keys
from ..items.threads import MentionItem, NoteItem


def note_item(n: Note) -> NoteItem:
    return NoteItem(keys.thread_pk(n.brand_id, n.thread_id), keys.internal_note_sk(iso(n.created_at), n.id),
                    brand_id=n.brand_id, thread_id=n.thread_id, note_id=n.id, note_kind=n.kind,
                    author_agent_id=n.author_agent_id, text=n.text, mentions=list(n.mentions),
                    created_at=iso(n.created_at))


def note_of(item: NoteItem) -> Note:
    return Note(brand_id=item.brand_id, thread_id=item.thread_id, id=item.note_id,
                kind=item.note_kind,  # type: ignore[arg-type]
                author_agent_id=item.author_agent_id, text=item.text, created_at=parse_iso(item.created_at),
                mentions=[str(m) for m in (item.mentions or [])])


def mention_item(m: Mention, unread_copy: bool = False) -> MentionItem:
    """The mention, or (`unread_copy`) its copy in the unread list."""
    at = iso(m.created_at)
    sk = keys.unread_mention_sk(at, m.note_id) if unread_copy else keys.mention_sk(at, m.note_id)
    return MentionItem(keys.agent_pk(m.brand_id, m.agent_id), sk, brand_id=m.brand_id, agent_id=m.agent_id,
                       mention_id=m.id, thread_id=m.thread_id, note_id=m.note_id, by_agent_id=m.by_agent_id,
                       text=m.text, created_at=at, read=m.read)


def mention_of(item: MentionItem) -> Mention:
    return Mention(brand_id=item.brand_id, agent_id=item.agent_id, id=item.mention_id, thread_id=item.thread_id,
                   note_id=item.note_id, by_agent_id=item.by_agent_id, text=item.text,
                   created_at=parse_iso(item.created_at), read=bool(item.read))
