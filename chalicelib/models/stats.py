"""Statistics in DynamoDB: each thread's facts beside it, per-store per-day aggregates in the store's stats partition.

Keys (see keys.py): facts pk=B#b#T#t sk=FACTS; a store's day pk=B#b#STATS#s sk=DAY#yyyy-mm-dd; the store's
running total of threads pk=B#b#STATS#s sk=TOTAL. A report is one Query per store: sk BETWEEN
DAY#<first day> AND TOTAL reads the days and the total together ("DAY#..." sorts before "TOTAL").
Day items have dynamic attribute names (a channel, a customer's first day), so they are written with
raw update expressions through PynamoDB's own botocore client.
"""
from __future__ import annotations

import json
from datetime import date
from typing import Any

from ..services.domain.reports import DayAggregate
from ..services.domain.stats import COUNTERS, Collector, DayDelta, ThreadFacts
from . import keys
from .tables import Item

FACTS_SK = "FACTS"
MAX_TRANSACTION = 100  # DynamoDB's limit of items in one transaction


class TooManyItems(ValueError):
    """The facts and days of a group of threads do not fit one transaction: write fewer threads at once."""
TOTAL_SK = "TOTAL"


def _client() -> Any:
    return Item._get_connection().connection.client


def _table() -> str:
    return str(Item.Meta.table_name)


def stats_pk(brand_id: str, store_id: str) -> str:
    return f"B#{brand_id}#STATS#{store_id}"


def _facts_json(facts: ThreadFacts) -> str:
    raw = {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in facts.__dict__.items()}
    return json.dumps(raw)


def _facts_of(text: str) -> ThreadFacts:
    from datetime import datetime

    raw = json.loads(text)
    for name in ("customer_since", "started_at", "holder_since", "answered_at"):
        if raw.get(name):
            raw[name] = datetime.fromisoformat(raw[name])
    for name in ("counted_day", "contact_day"):
        if raw.get(name):
            raw[name] = date.fromisoformat(raw[name])
    return ThreadFacts(**raw)


