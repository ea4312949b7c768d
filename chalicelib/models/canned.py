"""Canned responses in DynamoDB: one Query per library returns it in alphabetical order.

Each canned response is two items in its library's partition: the entry, whose sort key is its
normalised title (so a Query reads the library in order), and a small item under its id that says
where the entry is and carries the version that every change is conditional on.
"""
from __future__ import annotations

from pynamodb.exceptions import DoesNotExist

from ..services.domain import CannedResponse
from ..services.domain.errors import AlreadyExists, StaleVersion
from . import keys
from .items.records import CannedIdItem, CannedItem
from .tables import Item
from .transactions import Transaction
from .translate.canned import canned_of, entry_item, locator_item


class DynamoCannedResponses:
    def list(self, brand_id: str, owner_agent_id: str | None) -> list[CannedResponse]:
        items = CannedItem.query(keys.canned_pk(brand_id, owner_agent_id), CannedItem.sk.startswith(keys.CANNED_PREFIX))
        return [canned_of(item) for item in items]

    def get(self, brand_id: str, agent_id: str, canned_id: str) -> CannedResponse | None:
        wanted = [(keys.brand_pk(brand_id), keys.canned_id_sk(canned_id)),
                  (keys.agent_pk(brand_id, agent_id), keys.canned_id_sk(canned_id))]
        for locator in CannedIdItem.batch_get(wanted):
            try:
                return canned_of(CannedItem.get(locator.pk, locator.entry_sk, consistent_read=True))
            except DoesNotExist:
                return None
        return None

    def add(self, canned: CannedResponse) -> None:
        tx = Transaction()
        tx.put("entry", entry_item(canned), Item.pk.does_not_exist())
        tx.put("locator", locator_item(canned), Item.pk.does_not_exist())
        if tx.commit():
            raise AlreadyExists("a canned response with this id exists already")

    def save(self, before: CannedResponse, after: CannedResponse) -> None:
        tx = Transaction()
        old, new = entry_item(before), entry_item(after)
        tx.put("locator", locator_item(after), CannedIdItem.version == before.version)
        if old.sk != new.sk:  # a new title: the entry moves to its new place in the order
            tx.delete("old entry", old)
        tx.put("entry", new)
        if tx.commit():
            raise StaleVersion("the canned response changed meanwhile")

    def delete(self, canned: CannedResponse) -> None:
        tx = Transaction()
        tx.delete("locator", locator_item(canned), CannedIdItem.version == canned.version)
        tx.delete("entry", entry_item(canned))
        if tx.commit():
            raise StaleVersion("the canned response changed meanwhile")
