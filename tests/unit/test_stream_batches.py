"""How the stream consumers answer Lambda: in order (stop at the first failure) or the whole batch at once."""
from __future__ import annotations

from typing import Any

import pytest
from chalice.app import DynamoDBEvent

from chalicelib.handlers.stream_batches import in_order, whole_batch


def event(*sequences: str) -> DynamoDBEvent:
    records = [{"eventID": f"e{s}", "eventName": "INSERT", "eventSource": "aws:dynamodb",
                "dynamodb": {"SequenceNumber": s, "Keys": {"pk": {"S": s}}, "NewImage": {"kind": {"S": "other"}}}}
               for s in sequences]
    return DynamoDBEvent({"Records": records}, None)


def failed(answer: dict[str, Any]) -> list[str]:
    return [f["itemIdentifier"] for f in answer["batchItemFailures"]]


def test_in_order_acts_on_every_record_in_order_when_all_succeed() -> None:
    seen: list[str] = []

    answer = in_order(event("1", "2", "3"), lambda change: seen.append(change.sequence_number))

    assert seen == ["1", "2", "3"] and failed(answer) == []


def test_in_order_stops_at_the_first_failure_and_reports_it_with_every_later_record() -> None:
    seen: list[str] = []

    def second_fails(change: Any) -> None:
        seen.append(change.sequence_number)
        if change.sequence_number == "2":
            raise ConnectionError("provider down")

    answer = in_order(event("1", "2", "3", "4"), second_fails)

    assert seen == ["1", "2"]  # 3 and 4 wait for 2: a thread's messages keep their order
    assert failed(answer) == ["2", "3", "4"]


def test_in_order_reports_a_batch_whose_first_record_fails_without_raising() -> None:
    def boom(_change: Any) -> None:
        raise ConnectionError("table down")

    assert failed(in_order(event("1", "2"), boom)) == ["1", "2"]


def test_whole_batch_acts_once_on_all_the_changes() -> None:
    batches: list[list[str]] = []

    answer = whole_batch(event("1", "2"), lambda changes: batches.append([c.sequence_number for c in changes]))

    assert batches == [["1", "2"]] and failed(answer) == []


@pytest.mark.parametrize("size", [1, 3])
def test_whole_batch_reports_every_record_when_acting_fails(size: int) -> None:
    def boom(_changes: Any) -> None:
        raise ConnectionError("statistics down")

    sequences = [str(n) for n in range(1, size + 1)]
    assert failed(whole_batch(event(*sequences), boom)) == sequences
