"""Feeds the app's stream consumers with the table's real stream records, Lambda-shaped, in process (tests)."""
from __future__ import annotations

import uuid
from typing import Any

import boto3
from chalice.app import Chalice

from local.events import stream_consumers


def rebind_stream_iterators() -> int:
    """Points every shard iterator at its table's live stream shard; returns how many moved.

    moto's own TransactWriteItems, when cancelled, puts back deep copies of the tables it touched,
    stream shards included, so iterators issued before it would read a shard nothing writes to any more.
    """
    from moto.dynamodb.models import dynamodb_backends
    from moto.dynamodbstreams.models import dynamodbstreams_backends

    live: dict[str, Any] = {}
    for by_region in list(dynamodb_backends.values()):
        for backend in list(by_region.values()):
            for table in list(backend.tables.values()):
                if table.stream_shard is not None:
                    live[table.table_arn] = table.stream_shard
    moved = 0
    for streams_by_region in list(dynamodbstreams_backends.values()):
        for streams in list(streams_by_region.values()):
            for iterator in list(streams.shard_iterators.values()):
                shard = live.get(iterator.stream_shard.table.table_arn)
                if shard is not None and shard is not iterator.stream_shard:
                    iterator.stream_shard = shard
                    moved += 1
    return moved


class InProcessStream:
    """Reads every shard of the table's stream from where it last stopped and hands each batch to every
    stream consumer of the app, in their registration order (outbound first)."""

    def __init__(self, table: str, app: Chalice, region: str = "eu-west-3") -> None:
        self.handlers = {name: app.handler_map[name] for name in stream_consumers(app)}
        self.ddb = boto3.client("dynamodb", region_name=region)
        self.streams = boto3.client("dynamodbstreams", region_name=region)
        self.arn = self.ddb.describe_table(TableName=table)["Table"]["LatestStreamArn"]
        self.iterators: dict[str, str] = {}

    def _shards(self) -> list[str]:
        return [s["ShardId"] for s in self.streams.describe_stream(StreamArn=self.arn)["StreamDescription"]["Shards"]]

    def drain(self, rounds: int = 20) -> int:
        """Processes records until a whole pass finds none; returns how many were handled."""
        handled = 0
        for _ in range(rounds):
            seen = 0
            for shard in self._shards():
                records = self._read(shard)
                if records:
                    seen += len(records)
                    self._invoke(records)
            handled += seen
            if not seen:
                return handled
        raise AssertionError("the stream did not settle")

    def take(self) -> dict[str, Any]:
        """The records written since the last read, as one Lambda event, without handing them to anyone."""
        return {"Records": [self._lambda_shape(r) for shard in self._shards() for r in self._read(shard)]}

    def _read(self, shard: str) -> list[dict[str, Any]]:
        iterator = self.iterators.get(shard) or self.streams.get_shard_iterator(
            StreamArn=self.arn, ShardId=shard, ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
        rebind_stream_iterators()  # moto replaces the shard after a cancelled transaction
        answer = self.streams.get_records(ShardIterator=iterator, Limit=100)
        self.iterators[shard] = answer["NextShardIterator"]
        records: list[dict[str, Any]] = answer["Records"]
        return records

    def _invoke(self, records: list[dict[str, Any]]) -> None:
        event = {"Records": [self._lambda_shape(r) for r in records]}
        for name, handler in self.handlers.items():
            failures = (handler(event, None) or {}).get("batchItemFailures") or []
            assert not failures, f"{name} reported failures: {failures}"

    def _lambda_shape(self, record: dict[str, Any]) -> dict[str, Any]:
        data = dict(record["dynamodb"])
        created = data.get("ApproximateCreationDateTime")
        data["ApproximateCreationDateTime"] = created.timestamp() if hasattr(created, "timestamp") else created or 0
        data.setdefault("SizeBytes", 1)
        data.setdefault("StreamViewType", "NEW_AND_OLD_IMAGES")
        return {"eventID": record.get("eventID", uuid.uuid4().hex), "eventName": record["eventName"],
                "eventVersion": "1.1", "eventSource": "aws:dynamodb", "awsRegion": "eu-west-3",
                "eventSourceARN": self.arn, "dynamodb": data}
