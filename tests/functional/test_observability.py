"""One customer message followed by its correlation id from the webhook to the send, and the business figures
the outbound consumer publishes as CloudWatch embedded metrics."""
import json
import logging

import pytest

from chalicelib import bootstrap
from chalicelib.adapters.metrics import EmfFigures
from chalicelib.logs import logger
from tests.functional.test_routing_api import demo_store
from tests.functional.test_sms_flow import invite_agent
from tests.functional.test_webhooks import post_signed, twilio_form

GREETING = {"greetings": {"sms": {"text": "Bonjour, on arrive !", "resend_after_hours": 24}}}


class Lines(logging.Handler):
    """The app's log lines, as Powertools formats them for CloudWatch."""

    def __init__(self):
        super().__init__()
        self.setFormatter(logger.registered_formatter)
        self.lines = []

    def emit(self, record):
        self.lines.append(json.loads(self.format(record)))

    def with_id(self, correlation_id):
        return [line for line in self.lines if line.get("correlation_id") == correlation_id]


@pytest.fixture
def logs():
    lines = Lines()
    logger.addHandler(lines)
    yield lines
    logger.removeHandler(lines)


def a_greeting_store_with_a_connected_agent(stage):
    admin = stage.login()
    store = demo_store(stage, admin)
    assert stage.call("PUT", f"/v1/stores/{store['id']}/auto-messages", GREETING, token=admin).status == 200
    bob = invite_agent(stage, admin, store["id"], "bob@demo.test")
    stage.call("PUT", "/v1/me/presence", {"channel": "chat", "state": "available"}, token=bob)
    return admin, bob


def test_the_webhooks_id_is_on_the_apply_the_notification_and_the_greetings_send(stage, logs):
    a_greeting_store_with_a_connected_agent(stage)
    webhook = post_signed(stage, twilio_form(sid="SM00000000000000000000000000000042"))
    assert webhook.status == 200
    correlation_id = webhook.headers["X-Correlation-Id"]
    stage.settle()

    followed = logs.with_id(correlation_id)
    said = [line["message"] for line in followed]
    assert said[0] == "request" and followed[0]["route"] == "POST /webhooks/twilio/sms"
    assert followed[0]["function_request_id"] and "cold_start" in followed[0]  # the Lambda context
    assert {"customer message applied", "agent notified", "outgoing message queued", "message sent"} <= set(said)
    notified = next(line for line in followed if line["message"] == "agent notified")
    assert notified["notification_kind"] == "new_message"
    sent = next(line for line in followed if line["message"] == "message sent")
    assert sent["author"] == "auto" and sent["provider_id"].startswith("SM") and sent["status"] == "sent"
    counted = [line for line in logs.lines if correlation_id in line.get("correlation_ids", [])]
    assert counted  # the statistics consumer's batch names it too
    others = [line for line in logs.lines if line.get("correlation_id") not in (None, correlation_id)]
    assert all(line["message"] == "request" for line in others)  # only the set-up's own requests


def test_an_agents_answer_is_followed_from_its_request_to_its_send(stage, logs):
    admin, _ = a_greeting_store_with_a_connected_agent(stage)
    stage.text("Bonjour")
    thread = stage.only_thread(admin)
    answer = stage.call("POST", f"/v1/threads/{thread['id']}/messages", {"text": "Oui ?"}, token=admin,
                        headers={"X-Correlation-Id": "support-ticket-1234"})
    assert answer.status == 201 and answer.headers["X-Correlation-Id"] == "support-ticket-1234"
    stage.settle()
    said = [(line["message"], line.get("author")) for line in logs.with_id("support-ticket-1234")]
    assert said == [("request", None), ("outgoing message queued", "agent"), ("message sent", "agent")]


def emf_blobs(text):
    return [blob for blob in (json.loads(line) for line in text.splitlines() if line.startswith("{"))
            if "_aws" in blob]


def totals(blobs):
    """name -> (dimension sets, values) over every blob, values in order."""
    seen = {}
    for blob in blobs:
        (directive,) = blob["_aws"]["CloudWatchMetrics"]
        assert directive["Namespace"] == "Comptoir"
        for metric in directive["Metrics"]:
            dims, values = seen.setdefault(metric["Name"], (directive["Dimensions"], []))
            assert dims == directive["Dimensions"]
            value = blob[metric["Name"]]
            values.extend(value if isinstance(value, list) else [value])
            assert blob["Stage"] == "comptoir-test" and blob.get("Channel") == "sms"
    return seen


def test_a_webhook_and_an_answer_publish_the_business_figures_as_embedded_metrics(stage_with_figures, capsys):
    stage = stage_with_figures
    admin, _ = a_greeting_store_with_a_connected_agent(stage)
    capsys.readouterr()
    assert post_signed(stage, twilio_form(sid="SM00000000000000000000000000000043")).status == 200
    stage.settle()
    thread = stage.only_thread(admin)
    stage.clock.advance(300)
    assert stage.call("POST", f"/v1/threads/{thread['id']}/messages", {"text": "Oui ?"}, token=admin).status == 201
    stage.settle()

    seen = totals(emf_blobs(capsys.readouterr().out))
    by_stage_and_channel = [["Stage", "Channel"], ["Stage"]]
    assert {name: sum(values) for name, (_, values) in seen.items()} == {
        "MessagesIn": 1, "MessagesOut": 2, "AutomaticMessagesSent": 1, "FirstResponseSeconds": 300}
    assert all(dims == by_stage_and_channel for dims, _ in seen.values())
    assert seen["FirstResponseSeconds"][1] == [300]


@pytest.fixture
def stage_with_figures(monkeypatch):
    """The stage in process, its figures published as on AWS (printed EMF), under a stack's name."""
    from moto import mock_aws

    from chalicelib import runtime
    from tests.functional.support import Stage

    monkeypatch.setattr(bootstrap, "figures_for", lambda local: EmfFigures("comptoir-test"))
    with mock_aws():
        yield Stage()
    runtime.install(None)
