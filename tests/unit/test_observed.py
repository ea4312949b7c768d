"""What the outbound consumer logs and counts of each stream record, the correlation id it works under, and the
embedded metric format it publishes."""
from __future__ import annotations

import json
import threading
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from chalicelib.adapters.metrics import EmfFigures, Figure, NoFigures, figures_for
from chalicelib.correlation import correlated, current_correlation_id
from chalicelib.handlers.observed import message_figures, record_correlation, thread_figures
from chalicelib.logs import logger
from chalicelib.services.domain import Customer, Escalation, Thread

AT = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def message_image(**attributes: str) -> dict[str, Any]:
    base = {"kind": "message", "channel": "sms", "direction": "out", "author": "agent", "message_id": "m1",
            "thread_id": "t1", **attributes}
    return {name: {"S": value} for name, value in base.items()}


def record(event: str, new: dict[str, Any] | None, old: dict[str, Any] | None = None) -> dict[str, Any]:
    data: dict[str, Any] = {"SequenceNumber": "1"}
    if new is not None:
        data["NewImage"] = new
    if old is not None:
        data["OldImage"] = old
    return {"eventName": event, "eventID": "e1", "dynamodb": data}


def names(figures: list[Figure]) -> list[tuple[str, float, str | None]]:
    return [(f.name, f.value, f.channel) for f in figures]


def test_a_customers_message_counts_once_when_stored_not_when_applied() -> None:
    stored = message_image(direction="in", author="customer", status="received")
    assert names(message_figures(record("INSERT", stored))) == [("MessagesIn", 1, "sms")]
    assert message_figures(record("MODIFY", {**stored, "applied": {"BOOL": True}}, stored)) == []


def test_a_send_counts_when_the_provider_accepts_it_automatic_ones_also_on_their_own() -> None:
    sent = record("MODIFY", message_image(status="sent", author="auto"), message_image(status="sending"))
    assert names(message_figures(sent)) == [("MessagesOut", 1, "sms"), ("AutomaticMessagesSent", 1, "sms")]
    delivered_later = record("MODIFY", message_image(status="delivered"), message_image(status="sent"))
    assert message_figures(delivered_later) == []  # already counted when sent
    queued = record("INSERT", message_image(status="queued"))
    assert message_figures(queued) == []


def test_a_refused_send_and_a_later_undelivered_report_count_as_failed_once() -> None:
    refused = record("MODIFY", message_image(status="failed", error="21211"), message_image(status="sending"))
    undelivered = record("MODIFY", message_image(status="failed"), message_image(status="sent"))
    again = record("MODIFY", message_image(status="failed"), message_image(status="failed"))
    assert names(message_figures(refused)) == names(message_figures(undelivered)) == [("SendsFailed", 1, "sms")]
    assert message_figures(again) == []


def waiting_thread(**changes: Any) -> Thread:
    thread = Thread(brand_id="b", id="t1", store_id="s", channel="sms", customer=Customer(id="c", phone="+33"),
                    status="waiting", conversation_id="c1", conversation_started_at=AT, last_message_at=AT,
                    created_at=AT, waiting_since=AT, contact_id="k1")
    return replace(thread, **changes)


def test_an_escalation_step_with_nobody_to_tell_reports_how_long_the_customer_has_waited() -> None:
    first = waiting_thread(escalation=Escalation(agent_id="bob", since=AT, step=0))
    alone = waiting_thread(escalation=Escalation(agent_id=None, since=AT + timedelta(minutes=20), step=1))
    assert names(thread_figures(waiting_thread(), first)) == [("EscalationSteps", 1, "sms")]
    assert names(thread_figures(first, alone)) == [("EscalationSteps", 1, "sms"),
                                                   ("UnattendedWaitSeconds", 1200.0, "sms")]
    assert thread_figures(alone, alone) == []  # the same step written again (a retried record): nothing new


def test_the_first_answer_to_a_waiting_customer_reports_the_wait_and_later_answers_do_not() -> None:
    answered_at = AT + timedelta(minutes=4)
    answered = waiting_thread(status="replied", waiting_since=None, contact_id=None, last_agent_message_at=answered_at)
    [figure] = thread_figures(waiting_thread(), answered)
    assert (figure.name, figure.value, figure.unit) == ("FirstResponseSeconds", 240.0, "Seconds")
    again = replace(answered, last_agent_message_at=answered_at + timedelta(minutes=1))
    assert thread_figures(answered, again) == []


