"""CloudWatch alarms (to an SNS topic) and the dashboard the operators open from the console."""
from __future__ import annotations

import json
from typing import Any

from infra.api import API_NAME
from infra.cfn import Json, get_att, ref, sub, var
from infra.events import StreamMapping
from infra.functions import OUTBOUND, FunctionSpec
from infra.lambdas import function_name
from infra.table import TABLE_ID

TOPIC_ID = "AlarmTopic"
HAS_ALARM_EMAIL = "HasAlarmEmail"

# The app's business metrics (chalicelib/adapters/metrics.py): namespace, and the stage they are published by.
NAMESPACE = "Comptoir"
STAGE_DIMENSION: list[Json] = [{"Name": "Stage", "Value": sub("${AWS::StackName}")}]
UNATTENDED_MINUTES = 15  # a customer waiting this long in open hours with nobody told is an incident
SEND_FAILURE_PERCENT = 10
SEND_FAILURE_MIN_ATTEMPTS = 5  # below this many sends in 15 minutes, one failure is not a rate


def _alarm(description: str, namespace: str, metric: str, dimensions: list[Json], statistic: str,
           threshold: float, period: int = 300, periods: int = 1, missing: str = "notBreaching",
           comparison: str = "GreaterThanOrEqualToThreshold") -> Json:
    return {
        "Type": "AWS::CloudWatch::Alarm",
        "Properties": {
            "AlarmDescription": description,
            "Namespace": namespace, "MetricName": metric, "Dimensions": dimensions,
            "Statistic": statistic, "Period": period, "EvaluationPeriods": periods,
            "Threshold": threshold, "ComparisonOperator": comparison, "TreatMissingData": missing,
            "AlarmActions": [ref(TOPIC_ID)], "OKActions": [ref(TOPIC_ID)],
        },
    }


def _math_alarm(description: str, queries: list[Json], threshold: float, periods: int = 1,
                missing: str = "notBreaching") -> Json:
    """An alarm on a metric math expression (the query with ReturnData)."""
    return {
        "Type": "AWS::CloudWatch::Alarm",
        "Properties": {
            "AlarmDescription": description, "Metrics": queries, "EvaluationPeriods": periods,
            "Threshold": threshold, "ComparisonOperator": "GreaterThanOrEqualToThreshold", "TreatMissingData": missing,
            "AlarmActions": [ref(TOPIC_ID)], "OKActions": [ref(TOPIC_ID)],
        },
    }


def _business_query(query_id: str, metric: str, period: int, stat: str = "Sum") -> Json:
    return {"Id": query_id, "ReturnData": False,
            "MetricStat": {"Metric": {"Namespace": NAMESPACE, "MetricName": metric, "Dimensions": STAGE_DIMENSION},
                           "Period": period, "Stat": stat}}


def business_alarms() -> dict[str, Json]:
    """What customers and stores feel, from the app's own metrics (namespace Comptoir, by stage)."""
    return {
        "CustomerUnattendedAlarm": _alarm(
            f"A customer has waited {UNATTENDED_MINUTES} minutes or more of a store's open hours and no agent could "
            "be told: an escalation step fell due with nobody eligible (nobody serving, connected or with a free "
            "slot). Ask the store's manager to connect an agent or widen the escalation list (the store's "
            "escalation settings); the inbox's waiting filter shows who waits",
            NAMESPACE, "UnattendedWaitSeconds", STAGE_DIMENSION, "Maximum", UNATTENDED_MINUTES * 60),
        "SendFailureRateAlarm": _math_alarm(
            f"{SEND_FAILURE_PERCENT}% or more of the outgoing messages failed over 15 minutes (from "
            f"{SEND_FAILURE_MIN_ATTEMPTS} sends): customers do not get answers. Search the logs for 'message send "
            "failed' (each line has the provider's error and the correlation_id); then check the provider's "
            "status page, the account's balance and the sending numbers",
            [_business_query("sent", "MessagesOut", 900), _business_query("failed", "SendsFailed", 900),
             {"Id": "attempts", "ReturnData": False, "Expression": "FILL(sent, 0) + FILL(failed, 0)"},
             {"Id": "rate", "ReturnData": True, "Label": "Failed sends (%)",
              "Expression": f"IF(attempts >= {SEND_FAILURE_MIN_ATTEMPTS}, 100 * FILL(failed, 0) / attempts, 0)"}],
            SEND_FAILURE_PERCENT),
    }


def _function_dimension(spec: FunctionSpec) -> list[Json]:
    return [{"Name": "FunctionName", "Value": ref(spec.logical_id)}]


