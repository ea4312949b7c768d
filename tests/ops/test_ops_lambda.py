"""The ops Lambda through its event shape, on moto: the AWS stage's services, its on-failure queues and stream."""
from __future__ import annotations

import io
import json
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import boto3
import pytest
from chalice.test import Client
from moto import mock_aws

from chalicelib import runtime
from chalicelib.adapters.stream_failures import SqsStreamFailures
from chalicelib.bootstrap import Services, bootstrap
from chalicelib.config import Settings
from tests.fakes import FakeMailer, PlainHasher

REGION = "eu-west-3"
BASE = "https://comptoir.example"
CONSUMER_ARN = f"arn:aws:lambda:{REGION}:123456789012:function:prod-handle_search_stream"


def aws_settings() -> Settings:
    return Settings(stage="aws", table="comptoir", sandbox_table="unused", region=REGION, dynamodb_endpoint=None,
                    public_base_url=BASE, twilio_account_sid="AC0", twilio_auth_token="t", token_secret="s" * 32,
                    mail_from="no-reply@comptoir.example", data_dir=None, sentiment="lexicon")


@pytest.fixture
def aws(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Services, FakeMailer, str]]:
    """The AWS stage in process on moto: its table with its stream, one consumer's on-failure queue."""
    from chalicelib.models import tables

    with mock_aws():
        mailer = FakeMailer()
        services = bootstrap(aws_settings(), mailer=mailer, hasher=PlainHasher())
        tables.create_tables()
        queue = boto3.client("sqs", region_name=REGION).create_queue(QueueName="search-failures")["QueueUrl"]
        monkeypatch.setenv("FAILURE_QUEUES", f"handle_search_stream={queue}")
        runtime.install(services)
        yield services, mailer, queue
    runtime.install(None)


def invoke(event: dict[str, Any]) -> dict[str, Any]:
    from app import app

    answer: dict[str, Any] = Client(app).lambda_.invoke("ops", event).payload
    return answer


def test_brands_create_invites_the_first_admin_as_brand_admin(aws):
    services, mailer, _ = aws
    created = invoke({"command": "brands create", "name": "Lumière", "admin_email": "Lou@Lumiere.test",
                      "store_name": "Lyon", "timezone": "Europe/Paris", "number": "+15550000042"})
    assert set(created) == {"brand_id", "store_id", "invitation_url"}
    assert created["invitation_url"].startswith(f"{BASE}/invitations/{created['brand_id']}.")
    assert created["invitation_url"] in mailer.to("lou@lumiere.test")[0].body
    token = created["invitation_url"].rsplit("/", 1)[1]
    _, admin = services.accounts.accept_invitation(token, "lumiere-password", "Lou", "Mière")
    assert admin.brand_admin and admin.brand_id == created["brand_id"]
    assert services.directory.find_store_ref_by_number("+15550000042") == (created["brand_id"], created["store_id"])
    listed = invoke({"command": "brands list"})["brands"]
    assert [(b["name"], b["stores"][0]["number"]) for b in listed] == [("Lumière", "+15550000042")]


def test_refusals_come_back_as_errors_naming_the_field(aws):
    first = {"command": "brands create", "name": "A", "admin_email": "a@a.test", "store_name": "S",
             "timezone": "Europe/Paris", "number": "+15550000042"}
    invoke(first)
    taken = invoke({**first, "admin_email": "b@b.test"})["error"]
    assert taken["type"] == "Conflict" and taken["errors"] == {"number": "taken"}
    assert invoke({**first, "timezone": "Mars/Olympus"})["error"]["errors"].keys() == {"timezone"}
    missing = invoke({"command": "numbers assign", "number": "+15550000043"})["error"]
    assert missing["errors"] == {"store_id": "required"}
    assert invoke({"command": "brands delete"})["error"]["type"] == "UnknownCommand"


def test_export_pages_through_the_brand_with_its_cursor(aws):
    created = invoke({"command": "brands create", "name": "A", "admin_email": "a@a.test", "store_name": "S",
                      "timezone": "Europe/Paris", "number": "+15550000042"})
    items, cursor, pages = [], None, 0
    while True:
        page = invoke({"command": "brands export", "brand_id": created["brand_id"], "cursor": cursor})
        items += page["items"]
        cursor, pages = page["cursor"], pages + 1
        if cursor is None:
            break
    assert pages > 3  # brand, lookups, partitions, every inbox partition, timers
    assert {i["kind"] for i in items} >= {"brand", "store", "invitation", "number"}
    assert invoke({"command": "brands export", "brand_id": "nope"})["error"]["errors"] == {"brand_id": "no brand nope"}


