"""A Lambda function with its log group and role, from its spec and its Chalice stage settings."""
from __future__ import annotations

from infra.cfn import Json, get_att, ref, sub
from infra.functions import RUNTIME, FunctionSettings, FunctionSpec
from infra.iam import role_resource

# The business metrics' Stage dimension (chalicelib/adapters/metrics.py): the stack's name, which the alarms use.
METRICS_STAGE_VARIABLE = "COMPTOIR_METRICS_STAGE"


def function_name(spec: FunctionSpec) -> str:
    """A fixed name (a `Fn::Sub` string): API Gateway and the log group refer to it before it exists."""
    return f"${{AWS::StackName}}-{spec.name}"


def function_resources(spec: FunctionSpec, settings: FunctionSettings, environment: dict[str, object],
                       index_names: list[str], log_retention_in_days: int,
                       failure_queue_id: str | None = None) -> dict[str, Json]:
    log_group_id = f"{spec.logical_id}LogGroup"
    role_id = f"{spec.logical_id}Role"
    return {
        # Created by the stack rather than by Lambda on first write: it has a retention, and the
        # role can be limited to it.
        log_group_id: {
            "Type": "AWS::Logs::LogGroup",
            "DeletionPolicy": "Delete", "UpdateReplacePolicy": "Delete",
            "Properties": {"LogGroupName": sub(f"/aws/lambda/{function_name(spec)}"),
                           "RetentionInDays": log_retention_in_days},
        },
        role_id: role_resource(spec, log_group_id, index_names, failure_queue_id),
        spec.logical_id: {
            "Type": "AWS::Lambda::Function",
            "Properties": {
                "FunctionName": sub(function_name(spec)),
                "Description": spec.description,
                "Runtime": RUNTIME,
                # The AWS SDK comes from the runtime, not the package: it changes only when we deploy, so a
                # deploy is tested against the SDK it then runs on (automatic updates could change it any day).
                "RuntimeManagementConfig": {"UpdateRuntimeOn": "FunctionUpdate"},
                "Handler": spec.handler,
                "Code": {"S3Bucket": ref("CodeBucket"), "S3Key": ref("CodeKey")},
                "Role": get_att(role_id, "Arn"),
                "Timeout": settings.timeout,
                "MemorySize": settings.memory_size,
                "Architectures": [settings.architecture],
                "Environment": {"Variables": {**environment, METRICS_STAGE_VARIABLE: sub("${AWS::StackName}")}},
                # X-Ray records every invocation; on AWS the app's tracer adds the calls it makes.
                "TracingConfig": {"Mode": "Active"},
                # JSON lines for Lambda's own records too; the app's Powertools logger already writes
                # JSON, and ApplicationLogLevel filters it at the same level as LOG_LEVEL.
                "LoggingConfig": {"LogFormat": "JSON", "LogGroup": ref(log_group_id),
                                  "ApplicationLogLevel": ref("LogLevel"), "SystemLogLevel": "WARN"},
            },
        },
    }