def _stream_alarms(mapping: StreamMapping) -> dict[str, Json]:
    """The consumer lags (its iterator age) or gave batches up (its on-failure queue): each on its own."""
    name, function_id = mapping.function.name, mapping.function.logical_id
    return {
        f"{function_id}IteratorAgeAlarm": _alarm(
            f"{name}: stream records wait more than 5 minutes, {mapping.late}. Look at the function's errors and "
            "throttles on the dashboard and its log group; a record failing again and again holds its shard "
            "until it goes to the on-failure queue",
            "AWS/Lambda", "IteratorAge", _function_dimension(mapping.function), "Maximum", 300_000,
            period=60, periods=5),
        f"{mapping.queue_id}Alarm": _alarm(
            f"{name} gave stream batches up after retries: their changes were not applied. Fix the cause (the "
            f"function's errors in its log group), then replay them from {mapping.queue_id} with the ops "
            "command's `failures replay`; the queue keeps them 14 days",
            "AWS/SQS", "ApproximateNumberOfMessagesVisible",
            [{"Name": "QueueName", "Value": get_att(mapping.queue_id, "QueueName")}], "Maximum", 1, period=60),
    }


def alarm_resources(functions: tuple[FunctionSpec, ...], stream_mappings: tuple[StreamMapping, ...],
                    sweep: FunctionSpec, stage_name: str) -> dict[str, Json]:
    """One alarm per failure an operator must act on; all notify the topic (and its e-mail, if given)."""
    alarms: dict[str, Json] = {
        f"{spec.logical_id}ErrorsAlarm": _alarm(
            f"{spec.name} raised errors: read them in its log group (the dashboard's recent errors, each with "
            "its correlation_id to follow the request or message)", "AWS/Lambda", "Errors",
            _function_dimension(spec), "Sum", 1)
        for spec in functions
    }
    for mapping in stream_mappings:
        alarms.update(_stream_alarms(mapping))
    alarms.update(business_alarms())
    alarms["SweepNotRunningAlarm"] = _alarm(
        "The minute schedule has not run for 10 minutes: escalations, snoozes and send watchdogs do not fire. "
        "Check that the stack's schedule rule is enabled and the sweep function is not throttled",
        "AWS/Lambda", "Invocations", _function_dimension(sweep), "Sum", 1, period=300, periods=2,
        missing="breaching", comparison="LessThanThreshold")
    alarms["Api5XXAlarm"] = _alarm(
        "The API answered 5 or more 5XX errors in 5 minutes: agents see failures, providers retry webhooks. "
        "Read the API function's errors; its answers carry X-Correlation-Id to find each one",
        "AWS/ApiGateway", "5XXError",
        [{"Name": "ApiName", "Value": sub(API_NAME)}, {"Name": "Stage", "Value": stage_name}], "Sum", 5)
    return {
        TOPIC_ID: {"Type": "AWS::SNS::Topic", "Properties": {"DisplayName": sub("${AWS::StackName} alarms")}},
        "AlarmEmailSubscription": {
            "Type": "AWS::SNS::Subscription", "Condition": HAS_ALARM_EMAIL,
            "Properties": {"TopicArn": ref(TOPIC_ID), "Protocol": "email", "Endpoint": ref("AlarmEmail")},
        },
        **alarms,
    }


def _metric_widget(title: str, metrics: list[list[Any]], stat: str = "Sum", width: int = 8) -> Json:
    return {"type": "metric", "width": width, "height": 6,
            "properties": {"title": title, "metrics": metrics, "stat": stat, "period": 60,
                           "region": "${AWS::Region}", "view": "timeSeries"}}


def _business_widgets() -> list[Json]:
    """Messages by channel, sends failing, first answers, escalations and unattended customers."""
    stage = ["Stage", "${AWS::StackName}"]

    def metric(name: str, **options: Any) -> list[Any]:
        return [NAMESPACE, name, *stage, *([options] if options else [])]

    by_channel = (f"SEARCH('{{{NAMESPACE},Channel,Stage}} Stage=\"${{AWS::StackName}}\" "
                  "MetricName=(\"MessagesIn\" OR \"MessagesOut\")', 'Sum', 300)")
    return [
        _metric_widget("Messages in and out, automatic, failed sends", [
            metric("MessagesIn"), metric("MessagesOut"), metric("AutomaticMessagesSent"), metric("SendsFailed")]),
        _metric_widget("Messages by channel", [[{"expression": by_channel, "id": "channels",
                                                 "label": "by channel"}]]),
        _metric_widget("Failed sends (%)", [
            metric("MessagesOut", id="sent", visible=False), metric("SendsFailed", id="failed", visible=False),
            [{"expression": "100 * FILL(failed, 0) / (FILL(sent, 0) + FILL(failed, 0))", "label": "failed %",
              "id": "rate"}]]),
        _metric_widget("First answer to a waiting customer (seconds)", [
            metric("FirstResponseSeconds", stat="p50", label="median"),
            metric("FirstResponseSeconds", stat="p90", label="p90")]),
        _metric_widget("Escalation steps", [metric("EscalationSteps")]),
        _metric_widget(f"Longest unattended wait (alarm at {UNATTENDED_MINUTES} min), seconds",
                       [metric("UnattendedWaitSeconds")], stat="Maximum"),
    ]