def test_a_record_carries_the_id_it_was_written_under_or_gets_one_of_its_own() -> None:
    stamped = message_image(correlation_id="req-1")
    assert record_correlation(record("INSERT", stamped)) == "req-1"
    assert record_correlation(record("REMOVE", None, stamped)) == "req-1"  # a fired timer: its old image
    assert record_correlation(record("INSERT", message_image())) == "stream-e1"


def test_the_correlation_id_is_per_thread_and_restored_on_the_way_out() -> None:
    seen: dict[str, Any] = {}

    def other() -> None:
        seen["other"] = (current_correlation_id(), logger.thread_safe_get_current_keys().get("correlation_id"))

    with correlated("outer"):
        with correlated("inner"):
            thread = threading.Thread(target=other)
            thread.start()
            thread.join()
            seen["inner"] = logger.thread_safe_get_current_keys()["correlation_id"]
        seen["outer"] = (current_correlation_id(), logger.thread_safe_get_current_keys()["correlation_id"])
    assert seen == {"other": (None, None), "inner": "inner", "outer": ("outer", "outer")}
    assert current_correlation_id() is None and "correlation_id" not in logger.thread_safe_get_current_keys()


def blobs(text: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in text.splitlines() if line.startswith('{"_aws"')]


def test_emf_blobs_add_counts_up_keep_durations_and_dimension_by_stage_and_channel(
        capsys: pytest.CaptureFixture[str]) -> None:
    figures = EmfFigures("comptoir-prod")
    figures.add(Figure("MessagesIn", 1, channel="sms"))
    figures.add(Figure("MessagesIn", 1, channel="sms"))
    figures.add(Figure("MessagesIn", 1, channel="whatsapp"))
    figures.add(Figure("FirstResponseSeconds", 30, "Seconds", channel="sms"))
    figures.flush()
    by_channel = {b["Channel"]: b for b in blobs(capsys.readouterr().out)}
    assert by_channel["sms"]["MessagesIn"] in (2, [2]) and by_channel["sms"]["FirstResponseSeconds"] in (30, [30])
    assert by_channel["whatsapp"]["MessagesIn"] in (1, [1])
    directive = by_channel["sms"]["_aws"]["CloudWatchMetrics"][0]
    assert directive["Namespace"] == "Comptoir" and directive["Dimensions"] == [["Stage", "Channel"], ["Stage"]]
    assert by_channel["sms"]["Stage"] == "comptoir-prod" and "service" not in by_channel["sms"]
    figures.flush()
    assert capsys.readouterr().out == ""  # flushed once: nothing left, nothing printed


def test_more_than_a_hundred_durations_are_split_over_several_blobs(capsys: pytest.CaptureFixture[str]) -> None:
    figures = EmfFigures("s")
    for n in range(150):
        figures.add(Figure("FirstResponseSeconds", n, "Seconds", channel="sms"))
    figures.flush()
    values = [b["FirstResponseSeconds"] for b in blobs(capsys.readouterr().out)]
    assert [len(v) for v in values] == [100, 50] and sum(values, []) == list(range(150))


def test_the_local_stage_publishes_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    local = figures_for(local=True)
    assert isinstance(local, NoFigures)
    local.add(Figure("MessagesIn", 1))
    local.flush()
    assert capsys.readouterr().out == ""


class FakeLambdaContext:
    function_name = "comptoir-prod-handle_outbound_stream"
    memory_limit_in_mb = 512
    invoked_function_arn = "arn:aws:lambda:eu-west-3:123456789012:function:comptoir-prod-handle_outbound_stream"
    aws_request_id = "9c1f-request"


def test_log_lines_carry_the_lambda_context_and_the_cold_start_once() -> None:
    import logging

    from chalicelib import logs

    lines: list[dict[str, Any]] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            lines.append(json.loads(self.format(record)))

    handler = Collect()
    handler.setFormatter(logger.registered_formatter)
    logger.addHandler(handler)
    logs._cold_start = True
    try:
        def invocation() -> None:  # each in its own thread: a fresh context, as a new invocation's keys
            logs.with_lambda_context(FakeLambdaContext())
            logger.info("hello")

        for _ in range(2):
            worker = threading.Thread(target=invocation)
            worker.start()
            worker.join()
        logs.with_lambda_context(None)  # the local stage's pump: nothing to add
    finally:
        logger.removeHandler(handler)
    assert [line["cold_start"] for line in lines] == [True, False]
    assert lines[0]["function_request_id"] == "9c1f-request" and lines[0]["function_memory_size"] == 512
    assert lines[0]["function_name"] == FakeLambdaContext.function_name
