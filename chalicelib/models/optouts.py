"""The SMS opt-out register in DynamoDB: one item per brand, customer number hash and store number."""
from __future__ import annotations

from collections.abc import Sequence

from pynamodb.exceptions import DoesNotExist, PutError

from ..services.domain.optout import OptOutChange, number_hash
from ..services.ports.clock import iso
from . import keys, keys_safety
from .conditions import condition_failed
from .items.optout import OptOutItem
from .tables import Item


class DynamoOptOuts:
    def record(self, change: OptOutChange) -> bool:
        at = iso(change.at)
        item = OptOutItem(keys_safety.optout_pk(change.brand_id, change.customer_hash),
                          keys.number_pk(change.store_number),
                          brand_id=change.brand_id, store_number=change.store_number,
                          customer_hash=change.customer_hash, opted_out=change.opted_out, changed_at=at,
                          reason=change.reason)
        try:
            # ISO times in UTC with a fixed format sort as text: a change never replaces a later one.
            item.save(condition=Item.pk.does_not_exist() | (OptOutItem.changed_at <= at))
        except PutError as error:
            if condition_failed(error):
                return False
            raise
        return True

    def opted_out(self, brand_id: str, store_number: str, customer_number: str) -> bool:
        return self.opted_out_hash(brand_id, store_number, number_hash(customer_number))

    def opted_out_many(self, brand_id: str, pairs: Sequence[tuple[str, str]]) -> set[tuple[str, str]]:
        by_key = {(keys_safety.optout_pk(brand_id, number_hash(customer)), keys.number_pk(store)): (store, customer)
                  for store, customer in pairs}
        if not by_key:
            return set()
        return {by_key[(item.pk, item.sk)] for item in OptOutItem.batch_get(list(by_key))
                if item.opted_out and (item.pk, item.sk) in by_key}

    def opted_out_hash(self, brand_id: str, store_number: str, customer_hash: str) -> bool:
        try:
            item = OptOutItem.get(keys_safety.optout_pk(brand_id, customer_hash), keys.number_pk(store_number))
        except DoesNotExist:
            return False
        return bool(item.opted_out)

    def store_numbers_opted_out(self, brand_id: str, customer_hash: str) -> list[str]:
        items = OptOutItem.query(keys_safety.optout_pk(brand_id, customer_hash))
        return sorted(item.store_number for item in items if isinstance(item, OptOutItem) and item.opted_out)
