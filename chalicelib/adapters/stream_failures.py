"""Stream batches that failed for good on AWS: each consumer's on-failure queue, and their replay.

Lambda puts in the queue where the batch was (shard, first and last sequence numbers), not its records:
a replay reads those records from the table's stream while the stream keeps them (24 hours), invokes the
consumer with them as its event source mapping would, and deletes the message only when the consumer took
the whole batch. A message whose records the stream no longer holds is left in the queue and reported."""
from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from datetime import datetime
from typing import Any

LIST_ROUNDS = 10  # receive calls per queue for a listing: messages stay visible, so a few rounds see them all
REPLAY_VISIBILITY_SECONDS = 300  # a replay keeps the message hidden from a second replay while it works
MAX_EMPTY_READS = 5  # GetRecords may answer empty pages before reaching the records of an old sequence


class SqsStreamFailures:
    def __init__(self, queues: dict[str, str], *, sqs: Any, streams: Any, lambdas: Any, region: str) -> None:
        self.queues = queues  # consumer name -> its on-failure queue URL
        self.sqs, self.streams, self.lambdas, self.region = sqs, streams, lambdas, region

    def entries(self) -> list[dict[str, Any]]:
        """Every failed batch in the queues, as the operator reads it; nothing is changed."""
        found: dict[str, dict[str, Any]] = {}
        for consumer, url in self.queues.items():
            for _ in range(LIST_ROUNDS):
                messages = self._receive(url, visibility=0)
                if not messages or all(m["MessageId"] in found for m in messages):
                    break
                for message in messages:
                    found[message["MessageId"]] = _describe(consumer, message)
        return list(found.values())

    def replay(self, dry_run: bool = False) -> list[dict[str, Any]]:
        """Replays every failed batch once; says for each what happened. A dry run only lists them."""
        if dry_run:
            return [{**entry, "outcome": "would replay"} for entry in self.entries()]
        done = []
        for consumer, url in self.queues.items():
            kept = []  # shown again only once the queue is drained, or the drain would take them again
            for message in self._drain(url):
                outcome, replayed = self._replay_one(message)
                done.append({**_describe(consumer, message), "outcome": outcome})
                if replayed:
                    self.sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])
                else:
                    kept.append(message)
            for message in kept:
                self.sqs.change_message_visibility(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"],
                                                   VisibilityTimeout=0)
        return done

    def _drain(self, url: str) -> Iterator[dict[str, Any]]:
        seen: set[str] = set()
        while True:
            fresh = [m for m in self._receive(url, visibility=REPLAY_VISIBILITY_SECONDS) if m["MessageId"] not in seen]
            if not fresh:
                return
            for message in fresh:
                seen.add(message["MessageId"])
                yield message

    def _replay_one(self, message: dict[str, Any]) -> tuple[str, bool]:
        """What happened, and whether the consumer took the whole batch."""
        body = json.loads(message["Body"])
        records = self._records(body["DDBStreamBatchInfo"])
        if not records:
            return "not replayed: the stream no longer holds these records (kept in the queue)", False
        answer = self.lambdas.invoke(FunctionName=body["requestContext"]["functionArn"],
                                     InvocationType="RequestResponse",
                                     Payload=json.dumps({"Records": records}).encode())
        result = json.loads(answer["Payload"].read() or b"null")
        if answer.get("FunctionError") or (isinstance(result, dict) and result.get("batchItemFailures")):
            return f"failed again ({answer.get('FunctionError') or 'batch item failures'}): kept in the queue", False
        return f"replayed {len(records)} records, removed from the queue", True

    def _records(self, info: dict[str, Any]) -> list[dict[str, Any]]:
        """The batch's records, first to last sequence number, shaped as the event source mapping sends them."""
        try:
            iterator = self.streams.get_shard_iterator(
                StreamArn=info["streamArn"], ShardId=info["shardId"], ShardIteratorType="AT_SEQUENCE_NUMBER",
                SequenceNumber=info["startSequenceNumber"]).get("ShardIterator")
        except self.streams.exceptions.TrimmedDataAccessException:
            return []
        except self.streams.exceptions.ResourceNotFoundException:
            return []
        last, empty = int(info["endSequenceNumber"]), 0
        records: list[dict[str, Any]] = []
        while iterator and empty < MAX_EMPTY_READS:
            page = self.streams.get_records(ShardIterator=iterator, Limit=1000)
            for raw in page.get("Records", []):
                sequence = int(raw["dynamodb"]["SequenceNumber"])
                if sequence > last:
                    return records
                records.append(lambda_record(raw, info["streamArn"], self.region))
                if sequence == last:
                    return records
            empty = 0 if page.get("Records") else empty + 1
            iterator = page.get("NextShardIterator")
        return records

    def _receive(self, url: str, visibility: int) -> list[dict[str, Any]]:
        messages: list[dict[str, Any]] = self.sqs.receive_message(
            QueueUrl=url, MaxNumberOfMessages=10, VisibilityTimeout=visibility, WaitTimeSeconds=0).get("Messages", [])
        return messages


def _describe(consumer: str, message: dict[str, Any]) -> dict[str, Any]:
    body = json.loads(message["Body"])
    info = body.get("DDBStreamBatchInfo", {})
    return {"id": message["MessageId"], "consumer": consumer, "shard": info.get("shardId"),
            "first_sequence": info.get("startSequenceNumber"), "last_sequence": info.get("endSequenceNumber"),
            "records": info.get("batchSize"), "first_record_at": info.get("approximateArrivalOfFirstRecord"),
            "condition": body.get("requestContext", {}).get("condition")}


def lambda_record(raw: dict[str, Any], stream_arn: str, region: str) -> dict[str, Any]:
    """A GetRecords record (as boto3 parses it) as Lambda's event source mapping delivers it."""
    source = raw["dynamodb"]
    created = source.get("ApproximateCreationDateTime", 0)
    dynamodb: dict[str, Any] = {
        "ApproximateCreationDateTime": int(created.timestamp() if isinstance(created, datetime) else created),
        "Keys": _typed_json(source["Keys"]), "SequenceNumber": source["SequenceNumber"],
        "SizeBytes": source.get("SizeBytes", 0), "StreamViewType": source.get("StreamViewType", "NEW_AND_OLD_IMAGES")}
    for image in ("NewImage", "OldImage"):
        if image in source:
            dynamodb[image] = _typed_json(source[image])
    return {"eventID": raw["eventID"], "eventName": raw["eventName"], "eventVersion": "1.1",
            "eventSource": "aws:dynamodb", "awsRegion": region, "dynamodb": dynamodb, "eventSourceARN": stream_arn}


def _typed_json(value: Any) -> Any:
    """Typed attribute values with binary as base64, as in Lambda's events (boto3 gives bytes)."""
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    if isinstance(value, dict):
        return {k: _typed_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_typed_json(v) for v in value]
    return value
