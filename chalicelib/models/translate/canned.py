"""Canned responses: the entry (sorted by its normalised title) and the locator under its id."""
from __future__ import annotations

from ...services.domain import CannedResponse
from ...services.ports.clock import iso, parse_iso
from ...services.usecases.canned import sort_title
from .. import keys
from ..items.records import CannedIdItem, CannedItem


def entry_item(c: CannedResponse) -> CannedItem:
    return CannedItem(keys.canned_pk(c.brand_id, c.owner_agent_id), keys.canned_sk(sort_title(c.title), c.id),
                      brand_id=c.brand_id, canned_id=c.id, title=c.title, text=c.text, scope=c.scope,
                      owner_agent_id=c.owner_agent_id, created_at=iso(c.created_at), updated_at=iso(c.updated_at),
                      version=c.version)


def locator_item(c: CannedResponse) -> CannedIdItem:
    entry = entry_item(c)
    return CannedIdItem(entry.pk, keys.canned_id_sk(c.id), brand_id=c.brand_id, canned_id=c.id, entry_sk=entry.sk,
                        version=c.version)


def canned_of(item: CannedItem) -> CannedResponse:
    return CannedResponse(brand_id=item.brand_id, id=item.canned_id, title=item.title, text=item.text,
                          scope=item.scope, owner_agent_id=item.owner_agent_id,  # type: ignore[arg-type]
                          created_at=parse_iso(item.created_at), updated_at=parse_iso(item.updated_at),
                          version=int(item.version or 1))
