"""Everything of one brand, page by page, with Queries over the brand's partitions.

The key design names every partition of a brand from things the brand's own partition lists: its agents
(their notifications, mentions, own canned responses), its stores (their statistics), its threads (found in
the brand's inbox index, one partition per folder and status group; each thread's partition holds its
messages, notes and facts), the customer of each thread, the number and e-mail lookups, and its timers.
The search postings (rebuilt from the messages by the search consumer) and the webhook deduplication marks
(expiring within days) are left out. A customer partition is exported with the first thread that links to
it, so a customer shared by several threads appears once; a customer with no thread is not reached.

A page is at most one Query page of one partition family; the cursor says where the next page starts, so
an export stopped anywhere resumes from its last cursor."""
from __future__ import annotations

import base64
from decimal import Decimal
from typing import Any

from ..services.domain import FOLDERS
from . import keys
from .operators import table_client
from .tables import Item

PHASES = ("brand", "lookups", "partitions", "threads", "timers")
THREADS_PER_PAGE = 5  # with their messages: a page must stay far below a Lambda answer's 6 MB
GROUPS = (keys.OPEN_GROUP, keys.RESOLVED_GROUP, "snoozed")  # the inbox groups, as keys.inbox_group names them


class DynamoBrandExport:
    def __init__(self, client: Any = None, page_size: int = 200) -> None:
        self._client = client
        self.page_size = page_size

    @property
    def client(self) -> Any:
        if self._client is None:
            self._client = table_client()
        return self._client

    def page(self, brand_id: str, cursor: dict[str, Any] | None) -> tuple[list[dict[str, Any]], dict | None, str]:
        """(items as plain JSON values, the next page's cursor or None at the end, what this page was)."""
        cursor = dict(cursor or {"phase": "brand"})
        phase = cursor["phase"]
        if phase not in PHASES:
            raise ValueError(f"not an export cursor: {cursor!r}")
        raw, nxt, label = getattr(self, f"_{phase}")(brand_id, cursor)
        if nxt is None and phase != PHASES[-1]:
            nxt = {"phase": PHASES[PHASES.index(phase) + 1]}
        return [plain(item) for item in raw], nxt, label

    def _brand(self, brand_id: str, cursor: dict) -> tuple[list[dict], dict | None, str]:
        items, after = self._query_page(keys.brand_pk(brand_id), cursor.get("after"))
        return items, ({"phase": "brand", "after": after} if after else None), "brand, stores, agents, settings"

    def _lookups(self, brand_id: str, cursor: dict) -> tuple[list[dict], dict | None, str]:
        profile = self._query_all(keys.brand_pk(brand_id))
        wanted = [(keys.number_pk(i["phone_number"]["S"]), keys.NUMBER_SK) for i in profile
                  if i["sk"]["S"].startswith(keys.STORE_PREFIX) and "phone_number" in i]
        wanted += [(keys.email_pk(i["email"]["S"]), keys.EMAIL_SK) for i in profile
                   if i["sk"]["S"].endswith("#PROFILE") and i.get("email", {}).get("S")]
        found = [self.client.get_item(TableName=self._table, Key={"pk": {"S": pk}, "sk": {"S": sk}}).get("Item")
                 for pk, sk in wanted]
        return [item for item in found if item], None, "number and e-mail lookups"

    def _partitions(self, brand_id: str, cursor: dict) -> tuple[list[dict], dict | None, str]:
        """The agents' partitions, then the stores' statistics."""
        profile = self._query_all(keys.brand_pk(brand_id))
        agents = sorted(i["sk"]["S"].split("#")[1] for i in profile if i["sk"]["S"].endswith("#PROFILE"))
        stores = sorted(i["sk"]["S"].removeprefix(keys.STORE_PREFIX) for i in profile
                        if i["sk"]["S"].startswith(keys.STORE_PREFIX))
        partitions = [keys.agent_pk(brand_id, a) for a in agents] + [keys.stats_pk(brand_id, s) for s in stores]
        index = cursor.get("index", 0)
        if index >= len(partitions):
            return [], None, "agents and statistics: none"
        items, after = self._query_page(partitions[index], cursor.get("after"))
        nxt = ({"phase": "partitions", "index": index, "after": after} if after
               else {"phase": "partitions", "index": index + 1} if index + 1 < len(partitions) else None)
        return items, nxt, f"agents and statistics: partition {index + 1}/{len(partitions)}"

    def _threads(self, brand_id: str, cursor: dict) -> tuple[list[dict], dict | None, str]:
        """A page of threads from one inbox partition, each with its own partition and its customer's."""
        groups = [keys.brand_group_key(brand_id, folder, group) for folder in FOLDERS for group in GROUPS]
        index = cursor.get("index", 0)
        request: dict[str, Any] = {
            "TableName": self._table, "IndexName": "inbox_brand", "Limit": THREADS_PER_PAGE,
            "KeyConditionExpression": "brand_group_key = :g", "ExpressionAttributeValues": {":g": {"S": groups[index]}},
            "ProjectionExpression": "pk, sk, customer_id"}
        if cursor.get("after"):
            request["ExclusiveStartKey"] = cursor["after"]
        answer = self.client.query(**request)
        items: list[dict] = []
        for thread in answer.get("Items", []):
            items += self._query_all(thread["pk"]["S"])
            items += self._customer_once(brand_id, thread)
        after = answer.get("LastEvaluatedKey")
        nxt = ({"phase": "threads", "index": index, "after": after} if after
               else {"phase": "threads", "index": index + 1} if index + 1 < len(groups) else None)
        return items, nxt, f"threads: inbox partition {index + 1}/{len(groups)}, {len(answer.get('Items', []))} threads"

    def _customer_once(self, brand_id: str, thread: dict) -> list[dict]:
        customer = thread.get("customer_id", {}).get("S")
        if not customer:
            return []
        pk = keys.customer_pk(brand_id, customer)
        first = self.client.query(
            TableName=self._table, Limit=1, KeyConditionExpression="pk = :pk AND begins_with(sk, :t)",
            ExpressionAttributeValues={":pk": {"S": pk}, ":t": {"S": keys.CUSTOMER_THREAD_PREFIX}}).get("Items", [])
        thread_id = thread["pk"]["S"].rsplit("#", 1)[-1]
        if first and first[0]["sk"]["S"] != keys.customer_thread_sk(thread_id):
            return []  # exported with its first thread
        return self._query_all(pk)

    def _timers(self, brand_id: str, cursor: dict) -> tuple[list[dict], dict | None, str]:
        request: dict[str, Any] = {
            "TableName": self._table, "IndexName": "timers_due", "Limit": self.page_size,
            "KeyConditionExpression": "timer_queue = :q", "FilterExpression": "begins_with(pk, :b)",
            # Every timer's partition starts with its brand's, then a separator.
            "ExpressionAttributeValues": {":q": {"S": keys.TIMER_QUEUE}, ":b": {"S": keys.brand_pk(brand_id) + "#"}}}
        if cursor.get("after"):
            request["ExclusiveStartKey"] = cursor["after"]
        answer = self.client.query(**request)
        after = answer.get("LastEvaluatedKey")
        return answer.get("Items", []), ({"phase": "timers", "after": after} if after else None), "timers"

    @property
    def _table(self) -> str:
        return str(Item.Meta.table_name)

    def _query_page(self, pk: str, after: dict | None) -> tuple[list[dict], dict | None]:
        request: dict[str, Any] = {"TableName": self._table, "Limit": self.page_size,
                                   "KeyConditionExpression": "pk = :pk",
                                   "ExpressionAttributeValues": {":pk": {"S": pk}}}
        if after:
            request["ExclusiveStartKey"] = after
        answer = self.client.query(**request)
        return answer.get("Items", []), answer.get("LastEvaluatedKey")

    def _query_all(self, pk: str) -> list[dict]:
        items, after = self._query_page(pk, None)
        while after:
            more, after = self._query_page(pk, after)
            items += more
        return items


def plain(item: dict[str, Any]) -> dict[str, Any]:
    """A DynamoDB item as JSON values: numbers as int or float, sets as sorted lists, binary as base64."""
    from boto3.dynamodb.types import TypeDeserializer

    deserializer = TypeDeserializer()
    return {name: _json(deserializer.deserialize(value)) for name, value in item.items()}


def _json(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dict):
        return {k: _json(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json(v) for v in value]
    if isinstance(value, (set, frozenset)):
        return sorted((_json(v) for v in value), key=str)
    if hasattr(value, "value") and isinstance(value.value, bytes):  # boto3's Binary
        return base64.b64encode(value.value).decode()
    if isinstance(value, bytes):
        return base64.b64encode(value).decode()
    return value