class FakeLambda:
    """Lambda's Invoke as a replay calls it: records the calls, answers what the consumer would."""

    def __init__(self, answer: dict[str, Any] | None = None, error: str | None = None) -> None:
        self.calls: list[dict[str, Any]] = []
        self.answer, self.error = answer, error

    def invoke(self, **request: Any) -> dict[str, Any]:
        self.calls.append({**request, "Payload": json.loads(request["Payload"])})
        reply: dict[str, Any] = {"StatusCode": 200, "Payload": io.BytesIO(json.dumps(self.answer).encode())}
        if self.error:
            reply["FunctionError"] = self.error
        return reply


def failed_batch(services: Services, queue: str) -> list[str]:
    """Writes two items (two stream records) and puts Lambda's on-failure message for them in the queue."""
    dynamodb = boto3.client("dynamodb", region_name=REGION)
    streams = boto3.client("dynamodbstreams", region_name=REGION)
    brand = services.stores.new_brand(name="A", store_name="S", timezone="Europe/Paris", phone_number="+15550000042")
    services.directory.add_brand(brand[0])
    services.directory.add_brand(replace(brand[0], id="b-second"))
    arn = dynamodb.describe_table(TableName="comptoir")["Table"]["LatestStreamArn"]
    shard = streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][0]["ShardId"]
    iterator = streams.get_shard_iterator(StreamArn=arn, ShardId=shard, ShardIteratorType="TRIM_HORIZON")
    records = streams.get_records(ShardIterator=iterator["ShardIterator"])["Records"]
    sequences = [r["dynamodb"]["SequenceNumber"] for r in records]
    body = {"requestContext": {"functionArn": CONSUMER_ARN, "condition": "RetryAttemptsExhausted",
                               "approximateInvokeCount": 11},
            "DDBStreamBatchInfo": {"shardId": shard, "startSequenceNumber": sequences[0],
                                   "endSequenceNumber": sequences[-1], "batchSize": len(sequences), "streamArn": arn}}
    boto3.client("sqs", region_name=REGION).send_message(QueueUrl=queue, MessageBody=json.dumps(body))
    return sequences


def sqs_failures(queue: str, lambdas: FakeLambda) -> SqsStreamFailures:
    return SqsStreamFailures({"handle_search_stream": queue}, sqs=boto3.client("sqs", region_name=REGION),
                             streams=boto3.client("dynamodbstreams", region_name=REGION), lambdas=lambdas,
                             region=REGION)


def test_failures_list_reads_the_queues_without_taking_anything(aws):
    services, _, queue = aws
    sequences = failed_batch(services, queue)
    listed = invoke({"command": "failures list"})["failures"]
    assert [(f["consumer"], f["first_sequence"], f["last_sequence"]) for f in listed] == [
        ("handle_search_stream", sequences[0], sequences[-1])]
    assert len(invoke({"command": "failures list"})["failures"]) == 1  # still there
    dry = invoke({"command": "failures replay", "dry_run": True})
    assert dry["dry_run"] and [r["outcome"] for r in dry["replayed"]] == ["would replay"]


def test_replay_reads_the_batch_from_the_stream_invokes_its_consumer_once_and_empties_the_queue(aws):
    services, _, queue = aws
    sequences = failed_batch(services, queue)
    lambdas = FakeLambda(answer={"batchItemFailures": []})
    done = sqs_failures(queue, lambdas).replay()
    assert [r["outcome"] for r in done] == ["replayed 2 records, removed from the queue"]
    (call,) = lambdas.calls
    assert call["FunctionName"] == CONSUMER_ARN and call["InvocationType"] == "RequestResponse"
    records = call["Payload"]["Records"]
    assert [r["dynamodb"]["SequenceNumber"] for r in records] == sequences
    assert records[0]["eventSource"] == "aws:dynamodb" and records[0]["dynamodb"]["Keys"]["sk"] == {"S": "BRAND"}
    assert isinstance(records[0]["dynamodb"]["ApproximateCreationDateTime"], int)
    assert sqs_failures(queue, lambdas).replay() == [] and len(lambdas.calls) == 1  # idempotent


def test_a_batch_that_fails_again_stays_in_the_queue(aws):
    services, _, queue = aws
    failed_batch(services, queue)
    done = sqs_failures(queue, FakeLambda(answer={"errorMessage": "boom"}, error="Unhandled")).replay()
    assert done[0]["outcome"].startswith("failed again (Unhandled)")
    assert len(sqs_failures(queue, FakeLambda()).entries()) == 1
