"""Inbound SMS webhook: DynamoDB round trips before the answer, and time against a minimal boto3 handler.

The app is driven in process through chalice.test.Client (POST /webhooks/twilio/sms, signed with
Twilio's own RequestValidator and the app's auth token), on the moto server of bench/stage.py.
"""
from __future__ import annotations

import json
import secrets
import statistics
import time
from datetime import UTC, datetime, timedelta
from hashlib import sha256
from typing import Any
from urllib.parse import parse_qsl, urlencode

from . import ddbcount
from .stage import app as quiet_app

PATH = "/webhooks/twilio/sms"
STORE_NUMBER = "+15550000001"
SENDERS = ("+33612345678", "+33698765432")
ITERATIONS = 300
TABLE = "comptoir-bench-webhook"
FORM = "application/x-www-form-urlencoded"


def _params(i: int) -> dict[str, str]:
    """A new MessageSid every time (no dedup hit), senders alternating (two threads)."""
    return {"MessageSid": "SM" + secrets.token_hex(16), "AccountSid": "AC" + "0" * 32, "From": SENDERS[i % 2],
            "To": STORE_NUMBER, "Body": f"Bonjour, ma commande {i}?", "NumMedia": "0"}


class Signer:
    def __init__(self, auth_token: str, url: str) -> None:
        from twilio.request_validator import RequestValidator

        self.validator = RequestValidator(auth_token)
        self.url = url

    def request(self, i: int) -> tuple[str, dict[str, str]]:
        params = _params(i)
        return urlencode(params), {"Content-Type": FORM,
                                   "X-Twilio-Signature": self.validator.compute_signature(self.url, params)}


class MinimalHandler:
    """The hand-written baseline: parse the form, check the signature with the same validator, one GetItem
    of the number item, one TransactWriteItems of the dedup item and the message item, written with the
    exact attributes and conditions DynamoThreads.record_inbound sends (checked by `same_shape`)."""

    def __init__(self, endpoint: str, region: str, table: str, auth_token: str, url: str) -> None:
        import boto3
        from botocore.config import Config
        from twilio.request_validator import RequestValidator

        # The client settings PynamoDB gives its own (no client-side validation, standard retries), so the
        # baseline is not slowed by anything the app's client skips.
        self.ddb = boto3.client("dynamodb", endpoint_url=endpoint, region_name=region,
                                config=Config(parameter_validation=False,
                                              retries={"total_max_attempts": 4, "mode": "standard"}))
        self.validator = RequestValidator(auth_token)
        self.table = table
        self.url = url

    def __call__(self, body: str, headers: dict[str, str]) -> int:
        params = dict(parse_qsl(body, keep_blank_values=True))
        if not self.validator.validate(self.url, params, headers.get("X-Twilio-Signature", "")):
            return 403
        number = self.ddb.get_item(TableName=self.table, Key={"pk": {"S": "NUMBER#" + params["To"]},
                                                              "sk": {"S": "NUMBER"}},
                                   ConsistentRead=False, ReturnConsumedCapacity="TOTAL").get("Item")
        if number is None:
            return 404
        brand, store = number["brand_id"]["S"], number["store_id"]["S"]
        now = datetime.now(UTC)
        at = now.strftime("%Y-%m-%dT%H:%M:%S.") + f"{now.microsecond // 1000:03d}Z"
        thread = "t" + sha256(f"{brand}|sms|{params['From']}".encode()).hexdigest()[:24]
        message = f"m{int(time.time() * 1000):011x}{secrets.token_hex(5)}"
        absent = {"ConditionExpression": "attribute_not_exists (#0)", "ExpressionAttributeNames": {"#0": "pk"}}
        dedup = {"pk": {"S": f"B#{brand}#DEDUP#sms:{params['MessageSid']}"}, "sk": {"S": "DEDUP"},
                 "brand_id": {"S": brand}, "expires_at": {"N": str(int((now + timedelta(days=8)).timestamp()))},
                 "kind": {"S": "dedup"}}
        item = {"pk": {"S": f"B#{brand}#T#{thread}"}, "sk": {"S": f"MSG#{at}#{message}"},
                "applied": {"BOOL": False}, "attachments": {"L": []}, "author": {"S": "customer"},
                "brand_id": {"S": brand}, "channel": {"S": "sms"}, "created_at": {"S": at},
                "correlation_id": {"S": headers.get("X-Correlation-Id") or secrets.token_hex(16)},
                "provider_id": {"S": params["MessageSid"]},
                "customer_address": {"S": params["From"]}, "direction": {"S": "in"}, "kind": {"S": "message"},
                "message_id": {"S": message}, "status": {"S": "received"}, "store_address": {"S": params["To"]},
                "store_id": {"S": store}, "text": {"S": params.get("Body", "")}, "thread_id": {"S": thread}}
        try:
            self.ddb.transact_write_items(TransactItems=[
                {"Put": {"TableName": self.table, "Item": dedup, **absent}},
                {"Put": {"TableName": self.table, "Item": item, **absent}},
            ], ReturnConsumedCapacity="TOTAL")
        except self.ddb.exceptions.TransactionCanceledException:
            pass  # a repeated delivery: answered 200 all the same
        return 200


