"""What the operators' function may do beyond the table and the mail, what it is told, and where to find it."""
from __future__ import annotations

from infra.cfn import Json, get_att, ref
from infra.events import STREAM_MAPPINGS
from infra.functions import OPS

OPS_OUTPUT = "OpsFunctionName"  # the ops command finds the function through this output


def operator_statements() -> list[Json]:
    """Read and settle the on-failure queues; invoke the stream consumers with the records it replays."""
    queues = [get_att(m.queue_id, "Arn") for m in STREAM_MAPPINGS]
    return [
        {"Effect": "Allow", "Resource": queues,
         "Action": sorted(["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility",
                           "sqs:GetQueueAttributes"])},
        {"Effect": "Allow", "Action": ["lambda:InvokeFunction"],
         "Resource": [get_att(m.function.logical_id, "Arn") for m in STREAM_MAPPINGS]},
    ]


def operator_environment() -> dict[str, object]:
    """FAILURE_QUEUES: `consumer=queue URL` pairs, comma-separated (names and URLs, no secret)."""
    pairs: list[object] = []
    for index, mapping in enumerate(STREAM_MAPPINGS):
        pairs += [("," if index else "") + f"{mapping.function.name}=", ref(mapping.queue_id)]
    return {"FAILURE_QUEUES": {"Fn::Join": ["", pairs]}}


def operator_outputs() -> dict[str, Json]:
    return {OPS_OUTPUT: {"Description": "The operators' function: invoke it with {\"command\": ...} "
                                        "or run python -m ops --stack <stack>",
                         "Value": ref(OPS.logical_id)}}
