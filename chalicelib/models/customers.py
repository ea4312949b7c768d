"""Customer records and their thread links in DynamoDB: one partition per customer of a brand."""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pynamodb.exceptions import DoesNotExist

from ..services.domain import CustomerLink, CustomerProfile, Thread
from . import keys
from .items.records import CustomerItem, CustomerThreadItem
from .search import batch_threads
from .tables import Item
from .translate.customers import customer_item, customer_of, link_of, link_update


def customer_in(image: dict[str, Any] | None) -> CustomerProfile | None:
    """The customer record a stream image holds, or None for any other kind of item."""
    if not image or image.get("kind", {}).get("S") != "customer":
        return None
    item = Item.from_raw_data(image)
    return customer_of(item) if isinstance(item, CustomerItem) else None


class DynamoCustomers:
    def get(self, brand_id: str, customer_id: str) -> CustomerProfile | None:
        try:
            return customer_of(CustomerItem.get(keys.customer_pk(brand_id, customer_id), keys.CUSTOMER_SK))
        except DoesNotExist:
            return None

    def get_many(self, brand_id: str, customer_ids: Sequence[str]) -> dict[str, CustomerProfile]:
        wanted = list(dict.fromkeys(customer_ids))
        if not wanted:
            return {}
        items = CustomerItem.batch_get([(keys.customer_pk(brand_id, c), keys.CUSTOMER_SK) for c in wanted])
        return {item.customer_id: customer_of(item) for item in items}

    def save_many(self, profiles: Sequence[CustomerProfile]) -> None:
        with CustomerItem.batch_write() as batch:
            for profile in profiles:
                batch.save(customer_item(profile))

    def with_threads(self, brand_id: str, customer_id: str) -> tuple[CustomerProfile | None, list[CustomerLink]]:
        profile, links = None, []
        for item in Item.query(keys.customer_pk(brand_id, customer_id)):
            if isinstance(item, CustomerItem):
                profile = customer_of(item)
            elif isinstance(item, CustomerThreadItem):
                links.append(link_of(item))
        return profile, links

    def save_link(self, link: CustomerLink) -> None:
        item, actions = link_update(link)
        item.update(actions, add_version_condition=False)

    def threads(self, brand_id: str, thread_ids: Sequence[str]) -> dict[str, Thread]:
        return batch_threads(brand_id, thread_ids)