def _shape(call: ddbcount.Call) -> Any:
    """What a call writes, without the values: operation, and per action its attribute names/types and condition."""
    params = json.loads(call.body)
    if call.operation != "TransactWriteItems":
        return call.operation, sorted(k for k in params if k != "Key"), sorted(params.get("Key", {}))
    return call.operation, [
        (action, sorted((name, *value) for name, value in spec["Item"].items()), spec.get("ConditionExpression"),
         spec.get("ExpressionAttributeNames"))
        for entry in params["TransactItems"] for action, spec in entry.items()
    ], sorted(k for k in params if k not in ("TransactItems", "ClientRequestToken"))


def same_shape(real: list[ddbcount.Call], minimal: list[ddbcount.Call]) -> bool:
    return [_shape(c) for c in real] == [_shape(c) for c in minimal]


def _clear(ddb: Any, table: str) -> None:
    """Deletes every message and dedup item: the table holds the same few items at every iteration."""
    for page in ddb.get_paginator("scan").paginate(TableName=table, ProjectionExpression="pk, sk, kind"):
        for item in page["Items"]:
            if item.get("kind", {}).get("S") in ("message", "dedup"):
                ddb.delete_item(TableName=table, Key={"pk": item["pk"], "sk": item["sk"]})


def run(stage: Any, report: Any) -> None:
    """Runs on its own table, stream-less, emptied of the written items after every iteration (untimed).

    moto deep-copies a table, its items and its stream records, on every TransactWriteItems (to roll back
    on failure), so on a table that keeps growing each transaction costs more than the last: 13 ms at
    the first webhook, 250 ms after 600, for the app and the baseline alike, which hides the handlers'
    own cost under moto's. DynamoDB's write latency depends on neither; constant small tables keep the
    backend's share constant, so the ratio compares the handlers. The call counts are the same either way.
    """
    from chalice.test import Client

    recorder = ddbcount.RECORDER
    stage.create_table_without_stream(TABLE)
    c = stage.fresh_container(TABLE)
    c.stores.provision_brand(name="Bench webhook", admin_email="webhook@bench.test", admin_password="bench-password",
                             store_name="Webhook store", timezone="Europe/Paris", phone_number=STORE_NUMBER,
                             brand_id="benchwebhook")
    c = stage.fresh_container(TABLE)  # so the first webhook below really is the process's first (cold)
    url = c.settings.public_base_url + PATH
    signer = Signer(c.settings.twilio_auth_token, url)
    minimal = MinimalHandler(stage.endpoint, c.settings.region, TABLE, c.settings.twilio_auth_token, url)
    admin = stage.client()

    with Client(quiet_app()) as client:
        def post(i: int) -> None:
            body, headers = signer.request(i)
            response = client.http.post(PATH, headers=headers, body=body)
            if response.status_code != 200:
                raise RuntimeError(f"webhook answered {response.status_code}: {response.body[:300]!r}")

        # Cold: the first webhook of a fresh container (new PynamoDB connections and botocore clients).
        # PynamoDB 6 builds table metadata from the model, so there is no DescribeTable even here.
        with recorder.counting() as cold:
            post(0)
        # Warm-up done: one-time costs (client creation, a DescribeTable in other PynamoDB versions)
        # are left out of the budgeted figure, which is the steady state of a warm Lambda.
        with recorder.counting() as warm:
            post(1)
        report.info("webhook_cold_ddb_calls", len(cold), ddbcount.sequence(cold))
        report.figure("webhook_sequential_ddb_calls", len(warm), 2, ddbcount.sequence(warm))

        with recorder.counting() as base:
            status = minimal(*signer.request(1))
        if status != 200 or not same_shape(warm, base):
            raise RuntimeError("the minimal handler no longer mirrors the app's writes:\n"
                               f"app:     {[_shape(x) for x in warm]}\nminimal: {[_shape(x) for x in base]}")

        app_times: list[float] = []
        minimal_times: list[float] = []
        for i in range(2, 2 + ITERATIONS):  # interleaved, so drift in the machine hits both alike
            _clear(admin, TABLE)
            body, headers = signer.request(i)
            started = time.perf_counter()
            response = client.http.post(PATH, headers=headers, body=body)
            app_times.append(time.perf_counter() - started)
            assert response.status_code == 200, response.body
            _clear(admin, TABLE)
            body, headers = signer.request(i)
            started = time.perf_counter()
            status = minimal(body, headers)
            minimal_times.append(time.perf_counter() - started)
            assert status == 200, status
    stage.fresh_container()  # back on the main table (bootstrap() points the models at its table)
    app_ms, minimal_ms = statistics.median(app_times) * 1e3, statistics.median(minimal_times) * 1e3
    report.info("webhook_app_median_ms", round(app_ms, 3), f"{ITERATIONS} requests via chalice.test.Client")
    report.info("webhook_minimal_median_ms", round(minimal_ms, 3), "hand-written boto3 handler, same backend")
    report.figure("webhook_vs_minimal_ratio", round(app_ms / minimal_ms, 3), 1.5,
                  f"median {app_ms:.2f} ms / {minimal_ms:.2f} ms")
