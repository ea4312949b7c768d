"""`--stack`: the ops function found through the stack (CloudFormation on moto), invoked with the command's
event. Moto cannot run a Lambda function without Docker, so Lambda's Invoke is botocore's Stubber: the test
checks which function is invoked with which payload, and what the command prints of the answer."""
from __future__ import annotations

import io
import json
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from botocore.response import StreamingBody
from botocore.stub import Stubber
from moto import mock_aws

from ops.cli import main
from ops.stack import StackOperations

REGION = "eu-west-3"


def template(outputs: bool) -> str:
    body: dict[str, Any] = {"Resources": {"Ops": {"Type": "AWS::SQS::Queue", "Properties": {}}}}
    if outputs:
        body["Outputs"] = {"OpsFunctionName": {"Value": "prod-ops"}}
    return json.dumps(body)


@pytest.fixture
def aws() -> Iterator[Any]:
    with mock_aws():
        yield boto3.client("cloudformation", region_name=REGION)


def answer(payload: Any, error: str | None = None) -> dict[str, Any]:
    raw = json.dumps(payload).encode()
    reply: dict[str, Any] = {"StatusCode": 200, "Payload": StreamingBody(io.BytesIO(raw), len(raw))}
    if error:
        reply["FunctionError"] = error
    return reply


def run(cloudformation: Any, lambdas: Any, *argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), target_for=lambda args: StackOperations(args.stack, cloudformation=cloudformation,
                                                                    lambdas=lambdas), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_the_command_invokes_the_stacks_ops_function_with_its_event_and_prints_the_answer(aws):
    aws.create_stack(StackName="prod", TemplateBody=template(outputs=True))
    lambdas = boto3.client("lambda", region_name=REGION)
    event = {"command": "numbers assign", "store_id": "s1", "number": "+15550000042"}
    printed = {"number": "+15550000042", "store": {"store_id": "s1"}, "previous_number": None, "changed": True}
    with Stubber(lambdas) as stub:
        stub.add_response("invoke", answer(printed), {"FunctionName": "prod-ops", "InvocationType": "RequestResponse",
                                                      "Payload": json.dumps(event).encode()})
        code, out, err = run(aws, lambdas, "--stack", "prod", "numbers", "assign", "--store-id", "s1",
                             "--number", "+15550000042")
        stub.assert_no_pending_responses()
    assert (code, json.loads(out), err) == (0, printed, "")


def test_a_stack_without_the_output_is_found_through_its_resource(aws):
    aws.create_stack(StackName="older", TemplateBody=template(outputs=False))
    physical = aws.describe_stack_resource(StackName="older", LogicalResourceId="Ops")["StackResourceDetail"][
        "PhysicalResourceId"]
    lambdas = boto3.client("lambda", region_name=REGION)
    with Stubber(lambdas) as stub:
        expected = {"FunctionName": physical, "InvocationType": "RequestResponse",
                    "Payload": json.dumps({"command": "brands list"}).encode()}
        stub.add_response("invoke", answer({"brands": []}), expected)
        code, out, _ = run(aws, lambdas, "--stack", "older", "brands", "list")
    assert (code, json.loads(out)) == (0, {"brands": []})


def test_refusals_and_failures_of_the_function_go_to_stderr_with_a_nonzero_exit(aws):
    aws.create_stack(StackName="prod", TemplateBody=template(outputs=True))
    lambdas = boto3.client("lambda", region_name=REGION)
    refused = {"error": {"type": "Conflict", "detail": "+15550000001 is already assigned to store s0 of brand demo",
                         "errors": {"number": "taken"}}}
    with Stubber(lambdas) as stub:
        stub.add_response("invoke", answer(refused))
        stub.add_response("invoke", answer({"errorMessage": "Task timed out"}, error="Unhandled"))
        code, out, err = run(aws, lambdas, "--stack", "prod", "numbers", "release", "--number", "+15550000001")
        assert (code, out) == (1, "") and "already assigned" in err and "number: taken" in err
        code, out, err = run(aws, lambdas, "--stack", "prod", "failures", "list")
        assert (code, out) == (1, "") and "the ops function failed: Task timed out" in err


def test_an_unknown_stack_is_a_clear_error(aws):
    code, out, err = run(aws, boto3.client("lambda", region_name=REGION), "--stack", "nope", "brands", "list")
    assert (code, out) == (1, "") and "stack nope" in err


def test_export_over_the_stack_asks_page_after_page_with_the_cursor(aws, tmp_path):
    aws.create_stack(StackName="prod", TemplateBody=template(outputs=True))
    lambdas = boto3.client("lambda", region_name=REGION)
    pages = [({"items": [{"pk": "B#b1", "sk": "BRAND"}], "cursor": {"phase": "lookups"}, "progress": "brand"}, None),
             ({"items": [{"pk": "NUMBER#+1", "sk": "NUMBER"}], "cursor": None, "progress": "lookups"},
              {"phase": "lookups"})]
    with Stubber(lambdas) as stub:
        for page, cursor in pages:
            stub.add_response("invoke", answer(page), {
                "FunctionName": "prod-ops", "InvocationType": "RequestResponse",
                "Payload": json.dumps({"command": "brands export", "brand_id": "b1", "cursor": cursor}).encode()})
        code, _, err = run(aws, lambdas, "--stack", "prod", "brands", "export", "--brand-id", "b1",
                           "--out", str(tmp_path / "b1.jsonl"))
    assert code == 0 and "done, 2 items in 2 pages" in err
    lines = (tmp_path / "b1.jsonl").read_text().splitlines()
    assert [json.loads(line)["pk"] for line in lines] == ["B#b1", "NUMBER#+1"]


def test_the_stack_may_be_named_before_or_after_the_command():
    from ops.cli import event_of, parser

    before = parser().parse_args(["--stack", "comptoir-prod", "numbers", "release", "--number", "+33170000001"])
    after = parser().parse_args(["numbers", "release", "--number", "+33170000001", "--stack", "comptoir-prod",
                                 "--region", "eu-west-3"])

    assert (before.stack, after.stack, after.region) == ("comptoir-prod", "comptoir-prod", "eu-west-3")
    assert event_of(before) == event_of(after) == {"command": "numbers release", "number": "+33170000001"}
    assert parser().parse_args(["failures", "list"]).stack is None  # neither: the local stage
