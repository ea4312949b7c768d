"""Assembles the whole CloudFormation template from the app, the model and the stage settings."""
from __future__ import annotations

from chalice.app import Chalice
from pynamodb.models import Model

from infra import api, channel_tokens, events, media, monitoring, ops_role, secrets, waf, web
from infra.cfn import Json, get_att, ref, sub
from infra.functions import API, FUNCTIONS, SWEEP, StageSettings
from infra.lambdas import function_name, function_resources
from infra.table import TABLE_ID, index_names, table_resource

PARAMETERS: dict[str, Json] = {
    "CodeBucket": {"Type": "String", "Description": "S3 bucket of the deployment package (chalice package)"},
    "CodeKey": {"Type": "String", "Description": "S3 key of the deployment package; change it to deploy new code"},
    secrets.PATH_PARAMETER: secrets.template_parameter(),
    "MailFrom": {"Type": "String", "AllowedPattern": "^[^@\\s]+@[^@\\s]+$",
                 "Description": "SES-verified sender address of the e-mails"},
    "LogLevel": {"Type": "String", "Default": "INFO", "AllowedValues": ["DEBUG", "INFO", "WARN", "ERROR"]},
    "AlarmEmail": {"Type": "String", "Default": "", "Description": "Address notified of alarms (optional)"},
    **web.PARAMETERS,
}


def _public_base_url(stage_name: str) -> Json:
    return web.public_base_url()  # one origin: the web client, the API and the webhooks


def _environment(function: str, settings_env: dict[str, str], stage_name: str) -> dict[str, object]:
    """Chalice's stage variables, then what only the stack knows. Of the secrets, only their parameters' names."""
    environment: dict[str, object] = dict(settings_env)
    environment.update({
        "COMPTOIR_STAGE": "aws",  # never the local stage (its sandbox routes) on AWS, whatever config says
        "COMPTOIR_TABLE": ref(TABLE_ID),
        "PUBLIC_BASE_URL": _public_base_url(stage_name),
        "MAIL_FROM": ref("MailFrom"),
        "LOG_LEVEL": ref("LogLevel"),
    })
    environment.setdefault("POWERTOOLS_SERVICE_NAME", "comptoir")
    environment.update(secrets.environment(function))
    environment.update(channel_tokens.environment(function))  # a folder's name, never a token
    environment.update(media.environment(function))  # the kept files' bucket
    return environment


def _outputs(stage_name: str) -> dict[str, Json]:
    base = _public_base_url(stage_name)
    return {
        "ApiUrl": {"Description": "execute-api URL of the stage", "Value": api.api_url(stage_name)},
        "PublicBaseUrl": {"Description": "URL the app signs and links to", "Value": base},
        "TwilioSmsWebhookUrl": {"Value": {"Fn::Join": ["", [base, "/webhooks/twilio/sms"]]}},
        "TwilioStatusCallbackUrl": {"Value": {"Fn::Join": ["", [base, "/webhooks/twilio/status"]]}},
        "TwilioVoiceWebhookUrl": {"Value": {"Fn::Join": ["", [base, "/webhooks/twilio/voice"]]}},
        "SecretsPath": secrets.output(),
        "TableName": {"Value": ref(TABLE_ID)},
        **ops_role.operator_outputs(),
        "TableStreamArn": {"Value": get_att(TABLE_ID, "StreamArn")},
        **{f"{m.queue_id}Url": {"Description": f"Failed stream batches of {m.function.name}", "Value": ref(m.queue_id)}
           for m in events.STREAM_MAPPINGS},
        "DashboardUrl": {"Value": sub("https://${AWS::Region}.console.aws.amazon.com/cloudwatch/home"
                                      "?region=${AWS::Region}#dashboards:name=${Dashboard}")},
        **web.outputs(),
    }


def build_template(app: Chalice, model: type[Model], settings: StageSettings) -> Json:
    """The CloudFormation template of the AWS stage, as a JSON-ready dict."""
    stage_name = settings.api_gateway_stage
    indexes = index_names(model)
    resources: dict[str, Json] = {TABLE_ID: table_resource(model)}
    queues = {m.function.name: m.queue_id for m in events.STREAM_MAPPINGS}
    for spec in FUNCTIONS:
        environment = _environment(spec.name, settings.functions[spec.name].environment, stage_name)
        if spec.operates:
            environment.update(ops_role.operator_environment())
        resources.update(function_resources(spec, settings.functions[spec.name], environment, indexes,
                                            settings.log_retention_in_days, failure_queue_id=queues.get(spec.name)))
    resources.update(api.rest_api_resources(app, API.logical_id, function_name(API), stage_name,
                                            settings.endpoint_type))
    resources.update(waf.waf_resources())  # the outer layer of throttling, in front of the stage
    for mapping in events.STREAM_MAPPINGS:
        resources.update(events.stream_resources(mapping))
    resources.update(events.schedule_resources(SWEEP.logical_id))
    alarms = monitoring.alarm_resources(FUNCTIONS, events.STREAM_MAPPINGS, SWEEP, stage_name)
    resources.update(alarms)
    alarm_ids = [name for name, r in alarms.items() if r["Type"] == "AWS::CloudWatch::Alarm"]
    resources.update(web.web_resources(app, stage_name))
    resources.update(media.resources())
    resources["Dashboard"] = monitoring.dashboard_resource(FUNCTIONS, events.STREAM_MAPPINGS, stage_name, alarm_ids)
    return {
        "AWSTemplateFormatVersion": "2010-09-09",
        "Description": f"{app.app_name}: Chalice API, DynamoDB table and its stream consumers, minute schedule, alarms",
        "Parameters": PARAMETERS,
        "Rules": web.RULES,
        "Conditions": {
            **web.CONDITIONS,
            monitoring.HAS_ALARM_EMAIL: {"Fn::Not": [{"Fn::Equals": [ref("AlarmEmail"), ""]}]},
            secrets.HAS_PATH: secrets.condition(),
        },
        "Resources": resources,
        "Outputs": _outputs(stage_name),
    }
