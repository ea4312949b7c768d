"""The AWS stage's template: synthesised offline, valid for cfn-lint, and true to the app and the model."""
from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest
from cfnlint.api import lint_file  # type: ignore[import-untyped]
from cfnlint.config import ManualArgs  # type: ignore[import-untyped]

from chalicelib.models.tables import Item

ROOT = Path(__file__).resolve().parents[2]
OUTBOUND_HANDLER = "chalicelib.handlers.streams.handle_outbound_stream"
STATISTICS_HANDLER = "chalicelib.handlers.streams.handle_statistics_stream"
SEARCH_HANDLER = "chalicelib.handlers.streams.handle_search_stream"
CONSUMER_HANDLERS = (OUTBOUND_HANDLER, STATISTICS_HANDLER, SEARCH_HANDLER)
SWEEP_HANDLER = "chalicelib.handlers.schedules.sweep_timers"
OPS_HANDLER = "chalicelib.handlers.ops.ops"

Template = dict[str, Any]






def resources_of(template: Template, resource_type: str) -> dict[str, Any]:
    return {name: r for name, r in template["Resources"].items() if r["Type"] == resource_type}


def function_id_by_handler(template: Template, handler: str) -> str:
    [name] = [n for n, r in resources_of(template, "AWS::Lambda::Function").items()
              if r["Properties"]["Handler"] == handler]
    return name


def role_statements(template: Template, function_id: str) -> list[dict[str, Any]]:
    role_id = template["Resources"][function_id]["Properties"]["Role"]["Fn::GetAtt"][0]
    policies = template["Resources"][role_id]["Properties"]["Policies"]
    return [s for p in policies for s in p["PolicyDocument"]["Statement"]]


def all_statements(template: Template) -> Iterator[dict[str, Any]]:
    for role in resources_of(template, "AWS::IAM::Role").values():
        for policy in role["Properties"].get("Policies", []):
            yield from policy["PolicyDocument"]["Statement"]


def as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def key_set(key_schema: Sequence[Mapping[str, Any]]) -> set[tuple[str, str]]:
    return {(k["AttributeName"], k["KeyType"]) for k in key_schema}


def test_template_passes_cfn_lint(template_path: Path) -> None:
    matches = lint_file(template_path, config=ManualArgs(regions=["eu-west-3", "us-east-1"]))
    problems = [f"{m.rule.id} {m.message} ({m.linenumber})" for m in matches if m.rule.id[0] in "EW"]
    assert problems == []


def test_table_keys_and_indexes_are_the_models(template: Template) -> None:
    [table] = resources_of(template, "AWS::DynamoDB::Table").values()
    props = table["Properties"]
    schema = Item._get_schema()
    assert key_set(props["KeySchema"]) == key_set(schema["key_schema"])
    assert props["KeySchema"][0]["KeyType"] == "HASH"
    assert {(d["AttributeName"], d["AttributeType"]) for d in props["AttributeDefinitions"]} == {
        (d["AttributeName"], d["AttributeType"]) for d in schema["attribute_definitions"]}
    assert {i["IndexName"]: (key_set(i["KeySchema"]), i["Projection"]["ProjectionType"])
            for i in props["GlobalSecondaryIndexes"]} == {
        i["index_name"]: (key_set(i["key_schema"]), i["projection"]["ProjectionType"])
        for i in schema["global_secondary_indexes"]}
    assert len(props["GlobalSecondaryIndexes"]) == len(schema["global_secondary_indexes"]) == 5
    assert props["BillingMode"] == Item.Meta.billing_mode == "PAY_PER_REQUEST"
    assert props["StreamSpecification"]["StreamViewType"] == Item.Meta.stream_view_type
    assert props["TimeToLiveSpecification"] == {"AttributeName": "expires_at", "Enabled": True}
    assert props["PointInTimeRecoverySpecification"]["PointInTimeRecoveryEnabled"] is True
    assert table["DeletionPolicy"] == "Retain"


