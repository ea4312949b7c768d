"""What only a walk over the whole table finds, for the operators: every brand, and a store by its id alone.

Both are Scans, filtered on the sort key: an operator's occasional command, never a request path (no key
names every brand, and a store's id alone names no partition)."""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from . import keys
from .tables import Item


def table_client() -> Any:
    """A low-level DynamoDB client where the models point (the composition root configured them)."""
    import boto3

    return boto3.client("dynamodb", region_name=Item.Meta.region, endpoint_url=Item.Meta.host)


class DynamoBrandCatalog:
    def __init__(self, client: Any = None) -> None:
        self._client = client

    @property
    def client(self) -> Any:
        if self._client is None:
            self._client = table_client()
        return self._client

    def brand_ids(self) -> list[str]:
        found = self._scan("sk = :sk", {":sk": {"S": keys.BRAND_SK}})
        return sorted(item["pk"]["S"].removeprefix(keys.brand_pk("")) for item in found)

    def locate_store(self, store_id: str) -> str | None:
        for item in self._scan("sk = :sk", {":sk": {"S": keys.store_sk(store_id)}}):
            return str(item["pk"]["S"]).removeprefix(keys.brand_pk(""))
        return None

    def _scan(self, condition: str, values: dict[str, Any]) -> Iterator[dict[str, Any]]:
        pages = self.client.get_paginator("scan").paginate(
            TableName=Item.Meta.table_name, FilterExpression=condition, ExpressionAttributeValues=values,
            ProjectionExpression="pk, sk")
        for page in pages:
            yield from page.get("Items", [])
