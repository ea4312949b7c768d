"""Customer records and their thread links."""
from __future__ import annotations

from typing import Any

from ...services.domain import CustomerLink, CustomerProfile
from ...services.ports.clock import iso, parse_iso
from .. import keys
from ..items.records import CustomerItem, CustomerThreadItem


def customer_item(p: CustomerProfile) -> CustomerItem:
    return CustomerItem(keys.customer_pk(p.brand_id, p.id), keys.CUSTOMER_SK, brand_id=p.brand_id, customer_id=p.id,
                        phone=p.phone, name=p.name, customer_attributes=dict(p.attributes),
                        updated_at=iso(p.updated_at) if p.updated_at else None)


def customer_of(item: CustomerItem) -> CustomerProfile:
    raw = item.customer_attributes
    attributes = raw.as_dict() if hasattr(raw, "as_dict") else dict(raw or {})
    return CustomerProfile(brand_id=item.brand_id, id=item.customer_id, phone=item.phone, name=item.name,
                           attributes={str(k): str(v) for k, v in attributes.items()},
                           updated_at=parse_iso(item.updated_at) if item.updated_at else None)


def link_of(item: CustomerThreadItem) -> CustomerLink:
    return CustomerLink(brand_id=item.brand_id, customer_id=item.customer_id, thread_id=item.thread_id,
                        store_id=item.store_id, channel=item.channel, store_number=item.store_number)


def link_update(link: CustomerLink) -> tuple[CustomerThreadItem, list[Any]]:
    """The link's item and the actions that write it: an update, so that what the link does not know stays."""
    item = CustomerThreadItem(keys.customer_pk(link.brand_id, link.customer_id),
                              keys.customer_thread_sk(link.thread_id))
    actions: list[Any] = [CustomerThreadItem.kind.set(CustomerThreadItem),
                          CustomerThreadItem.brand_id.set(link.brand_id),
                          CustomerThreadItem.customer_id.set(link.customer_id),
                          CustomerThreadItem.thread_id.set(link.thread_id)]
    for name in ("store_id", "channel", "store_number"):
        value = getattr(link, name)
        if value is not None:
            actions.append(getattr(CustomerThreadItem, name).set(value))
    return item, actions
