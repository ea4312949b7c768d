"""Events and contexts shaped as AWS Lambda delivers them, so handlers cannot tell local from AWS."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from chalice.app import Chalice, DynamoDBEventConfig
from chalice.local import LambdaContext

from local.attributes import item_to_json

ACCOUNT_ID = "123456789012"  # a dummy account for the ARNs below


def stream_consumers(app: Chalice) -> list[str]:
    """The names of the app's functions on a DynamoDB stream, in registration order: each is a consumer
    with its own event source mapping on AWS, so each is fed on its own here too."""
    return [source.name for source in app.event_sources if isinstance(source, DynamoDBEventConfig)]


def stream_record(raw: dict[str, Any], *, stream_arn: str, region: str) -> dict[str, Any]:
    """One record of a DynamoDB-stream event source mapping, from a GetRecords record as boto3 parses it.

    GetRecords answers (through boto3) with a datetime and bytes, and DynamoDB Local writes an empty map
    as `{}`; Lambda sends eventVersion 1.1, the real region and ARN, epoch seconds rounded down, base64
    binary and typed values everywhere.
    """
    source = raw["dynamodb"]
    created = source["ApproximateCreationDateTime"]
    if isinstance(created, dt.datetime):
        created = created.timestamp()
    dynamodb: dict[str, Any] = {
        "ApproximateCreationDateTime": int(created),
        "Keys": item_to_json(source["Keys"]),
        "SequenceNumber": source["SequenceNumber"],
        "SizeBytes": source["SizeBytes"],
        "StreamViewType": source["StreamViewType"],
    }
    for image in ("NewImage", "OldImage"):
        if image in source:
            dynamodb[image] = item_to_json(source[image])
    return {
        "eventID": raw["eventID"],
        "eventName": raw["eventName"],
        "eventVersion": "1.1",
        "eventSource": "aws:dynamodb",
        "awsRegion": region,
        "dynamodb": dynamodb,
        "eventSourceARN": stream_arn,
    }


def scheduled_event(*, rule_name: str, region: str, now: dt.datetime | None = None) -> dict[str, Any]:
    """An EventBridge scheduled event, as a `Rate`/`Cron` schedule delivers it."""
    moment = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
    return {
        "version": "0",
        "id": str(uuid.uuid4()),
        "detail-type": "Scheduled Event",
        "source": "aws.events",
        "account": ACCOUNT_ID,
        "time": moment.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "region": region,
        "resources": [f"arn:aws:events:{region}:{ACCOUNT_ID}:rule/{rule_name}"],
        "detail": {},
    }


def lambda_context(function_name: str, *, timeout_seconds: int = 60, region: str = "eu-west-3") -> LambdaContext:
    """A fresh context per invocation (new aws_request_id, remaining time counted from now)."""
    context = LambdaContext(function_name=function_name, memory_size=512, max_runtime_ms=timeout_seconds * 1000)
    context.invoked_function_arn = f"arn:aws:lambda:{region}:{ACCOUNT_ID}:function:{function_name}"
    return context
