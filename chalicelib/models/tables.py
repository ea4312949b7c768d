"""The table: its PynamoDB base model and indexes, where it is, and its creation.

Every kind of item is a discriminated subclass of `Item`, declared by aggregate in models/items/
(statistics items, written without a kind, are a model of their own on the same table). Keys come
from keys.py; translation lives in models/translate/.
"""
from __future__ import annotations

import os
from typing import Any

from pynamodb.attributes import (
    DiscriminatorAttribute,
    TTLAttribute,
    UnicodeAttribute,
)
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex
from pynamodb.models import Model

DEFAULT_REGION = "eu-west-3"


def _index(name: str, hash_attr: str, range_attr: str) -> type[GlobalSecondaryIndex]:
    class Meta:
        index_name = name
        projection = AllProjection()

    attrs: dict[str, Any] = {
        "Meta": Meta,
        hash_attr: UnicodeAttribute(hash_key=True),
        range_attr: UnicodeAttribute(range_key=True),
    }
    return type(f"Index_{name}", (GlobalSecondaryIndex,), attrs)


InboxStore = _index("inbox_store", "store_group_key", "recent_key")
InboxBrand = _index("inbox_brand", "brand_group_key", "recent_key")
WaitingStore = _index("waiting_store", "store_group_key", "waiting_key")
WaitingBrand = _index("waiting_brand", "brand_group_key", "waiting_key")
TimersDue = _index("timers_due", "timer_queue", "due_key")


class Item(Model):
    """The main table: every entity is a discriminated subclass of this model."""

    class Meta:
        table_name = os.environ.get("COMPTOIR_TABLE", "comptoir")
        region = os.environ.get("AWS_DEFAULT_REGION", DEFAULT_REGION)
        host = os.environ.get("DYNAMODB_ENDPOINT") or None
        billing_mode = "PAY_PER_REQUEST"
        stream_view_type = "NEW_AND_OLD_IMAGES"

    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True)
    kind = DiscriminatorAttribute()
    expires_at = TTLAttribute(null=True)

    inbox_store = InboxStore()
    inbox_brand = InboxBrand()
    waiting_store = WaitingStore()
    waiting_brand = WaitingBrand()
    timers_due = TimersDue()


MAIN_MODELS: tuple[type[Model], ...] = (Item,)


def configure(*, table_name: str | None = None, host: str | None = None, region: str | None = None) -> None:
    """Points every model at a table and endpoint. PynamoDB reads Meta at first use, so reset its connection."""
    for model in MAIN_MODELS:
        if table_name:
            model.Meta.table_name = table_name
        model.Meta.host = host
        if region:
            model.Meta.region = region
        model._connection = None
    for sub in _models_of_the_table():
        sub._connection = None


def _models_of_the_table() -> list[type[Model]]:
    """Every model sharing the table's Meta: the item kinds and the statistics items."""
    found: list[type[Model]] = []
    todo: list[type[Model]] = [Model]
    while todo:
        for sub in todo.pop().__subclasses__():
            todo.append(sub)
            if getattr(sub, "Meta", None) is Item.Meta:
                found.append(sub)
    return found


def create_tables() -> None:
    """Creates the table with its indexes and stream when it does not exist (local stage, tests)."""
    for model in MAIN_MODELS:
        if not model.exists():
            model.create_table(wait=True)
