"""Observability in the template: X-Ray on every function, the business alarms and the dashboard, and the names
and dimensions the app publishes its metrics under, the same on both sides."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from chalicelib.adapters import metrics
from infra import monitoring
from infra.lambdas import METRICS_STAGE_VARIABLE
from tests.infra.test_template import as_list, resources_of, role_statements

ROOT = Path(__file__).resolve().parents[2]
STAGE = [{"Name": "Stage", "Value": {"Fn::Sub": "${AWS::StackName}"}}]
Template = dict[str, Any]




def alarm(template: Template, name: str) -> dict[str, Any]:
    resource = template["Resources"][name]
    assert resource["Type"] == "AWS::CloudWatch::Alarm"
    return resource["Properties"]


def test_every_function_is_traced_and_may_send_its_segments(template: Template) -> None:
    functions = resources_of(template, "AWS::Lambda::Function")
    assert len(functions) >= 5
    for function_id, function in functions.items():
        assert function["Properties"]["TracingConfig"] == {"Mode": "Active"}, function_id
        xray = [s for s in role_statements(template, function_id) if any(a.startswith("xray:") for a in
                                                                         as_list(s["Action"]))]
        assert [set(as_list(s["Action"])) for s in xray] == [{"xray:PutTraceSegments", "xray:PutTelemetryRecords"}]
        assert xray[0]["Resource"] == "*"  # X-Ray's write actions have no resource to scope to


def test_every_function_publishes_its_metrics_under_the_stacks_name(template: Template) -> None:
    assert METRICS_STAGE_VARIABLE == metrics.STAGE_VARIABLE
    for function in resources_of(template, "AWS::Lambda::Function").values():
        variables = function["Properties"]["Environment"]["Variables"]
        assert variables[METRICS_STAGE_VARIABLE] == {"Fn::Sub": "${AWS::StackName}"}


def test_a_customer_waiting_unattended_raises_an_alarm(template: Template) -> None:
    unattended = alarm(template, "CustomerUnattendedAlarm")
    assert (unattended["Namespace"], unattended["MetricName"]) == (metrics.NAMESPACE, "UnattendedWaitSeconds")
    assert unattended["Dimensions"] == STAGE and unattended["Statistic"] == "Maximum"
    assert unattended["Threshold"] == monitoring.UNATTENDED_MINUTES * 60
    assert unattended["ComparisonOperator"] == "GreaterThanOrEqualToThreshold"


def test_the_send_failure_rate_is_failed_sends_over_all_sends(template: Template) -> None:
    rate = alarm(template, "SendFailureRateAlarm")
    assert "MetricName" not in rate and "Namespace" not in rate  # a metric math alarm
    read = {q["Id"]: q["MetricStat"] for q in rate["Metrics"] if "MetricStat" in q}
    assert {i: (s["Metric"]["Namespace"], s["Metric"]["MetricName"], s["Stat"]) for i, s in read.items()} == {
        "sent": (metrics.NAMESPACE, "MessagesOut", "Sum"), "failed": (metrics.NAMESPACE, "SendsFailed", "Sum")}
    assert all(s["Metric"]["Dimensions"] == STAGE for s in read.values())
    [returned] = [q for q in rate["Metrics"] if q["ReturnData"]]
    assert "100 * FILL(failed, 0) / attempts" in returned["Expression"]
    assert f"attempts >= {monitoring.SEND_FAILURE_MIN_ATTEMPTS}" in returned["Expression"]
    assert rate["Threshold"] == monitoring.SEND_FAILURE_PERCENT


def test_the_business_metrics_the_alarms_read_are_the_ones_the_app_publishes() -> None:
    published = (ROOT / "chalicelib/handlers/observed.py").read_text()
    for name in ("MessagesIn", "MessagesOut", "AutomaticMessagesSent", "SendsFailed", "EscalationSteps",
                 "FirstResponseSeconds", "UnattendedWaitSeconds"):
        assert f'Figure("{name}"' in published, name
    assert monitoring.NAMESPACE == metrics.NAMESPACE
    assert monitoring.STAGE_DIMENSION[0]["Name"] == "Stage"  # the adapter's dimension by stage alone


def test_every_alarm_says_what_it_means_and_what_to_do_and_notifies_the_topic(template: Template) -> None:
    alarms = resources_of(template, "AWS::CloudWatch::Alarm")
    names = set(alarms)
    assert {"CustomerUnattendedAlarm", "SendFailureRateAlarm", "SweepNotRunningAlarm", "Api5XXAlarm"} <= names
    assert {n for n in names if n.endswith("IteratorAgeAlarm")} and {n for n in names if n.endswith("QueueAlarm")}
    for name, resource in alarms.items():
        properties = resource["Properties"]
        assert len(properties["AlarmDescription"]) > 80, name  # the meaning, then what to do
        assert properties["AlarmActions"] == [{"Ref": monitoring.TOPIC_ID}], name


def test_the_dashboard_shows_every_alarm_and_the_business_figures(template: Template) -> None:
    body = json.loads(template["Resources"]["Dashboard"]["Properties"]["DashboardBody"]["Fn::Sub"])
    shown = {a.removeprefix("${").removesuffix(".Arn}") for w in body["widgets"] if w["type"] == "alarm"
             for a in w["properties"]["alarms"]}
    assert shown == set(resources_of(template, "AWS::CloudWatch::Alarm"))
    graphed = {m[1] for w in body["widgets"] if w["type"] == "metric" for m in w["properties"]["metrics"]
               if m[0] == metrics.NAMESPACE}
    assert graphed == {"MessagesIn", "MessagesOut", "AutomaticMessagesSent", "SendsFailed", "FirstResponseSeconds",
                       "EscalationSteps", "UnattendedWaitSeconds"}
    queries = [w["properties"]["query"] for w in body["widgets"] if w["type"] == "log"]
    assert any("message send failed" in q and "correlation_id" in q for q in queries)