def test_functions_run_the_apps_handlers_on_python_311(template: Template) -> None:
    functions = resources_of(template, "AWS::Lambda::Function")
    assert sorted(f["Properties"]["Handler"] for f in functions.values()) == sorted(
        ["app.app", *CONSUMER_HANDLERS, SWEEP_HANDLER, OPS_HANDLER])
    for function in functions.values():
        props = function["Properties"]
        assert props["Runtime"] == "python3.11"
        env = props["Environment"]["Variables"]
        assert env["COMPTOIR_STAGE"] == "aws"
        assert env["COMPTOIR_TABLE"] == {"Ref": "Table"}
        assert {"POWERTOOLS_SERVICE_NAME", "LOG_LEVEL", "PUBLIC_BASE_URL", "MAIL_FROM"} <= env.keys()


def test_api_routes_are_the_apps(template: Template) -> None:
    from app import app

    [api] = resources_of(template, "AWS::ApiGateway::RestApi").values()
    assert set(api["Properties"]["Body"]["paths"]) == set(app.routes)
    [permission] = [p for p in resources_of(template, "AWS::Lambda::Permission").values()
                    if p["Properties"]["Principal"] == "apigateway.amazonaws.com"]
    assert permission["Properties"]["FunctionName"] == {"Ref": function_id_by_handler(template, "app.app")}
    assert resources_of(template, "AWS::ApiGateway::Stage")


def mapping_of(template: Template, handler: str) -> dict[str, Any]:
    function_id = function_id_by_handler(template, handler)
    [mapping] = [m["Properties"] for m in resources_of(template, "AWS::Lambda::EventSourceMapping").values()
                 if m["Properties"]["FunctionName"] == {"Ref": function_id}]
    return mapping


def failure_queue_of(template: Template, handler: str) -> str:
    queue_id: str = mapping_of(template, handler)["DestinationConfig"]["OnFailure"]["Destination"]["Fn::GetAtt"][0]
    return queue_id


def test_each_stream_consumer_has_its_own_mapping_and_failure_queue(template: Template) -> None:
    assert len(resources_of(template, "AWS::Lambda::EventSourceMapping")) == 3
    queues = {failure_queue_of(template, handler) for handler in CONSUMER_HANDLERS}
    assert len(queues) == 3 and queues == set(resources_of(template, "AWS::SQS::Queue"))


def test_what_people_wait_for_is_not_batched_for_a_second(template: Template) -> None:
    """A customer's message and an agent's reply go through the outbound consumer as soon as the stream has
    them; statistics and search gather for a second into fewer, bigger writes."""
    windows = {handler: mapping_of(template, handler)["MaximumBatchingWindowInSeconds"]
               for handler in CONSUMER_HANDLERS}
    assert windows == {h: (0 if "outbound" in h else 1) for h in CONSUMER_HANDLERS}


@pytest.mark.parametrize("handler", CONSUMER_HANDLERS)
def test_stream_failures_are_reported_per_record_bisected_and_kept(template: Template, handler: str) -> None:
    props = mapping_of(template, handler)
    assert props["EventSourceArn"] == {"Fn::GetAtt": ["Table", "StreamArn"]}
    assert props["FunctionResponseTypes"] == ["ReportBatchItemFailures"]
    assert props["BisectBatchOnFunctionError"] is True
    assert 0 <= props["MaximumRetryAttempts"] <= 10_000
    assert 60 <= props["MaximumRecordAgeInSeconds"] <= 604_800
    assert 1 <= props["BatchSize"] <= 10_000
    assert props["StartingPosition"] == "LATEST"
    queue_id = failure_queue_of(template, handler)
    assert template["Resources"][queue_id]["Type"] == "AWS::SQS::Queue"
    send = [s for s in role_statements(template, function_id_by_handler(template, handler))
            if "sqs:SendMessage" in as_list(s["Action"])]
    assert send and all(s["Resource"] == [{"Fn::GetAtt": [queue_id, "Arn"]}] for s in send)


def test_only_the_outbound_consumer_sends_e_mail_and_the_others_get_only_their_table_access(template: Template) -> None:
    def actions(handler: str) -> set[str]:
        return {a for s in role_statements(template, function_id_by_handler(template, handler))
                for a in as_list(s["Action"])}

    assert "ses:SendEmail" in actions(OUTBOUND_HANDLER)
    for handler in (STATISTICS_HANDLER, SEARCH_HANDLER):
        assert not {a for a in actions(handler) if a.split(":")[0] in ("ses", "comprehend")}
        assert {"dynamodb:GetRecords", "dynamodb:GetShardIterator"} <= actions(handler)
        assert "dynamodb:DeleteItem" not in actions(handler)  # neither deletes an item by itself
    assert not {"dynamodb:Query", "dynamodb:BatchWriteItem"} & actions(STATISTICS_HANDLER)


