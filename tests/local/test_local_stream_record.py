"""A stream record as the pump hands it to the handlers, whatever the backend wrote."""

from __future__ import annotations

from local.events import stream_record

ARN = "arn:aws:dynamodb:eu-west-3:123456789012:table/t/stream/2026-01-01T00:00:00.000"


def _raw(new_image: dict) -> dict:
    return {
        "eventID": "1", "eventName": "INSERT",
        "dynamodb": {"ApproximateCreationDateTime": 1_700_000_000.5, "Keys": {"pk": {"S": "p"}},
                     "NewImage": new_image, "SequenceNumber": "100", "SizeBytes": 10,
                     "StreamViewType": "NEW_AND_OLD_IMAGES"},
    }


def test_an_empty_map_written_as_bare_braces_reaches_the_handler_as_an_empty_map_at_any_depth():
    # DynamoDB Local's streams write `{}` where DynamoDB writes {"M": {}}.
    image = {
        "pk": {"S": "p"},
        "top": {},
        "nested": {"M": {"inner": {}, "kept": {"S": "x"}}},
        "listed": {"L": [{}, {"M": {"deeper": {"L": [{}]}}}]},
    }

    record = stream_record(_raw(image), stream_arn=ARN, region="eu-west-3")

    assert record["dynamodb"]["NewImage"] == {
        "pk": {"S": "p"},
        "top": {"M": {}},
        "nested": {"M": {"inner": {"M": {}}, "kept": {"S": "x"}}},
        "listed": {"L": [{"M": {}}, {"M": {"deeper": {"L": [{"M": {}}]}}}]},
    }


def test_a_typed_empty_map_and_other_values_are_left_as_they_are():
    image = {"pk": {"S": "p"}, "empty": {"M": {}}, "n": {"N": "1"}, "null": {"NULL": True}, "b": {"B": b"\x01"}}

    record = stream_record(_raw(image), stream_arn=ARN, region="eu-west-3")

    assert record["dynamodb"]["NewImage"] == {
        "pk": {"S": "p"}, "empty": {"M": {}}, "n": {"N": "1"}, "null": {"NULL": True}, "b": {"B": "AQ=="},
    }
