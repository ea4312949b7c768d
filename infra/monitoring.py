"""CloudWatch alarms (to an SNS topic) and the dashboard the operators open from the console."""
from __future__ import annotations

import json
from typing import Any

from infra.api import API_NAME
from infra.cfn import Json, get_att, ref, sub, var
from infra.events import StreamMapping
from infra.functions import FunctionSpec
from infra.lambdas import function_name
from infra.table import TABLE_ID

TOPIC_ID = "AlarmTopic"
HAS_ALARM_EMAIL = "HasAlarmEmail"


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


def _function_dimension(spec: FunctionSpec) -> list[Json]:
    return [{"Name": "FunctionName", "Value": ref(spec.logical_id)}]


def _stream_alarms(mapping: StreamMapping) -> dict[str, Json]:
    """The consumer lags (its iterator age) or gave batches up (its on-failure queue): each on its own."""
    name, function_id = mapping.function.name, mapping.function.logical_id
    return {
        f"{function_id}IteratorAgeAlarm": _alarm(
            f"{name}: stream records wait more than 5 minutes, {mapping.late}",
            "AWS/Lambda", "IteratorAge", _function_dimension(mapping.function), "Maximum", 300_000,
            period=60, periods=5),
        f"{mapping.queue_id}Alarm": _alarm(
            f"{name} gave stream batches up after retries: replay them from {mapping.queue_id}",
            "AWS/SQS", "ApproximateNumberOfMessagesVisible",
            [{"Name": "QueueName", "Value": get_att(mapping.queue_id, "QueueName")}], "Maximum", 1, period=60),
    }


def alarm_resources(functions: tuple[FunctionSpec, ...], stream_mappings: tuple[StreamMapping, ...],
                    sweep: FunctionSpec, stage_name: str) -> dict[str, Json]:
    """One alarm per failure an operator must act on; all notify the topic (and its e-mail, if given)."""
    alarms: dict[str, Json] = {
        f"{spec.logical_id}ErrorsAlarm": _alarm(
            f"{spec.name} raised errors (see its log group)", "AWS/Lambda", "Errors",
            _function_dimension(spec), "Sum", 1)
        for spec in functions
    }
    for mapping in stream_mappings:
        alarms.update(_stream_alarms(mapping))
    alarms["SweepNotRunningAlarm"] = _alarm(
        "The minute schedule has not run for 10 minutes: escalations and snoozes do not fire",
        "AWS/Lambda", "Invocations", _function_dimension(sweep), "Sum", 1, period=300, periods=2,
        missing="breaching", comparison="LessThanThreshold")
    alarms["Api5XXAlarm"] = _alarm(
        "The API answered 5XX errors", "AWS/ApiGateway", "5XXError",
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
    ]
    body = json.dumps({"widgets": widgets}, indent=None)
    return {"Type": "AWS::CloudWatch::Dashboard",
            "Properties": {"DashboardName": sub("${AWS::StackName}"), "DashboardBody": sub(body)}}