def test_timers_are_swept_every_minute(template: Template) -> None:
    [(rule_id, rule)] = resources_of(template, "AWS::Events::Rule").items()
    sweep_id = function_id_by_handler(template, SWEEP_HANDLER)
    assert rule["Properties"]["ScheduleExpression"] == "rate(1 minute)"
    assert [t["Arn"] for t in rule["Properties"]["Targets"]] == [{"Fn::GetAtt": [sweep_id, "Arn"]}]
    wanted = {"FunctionName": {"Ref": sweep_id}, "Principal": "events.amazonaws.com",
              "SourceArn": {"Fn::GetAtt": [rule_id, "Arn"]}}
    assert any(all(p["Properties"].get(k) == v for k, v in wanted.items())
               for p in resources_of(template, "AWS::Lambda::Permission").values())


def test_no_role_gets_dynamodb_wildcards(template: Template) -> None:
    statements = list(all_statements(template))
    assert statements
    for statement in statements:
        actions = as_list(statement["Action"])
        assert "*" not in actions and "dynamodb:*" not in actions
        if any(a.startswith("dynamodb:") for a in actions):
            assert "*" not in as_list(statement["Resource"]), statement


def test_the_api_cannot_scan(template: Template) -> None:
    actions = {a for s in role_statements(template, function_id_by_handler(template, "app.app"))
               for a in as_list(s["Action"])}
    assert "dynamodb:Query" in actions
    assert not {a for a in actions if a.lower() in ("dynamodb:scan", "dynamodb:*")}
    assert "ses:SendEmail" in actions


def test_operators_get_alarms_a_dashboard_and_the_urls(template: Template) -> None:
    metrics = {(a["Properties"].get("Namespace"), a["Properties"].get("MetricName"))
               for a in resources_of(template, "AWS::CloudWatch::Alarm").values()}
    assert {("AWS/Lambda", "Errors"), ("AWS/Lambda", "IteratorAge"),
            ("AWS/SQS", "ApproximateNumberOfMessagesVisible"), ("AWS/ApiGateway", "5XXError")} <= metrics
    alarms = resources_of(template, "AWS::CloudWatch::Alarm").values()
    errors = [a for a in alarms if a["Properties"].get("MetricName") == "Errors"]
    assert len(errors) == len(resources_of(template, "AWS::Lambda::Function"))
    for handler in CONSUMER_HANDLERS:  # each consumer's lag and given-up batches, on their own
        function = {"Name": "FunctionName", "Value": {"Ref": function_id_by_handler(template, handler)}}
        queue = {"Name": "QueueName", "Value": {"Fn::GetAtt": [failure_queue_of(template, handler), "QueueName"]}}
        assert [a for a in alarms if a["Properties"].get("MetricName") == "IteratorAge"
                and a["Properties"]["Dimensions"] == [function]]
        assert [a for a in alarms if a["Properties"].get("MetricName") == "ApproximateNumberOfMessagesVisible"
                and a["Properties"]["Dimensions"] == [queue]]
    assert resources_of(template, "AWS::CloudWatch::Dashboard")
    assert {"ApiUrl", "TableName"} <= template["Outputs"].keys()


def test_the_statistics_consume_one_batch_at_a_time_the_others_several_by_partition(template: Template) -> None:
    factors = {handler: mapping_of(template, handler)["ParallelizationFactor"] for handler in CONSUMER_HANDLERS}
    assert factors.pop(STATISTICS_HANDLER) == 1  # every batch adds to the same day counters
    assert all(1 < factor <= 10 for factor in factors.values())


def test_the_runtime_and_its_sdk_change_only_with_a_deploy(template: Template) -> None:
    functions = resources_of(template, "AWS::Lambda::Function").values()
    assert functions and all(f["Properties"]["RuntimeManagementConfig"] == {"UpdateRuntimeOn": "FunctionUpdate"}
                             for f in functions)
