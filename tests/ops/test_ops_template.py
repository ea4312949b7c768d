"""The ops function in the template: deployed with its own least-privilege role, told where the failure queues
are (names, no secret), and named in the stack's outputs for the ops command."""
from __future__ import annotations

from typing import Any

import pytest

from chalicelib.models.tables import Item
from infra.events import STREAM_MAPPINGS
from infra.functions import OPS, load_stage_settings
from infra.template import build_template
from tests.infra.test_template import ROOT, role_statements


@pytest.fixture(scope="module")
def template() -> dict[str, Any]:
    from app import app

    return build_template(app, Item, load_stage_settings(ROOT))


def actions_on(statements: list[dict[str, Any]], prefix: str) -> list[tuple[list[str], Any]]:
    return [(s["Action"], s["Resource"]) for s in statements if any(a.startswith(prefix) for a in s["Action"])]


def test_operators_find_the_function_through_the_stack_outputs(template):
    assert template["Outputs"]["OpsFunctionName"]["Value"] == {"Ref": OPS.logical_id}
    ops = template["Resources"][OPS.logical_id]["Properties"]
    assert ops["Handler"] == "chalicelib.handlers.ops.ops" and ops["Timeout"] == 300


def test_the_ops_function_is_told_each_consumers_failure_queue(template):
    environment = template["Resources"][OPS.logical_id]["Properties"]["Environment"]["Variables"]
    pairs = environment["FAILURE_QUEUES"]["Fn::Join"][1]
    names = [m.function.name for m in STREAM_MAPPINGS]
    assert pairs[0::2] == [f"{name}=" if i == 0 else f",{name}=" for i, name in enumerate(names)]
    assert pairs[1::2] == [{"Ref": m.queue_id} for m in STREAM_MAPPINGS]


def test_the_ops_role_reaches_only_this_stacks_queues_consumers_and_stream(template):
    statements = role_statements(template, OPS.logical_id)
    queues = [{"Fn::GetAtt": [m.queue_id, "Arn"]} for m in STREAM_MAPPINGS]
    assert actions_on(statements, "sqs:") == [(["sqs:ChangeMessageVisibility", "sqs:DeleteMessage",
                                                 "sqs:GetQueueAttributes", "sqs:ReceiveMessage"], queues)]
    consumers = [{"Fn::GetAtt": [m.function.logical_id, "Arn"]} for m in STREAM_MAPPINGS]
    assert actions_on(statements, "lambda:") == [(["lambda:InvokeFunction"], consumers)]
    stream = [a for s in statements for a in s["Action"] if a in ("dynamodb:GetRecords", "dynamodb:GetShardIterator")]
    assert sorted(stream) == ["dynamodb:GetRecords", "dynamodb:GetShardIterator"]
    assert any("ses:SendEmail" in s["Action"] for s in statements)


def test_no_other_function_may_scan_replay_or_read_the_failure_queues(template):
    for function_id, resource in template["Resources"].items():
        if resource["Type"] != "AWS::Lambda::Function" or function_id == OPS.logical_id:
            continue
        statements = role_statements(template, function_id)
        actions = {a for s in statements for a in s["Action"]}
        assert not actions & {"dynamodb:Scan", "lambda:InvokeFunction", "sqs:ReceiveMessage", "sqs:DeleteMessage"}
