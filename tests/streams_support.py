"""Feeds the app's stream handler with the table's real stream records, Lambda-shaped, in process (tests)."""
from __future__ import annotations

import uuid
from typing import Any

import boto3

from local.backend import rebind_stream_iterators


class InProcessStream:
    """Reads every shard of the table's stream from where it last stopped and hands batches to the handler."""

    def __init__(self, table: str, handler: Any, region: str = "eu-west-3") -> None:
        self.handler = handler
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
                iterator = self.iterators.get(shard) or self.streams.get_shard_iterator(
                    StreamArn=self.arn, ShardId=shard, ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
                rebind_stream_iterators()  # moto replaces the shard after a cancelled transaction
                answer = self.streams.get_records(ShardIterator=iterator, Limit=100)
                records = answer["Records"]
                self.iterators[shard] = answer["NextShardIterator"]
                if records:
                    seen += len(records)
                    self._invoke(records)
            handled += seen
            if not seen:
                return handled
        raise AssertionError("the stream did not settle")

    def _invoke(self, records: list[dict[str, Any]]) -> None:
        event = {"Records": [self._lambda_shape(r) for r in records]}
        result = self.handler(event, None)
        failures = (result or {}).get("batchItemFailures") or []
        assert not failures, f"stream handler reported failures: {failures}"

    def _lambda_shape(self, record: dict[str, Any]) -> dict[str, Any]:
        data = dict(record["dynamodb"])
        created = data.get("ApproximateCreationDateTime")
        data["ApproximateCreationDateTime"] = created.timestamp() if hasattr(created, "timestamp") else created or 0
        data.setdefault("SizeBytes", 1)
        data.setdefault("StreamViewType", "NEW_AND_OLD_IMAGES")
        return {"eventID": record.get("eventID", uuid.uuid4().hex), "eventName": record["eventName"],
                "eventVersion": "1.1", "eventSource": "aws:dynamodb", "awsRegion": "eu-west-3",
                "eventSourceARN": self.arn, "dynamodb": data}