def dashboard_resource(functions: tuple[FunctionSpec, ...], stream_mappings: tuple[StreamMapping, ...],
                       stage_name: str, alarm_ids: list[str]) -> Json:
    """The main widgets: alarms, API traffic and errors, functions, stream lag, failures, table, error logs."""
    fn = {spec.logical_id: var(spec.logical_id) for spec in functions}
    api = ["AWS/ApiGateway"]
    api_dims = ["ApiName", API_NAME, "Stage", stage_name]
    widgets: list[Json] = [
        {"type": "alarm", "width": 24, "height": 3,
         "properties": {"title": "Alarms", "alarms": [var(f"{a}.Arn") for a in alarm_ids]}},
        _metric_widget("API requests and errors", [
            [*api, "Count", *api_dims], [*api, "4XXError", *api_dims], [*api, "5XXError", *api_dims]]),
        _metric_widget("API latency p99 (ms)", [[*api, "Latency", *api_dims]], stat="p99"),
        _metric_widget("Function errors", [["AWS/Lambda", "Errors", "FunctionName", f] for f in fn.values()]),
        _metric_widget("Function duration p99 (ms)",
                       [["AWS/Lambda", "Duration", "FunctionName", f] for f in fn.values()], stat="p99"),
        _metric_widget("Throttles", [["AWS/Lambda", "Throttles", "FunctionName", f] for f in fn.values()]),
        _metric_widget("Stream iterator age per consumer (ms)",
                       [["AWS/Lambda", "IteratorAge", "FunctionName", fn[m.function.logical_id]]
                        for m in stream_mappings], stat="Maximum"),
        _metric_widget("Failed stream batches waiting, per consumer", [
            ["AWS/SQS", "ApproximateNumberOfMessagesVisible", "QueueName", var(f"{m.queue_id}.QueueName")]
            for m in stream_mappings], stat="Maximum"),
        *_business_widgets(),
        _metric_widget("Table capacity used", [
            ["AWS/DynamoDB", "ConsumedReadCapacityUnits", "TableName", var(TABLE_ID)],
            ["AWS/DynamoDB", "ConsumedWriteCapacityUnits", "TableName", var(TABLE_ID)]]),
        _metric_widget("Table throttles and errors", [
            ["AWS/DynamoDB", "ThrottledRequests", "TableName", var(TABLE_ID)],
            ["AWS/DynamoDB", "SystemErrors", "TableName", var(TABLE_ID)]]),
        {"type": "log", "width": 24, "height": 8,
         "properties": {
             "title": "Recent errors (structured logs)", "region": "${AWS::Region}", "view": "table",
             "query": " | ".join([
                 "SOURCE " + " | SOURCE ".join(f"'/aws/lambda/{function_name(s)}'" for s in functions),
                 "fields @timestamp, @log, level, message, correlation_id",
                 "filter level = 'ERROR' or @message like /Task timed out/",
                 "sort @timestamp desc", "limit 50"]),
         }},
        {"type": "log", "width": 24, "height": 8,
         "properties": {
             "title": "Recent sends and the provider's answers (search a correlation_id to follow one message)",
             "region": "${AWS::Region}", "view": "table",
             "query": " | ".join([
                 f"SOURCE '/aws/lambda/{function_name(OUTBOUND)}'",
                 "fields @timestamp, correlation_id, message, channel, author, provider_id, error",
                 "filter message in ['message sent', 'message send failed']",
                 "sort @timestamp desc", "limit 50"]),
         }},
    ]
    body = json.dumps({"widgets": widgets}, indent=None)
    return {"Type": "AWS::CloudWatch::Dashboard",
            "Properties": {"DashboardName": sub("${AWS::StackName}"), "DashboardBody": sub(body)}}
