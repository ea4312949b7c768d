"""Assembles the whole CloudFormation template from the app, the model and the stage settings."""
from __future__ import annotations

from chalice.app import Chalice
from pynamodb.models import Model

from infra import api, events, monitoring, ops_role
from infra.cfn import Json, get_att, if_, ref, sub
from infra.functions import API, FUNCTIONS, SWEEP, StageSettings
from infra.lambdas import function_name, function_resources
from infra.table import TABLE_ID, index_names, table_resource

HAS_PUBLIC_BASE_URL = "HasPublicBaseUrl"
SECRET_KEYS = {  # environment variable -> key in the Secrets Manager secret's JSON
    "TWILIO_ACCOUNT_SID": "twilio_account_sid",
    "TWILIO_AUTH_TOKEN": "twilio_auth_token",
    "COMPTOIR_TOKEN_SECRET": "token_secret",
}

PARAMETERS: dict[str, Json] = {
    "CodeBucket": {"Type": "String", "Description": "S3 bucket of the deployment package (chalice package)"},
    "CodeKey": {"Type": "String", "Description": "S3 key of the deployment package; change it to deploy new code"},
    "SecretId": {"Type": "String", "Default": "comptoir/aws",
                 "Description": f"Secrets Manager secret (JSON keys: {', '.join(SECRET_KEYS.values())})"},
    "MailFrom": {"Type": "String", "AllowedPattern": "^[^@\\s]+@[^@\\s]+$",
                 "Description": "SES-verified sender address of the e-mails"},
    "PublicBaseUrl": {"Type": "String", "Default": "", "AllowedPattern": "^$|^https://\\S*[^/\\s]$",
                      "Description": "Public URL of the API, no trailing slash (custom domain); "
                                     "empty: the execute-api URL"},
    "LogLevel": {"Type": "String", "Default": "INFO", "AllowedValues": ["DEBUG", "INFO", "WARN", "ERROR"]},
    "AlarmEmail": {"Type": "String", "Default": "", "Description": "Address notified of alarms (optional)"},
}


def _public_base_url(stage_name: str) -> Json:
    return if_(HAS_PUBLIC_BASE_URL, ref("PublicBaseUrl"), api.api_url(stage_name))


def _environment(settings_env: dict[str, str], stage_name: str) -> dict[str, object]:
    """Chalice's stage variables, then what only the stack knows. Secrets are resolved at deploy time."""
    environment: dict[str, object] = dict(settings_env)
    environment.update({
        "COMPTOIR_STAGE": "aws",  # never the local stage (its sandbox routes) on AWS, whatever config says
        "COMPTOIR_TABLE": ref(TABLE_ID),
        "PUBLIC_BASE_URL": _public_base_url(stage_name),
        "MAIL_FROM": ref("MailFrom"),
        "LOG_LEVEL": ref("LogLevel"),
    })
    environment.setdefault("POWERTOOLS_SERVICE_NAME", "comptoir")
    for variable, key in SECRET_KEYS.items():
        environment[variable] = sub("{{resolve:secretsmanager:${SecretId}:SecretString:" + key + "}}")
    return environment


def _outputs(stage_name: str) -> dict[str, Json]:
    base = _public_base_url(stage_name)
    return {
        "ApiUrl": {"Description": "execute-api URL of the stage", "Value": api.api_url(stage_name)},
        "PublicBaseUrl": {"Description": "URL the app signs and links to", "Value": base},
        "TwilioSmsWebhookUrl": {"Value": {"Fn::Join": ["", [base, "/webhooks/twilio/sms"]]}},
        "TwilioStatusCallbackUrl": {"Value": {"Fn::Join": ["", [base, "/webhooks/twilio/status"]]}},
        "TableName": {"Value": ref(TABLE_ID)},
        **ops_role.operator_outputs(),
        "TableStreamArn": {"Value": get_att(TABLE_ID, "StreamArn")},
        **{f"{m.queue_id}Url": {"Description": f"Failed stream batches of {m.function.name}", "Value": ref(m.queue_id)}
           for m in events.STREAM_MAPPINGS},
        "DashboardUrl": {"Value": sub("https://${AWS::Region}.console.aws.amazon.com/cloudwatch/home"
                                      "?region=${AWS::Region}#dashboards:name=${Dashboard}")},
    }


def build_template(app: Chalice, model: type[Model], settings: StageSettings) -> Json:
    """The CloudFormation template of the AWS stage, as a JSON-ready dict."""
    stage_name = settings.api_gateway_stage
    indexes = index_names(model)
    resources: dict[str, Json] = {TABLE_ID: table_resource(model)}
    queues = {m.function.name: m.queue_id for m in events.STREAM_MAPPINGS}
    for spec in FUNCTIONS:
        environment = _environment(settings.functions[spec.name].environment, stage_name)
        if spec.operates:
            environment.update(ops_role.operator_environment())
        resources.update(function_resources(spec, settings.functions[spec.name], environment, indexes,
                                            settings.log_retention_in_days, failure_queue_id=queues.get(spec.name)))
    resources.update(api.rest_api_resources(app, API.logical_id, function_name(API), stage_name,
                                            settings.endpoint_type))
    for mapping in events.STREAM_MAPPINGS:
        resources.update(events.stream_resources(mapping))
    resources.update(events.schedule_resources(SWEEP.logical_id))
    alarms = monitoring.alarm_resources(FUNCTIONS, events.STREAM_MAPPINGS, SWEEP, stage_name)
    resources.update(alarms)
    alarm_ids = [name for name, r in alarms.items() if r["Type"] == "AWS::CloudWatch::Alarm"]
    resources["Dashboard"] = monitoring.dashboard_resource(FUNCTIONS, events.STREAM_MAPPINGS, stage_name, alarm_ids)
    return {
        "AWSTemplateFormatVersion": "2010-09-09",
        "Description": f"{app.app_name}: Chalice API, DynamoDB table and its stream consumers, minute schedule, alarms",
        "Parameters": PARAMETERS,
        "Conditions": {
            HAS_PUBLIC_BASE_URL: {"Fn::Not": [{"Fn::Equals": [ref("PublicBaseUrl"), ""]}]},
            monitoring.HAS_ALARM_EMAIL: {"Fn::Not": [{"Fn::Equals": [ref("AlarmEmail"), ""]}]},
        },
        "Resources": resources,
        "Outputs": _outputs(stage_name),
    }