class DynamoStats:
    def facts(self, brand_id: str, thread_ids: list[str]) -> dict[str, ThreadFacts]:
        """The facts of these threads (new ones for threads never seen): one BatchGet per 100 threads."""
        found: dict[str, ThreadFacts] = {}
        unique = list(dict.fromkeys(thread_ids))
        for start in range(0, len(unique), 100):
            request = {_table(): {"Keys": [{"pk": {"S": keys.thread_pk(brand_id, t)}, "sk": {"S": FACTS_SK}}
                                           for t in unique[start:start + 100]], "ConsistentRead": True}}
            while request:
                answer = _client().batch_get_item(RequestItems=request)
                for item in answer["Responses"].get(_table(), []):
                    facts = _facts_of(item["facts"]["S"])
                    found[facts.thread_id] = facts
                request = answer.get("UnprocessedKeys") or {}
        return {t: found.get(t) or ThreadFacts(brand_id=brand_id, thread_id=t) for t in unique}

    def apply(self, brand_id: str, before: dict[str, int], after: list[ThreadFacts], out: Collector) -> None:
        """Writes new facts (each conditional on the sequence it was read at) and the day deltas, atomically."""
        items: list[dict[str, Any]] = []
        for facts in after:
            items.append({"Put": {
                "TableName": _table(),
                "Item": {"pk": {"S": keys.thread_pk(brand_id, facts.thread_id)}, "sk": {"S": FACTS_SK},
                         "brand_id": {"S": brand_id}, "facts": {"S": _facts_json(facts)},
                         "last_sequence": {"N": str(facts.last_sequence)}},
                "ConditionExpression": "attribute_not_exists(pk) OR last_sequence = :seen",
                "ExpressionAttributeValues": {":seen": {"N": str(before.get(facts.thread_id, 0))}},
            }})
        totals: dict[str, int] = {}
        for delta in out.days.values():
            items.append(self._day_update(brand_id, delta))
            totals[delta.store_id] = totals.get(delta.store_id, 0) + delta.counters.get("new_threads", 0)
        for store_id, new_threads in totals.items():  # one update per item: a transaction touches each once
            if new_threads:
                items.append({"Update": {
                    "TableName": _table(),
                    "Key": {"pk": {"S": stats_pk(brand_id, store_id)}, "sk": {"S": TOTAL_SK}},
                    "UpdateExpression": "ADD threads :n", "ExpressionAttributeValues": {":n": {"N": str(new_threads)}},
                }})
        if len(items) > MAX_TRANSACTION:
            raise TooManyItems(len(items))
        if items:
            _client().transact_write_items(TransactItems=items)

    def _day_update(self, brand_id: str, delta: DayDelta) -> dict[str, Any]:
        names: dict[str, str] = {}
        values: dict[str, Any] = {":store": {"S": delta.store_id}, ":day": {"S": delta.day.isoformat()}}
        adds: list[str] = []
        sets = ["store_id = :store", "#day = :day"]
        names["#day"] = "day"

        def add(attribute: str, value: dict[str, Any]) -> None:
            placeholder = f"#a{len(names)}"
            names[placeholder] = attribute
            values[f":v{len(values)}"] = value
            adds.append(f"{placeholder} :v{len(values) - 1}")

        for counter, n in delta.counters.items():
            if n:
                add(f"c_{counter}", {"N": str(n)})
        for since, n in delta.existing_since.items():
            add(f"since_{since}", {"N": str(n)})
        for channel, n in delta.channels.items():
            add(f"ch_{channel}", {"N": str(n)})
        for agent_id, n in delta.handled.items():
            add(f"handled_{agent_id}", {"N": str(n)})
        if delta.active:
            add("active", {"SS": sorted(delta.active)})
        for attribute, listed in (("rt", delta.response_times), ("ort", delta.outbound_response_times)):
            if listed:
                placeholder = f"#{attribute}"
                names[placeholder] = attribute
                values[f":{attribute}"] = {"L": [{"N": repr(v)} for v in listed]}
                values[":empty"] = {"L": []}
                sets.append(f"{placeholder} = list_append(if_not_exists({placeholder}, :empty), :{attribute})")
        expression = "SET " + ", ".join(sets) + (" ADD " + ", ".join(adds) if adds else "")
        return {"Update": {
            "TableName": _table(),
            "Key": {"pk": {"S": stats_pk(brand_id, delta.store_id)}, "sk": {"S": f"DAY#{delta.day.isoformat()}"}},
            "UpdateExpression": expression, "ExpressionAttributeNames": names, "ExpressionAttributeValues": values,
        }}

    def days(self, brand_id: str, store_id: str, first: date) -> tuple[list[DayAggregate], int]:
        """The store's days from `first` on, and its total of threads: one Query (more pages only past 1 MB)."""
        aggregates: list[DayAggregate] = []
        total = 0
        request: dict[str, Any] = {
            "TableName": _table(),
            "KeyConditionExpression": "pk = :pk AND sk BETWEEN :first AND :total",
            "ExpressionAttributeValues": {":pk": {"S": stats_pk(brand_id, store_id)},
                                          ":first": {"S": f"DAY#{first.isoformat()}"}, ":total": {"S": TOTAL_SK}},
        }
        while True:
            answer = _client().query(**request)
            for item in answer["Items"]:
                if item["sk"]["S"] == TOTAL_SK:
                    total = int(item.get("threads", {}).get("N", "0"))
                else:
                    aggregates.append(_aggregate(store_id, item))
            if "LastEvaluatedKey" not in answer:
                return aggregates, total
            request["ExclusiveStartKey"] = answer["LastEvaluatedKey"]


def _aggregate(store_id: str, item: dict[str, Any]) -> DayAggregate:
    day = DayAggregate(store_id=store_id, day=date.fromisoformat(item["day"]["S"]))
    for name, value in item.items():
        if name.startswith("c_") and name[2:] in COUNTERS:
            day.counters[name[2:]] = int(value["N"])
        elif name.startswith("since_"):
            day.existing_since[name[6:]] = int(value["N"])
        elif name.startswith("ch_"):
            day.channels[name[3:]] = int(value["N"])
        elif name.startswith("handled_"):
            day.handled[name[8:]] = int(value["N"])
    day.active = set(item.get("active", {}).get("SS", []))
    day.response_times = [float(v["N"]) for v in item.get("rt", {}).get("L", [])]
    day.outbound_response_times = [float(v["N"]) for v in item.get("ort", {}).get("L", [])]
    return day
