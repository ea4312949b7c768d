"""Canned responses in DynamoDB (D6): one Query per library returns it in alphabetical order.

Each canned response is two items in its library's partition: the entry, whose sort key is its
normalised title (so a Query reads the library in order), and a small item under its id that says
where the entry is and carries the version that every change is conditional on.
"""
from __future__ import annotations

from pynamodb.exceptions import DoesNotExist

from ..services.domain import CannedResponse
from ..services.domain.errors import AlreadyExists, StaleVersion
from ..services.ports.clock import iso, parse_iso
from ..services.usecases.canned import sort_title
from . import keys
from .items.records import CannedIdItem, CannedItem
from .tables import Item
from .transactions import Transaction


def _partition(brand_id: str, owner_agent_id: str | None) -> str:
    return keys.agent_pk(brand_id, owner_agent_id) if owner_agent_id else keys.brand_pk(brand_id)


def _entry(c: CannedResponse) -> CannedItem:
    return CannedItem(_partition(c.brand_id, c.owner_agent_id), keys.canned_sk(sort_title(c.title), c.id),
                      brand_id=c.brand_id, canned_id=c.id, title=c.title, text=c.text, scope=c.scope,
                      owner_agent_id=c.owner_agent_id, created_at=iso(c.created_at), updated_at=iso(c.updated_at),
                      version=c.version)


def _locator(c: CannedResponse) -> CannedIdItem:
    entry = _entry(c)
    return CannedIdItem(entry.pk, keys.canned_id_sk(c.id), brand_id=c.brand_id, canned_id=c.id, entry_sk=entry.sk,
                        version=c.version)


def _canned_of(item: CannedItem) -> CannedResponse:
    return CannedResponse(brand_id=item.brand_id, id=item.canned_id, title=item.title, text=item.text,
                          scope=item.scope, owner_agent_id=item.owner_agent_id,  # type: ignore[arg-type]
                          created_at=parse_iso(item.created_at), updated_at=parse_iso(item.updated_at),
                          version=int(item.version or 1))


class DynamoCannedResponses:
    def list(self, brand_id: str, owner_agent_id: str | None) -> list[CannedResponse]:
        items = CannedItem.query(_partition(brand_id, owner_agent_id), CannedItem.sk.startswith(keys.CANNED_PREFIX))
        return [_canned_of(item) for item in items]

    def get(self, brand_id: str, agent_id: str, canned_id: str) -> CannedResponse | None:
        wanted = [(keys.brand_pk(brand_id), keys.canned_id_sk(canned_id)),
                  (keys.agent_pk(brand_id, agent_id), keys.canned_id_sk(canned_id))]
        for locator in CannedIdItem.batch_get(wanted):
            try:
                return _canned_of(CannedItem.get(locator.pk, locator.entry_sk, consistent_read=True))
            except DoesNotExist:
                return None
        return None

    def add(self, canned: CannedResponse) -> None:
        tx = Transaction()
        tx.put("entry", _entry(canned), Item.pk.does_not_exist())
        tx.put("locator", _locator(canned), Item.pk.does_not_exist())
        if tx.commit():
            raise AlreadyExists("a canned response with this id exists already")

    def save(self, before: CannedResponse, after: CannedResponse) -> None:
        tx = Transaction()
        old, new = _entry(before), _entry(after)
        tx.put("locator", _locator(after), CannedIdItem.version == before.version)
        if old.sk != new.sk:  # a new title: the entry moves to its new place in the order
            tx.delete("old entry", old)
        tx.put("entry", new)
        if tx.commit():
            raise StaleVersion("the canned response changed meanwhile")

    def delete(self, canned: CannedResponse) -> None:
        tx = Transaction()
        tx.delete("locator", _locator(canned), CannedIdItem.version == canned.version)
        tx.delete("entry", _entry(canned))
        if tx.commit():
            raise StaleVersion("the canned response changed meanwhile")
