"""Least-privilege execution roles: one per function, every statement scoped to a resource of this stack."""
from __future__ import annotations

from infra.cfn import Json, get_att, ref, sub, var
from infra.channel_tokens import role_statements as channel_token_statements
from infra.functions import FunctionSpec
from infra.media import role_statements as media_statements
from infra.secrets import role_statements as secret_statements
from infra.table import TABLE_ID

_QUERY = "dynamodb:Query"


def _statement(actions: list[str], resources: list[Json] | Json | str, condition: Json | None = None) -> Json:
    statement: Json = {"Effect": "Allow", "Action": sorted(actions), "Resource": resources}
    if condition:
        statement["Condition"] = condition
    return statement


def _table_statements(spec: FunctionSpec, index_names: list[str]) -> list[Json]:
    item_actions = [a for a in spec.table_actions if a != _QUERY]
    statements = [_statement(item_actions, [get_att(TABLE_ID, "Arn")])] if item_actions else []
    if _QUERY in spec.table_actions:
        # Query on the base table and on each index the model declares, by name: no index/* wildcard.
        index_arns = [sub(var(f"{TABLE_ID}.Arn") + f"/index/{name}") for name in index_names]
        statements.append(_statement([_QUERY], [get_att(TABLE_ID, "Arn"), *index_arns]))
    return statements


def _stream_statements() -> list[Json]:
    # What the event source mapping needs, as in SAM's DynamoDBStreamReadPolicy: the records of
    # this table's stream, and ListStreams limited to this table's streams.
    return [
        _statement(["dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator"],
                   [get_att(TABLE_ID, "StreamArn")]),
        _statement(["dynamodb:ListStreams"], [sub(var(f"{TABLE_ID}.Arn") + "/stream/*")]),
    ]


def _email_statement() -> Json:
    # SES authorises against the sender's identity (an address or its domain, whichever is verified)
    # and, in the SES sandbox, the recipients' identities too: the condition pins the sender instead.
    return _statement(
        ["ses:SendEmail"],
        [sub("arn:${AWS::Partition}:ses:${AWS::Region}:${AWS::AccountId}:identity/*")],
        condition={"StringEquals": {"ses:FromAddress": ref("MailFrom")}},
    )


def _sentiment_statement() -> Json:
    # Comprehend's detection actions have no resource type to scope to: "*" is the only Resource IAM takes.
    return _statement(["comprehend:DetectSentiment"], "*")


def role_resource(spec: FunctionSpec, log_group_id: str, index_names: list[str],
                  failure_queue_id: str | None = None) -> Json:
    """`AWS::IAM::Role` for `spec`'s function, with its whole policy inline (created before the function)."""
    statements = [
        # The log group is created by the stack (with its retention), so no logs:CreateLogGroup.
        _statement(["logs:CreateLogStream", "logs:PutLogEvents"], [get_att(log_group_id, "Arn")]),
        *_table_statements(spec, index_names),
    ]
    # Active tracing: the function's segments go to X-Ray, which has no resource to scope the actions to.
    statements.append(_statement(["xray:PutTraceSegments", "xray:PutTelemetryRecords"], "*"))
    if spec.reads_stream or spec.operates:
        statements.extend(_stream_statements())
    if spec.operates:
        from infra.ops_role import operator_statements

        statements.extend(operator_statements())
    if failure_queue_id:
        # The event source mapping sends failed-batch records with the function's own role.
        statements.append(_statement(["sqs:SendMessage"], [get_att(failure_queue_id, "Arn")]))
    if spec.sends_email:
        statements.append(_email_statement())
    if spec.detects_sentiment:
        statements.append(_sentiment_statement())
    statements.extend(secret_statements(spec.name))  # its own secrets' parameters, if it reads any
    statements.extend(channel_token_statements(spec.name))  # the channels' tokens, for the API and the sender
    statements.extend(media_statements(spec.name))  # customers' kept files: the consumer writes, the API reads
    return {
        "Type": "AWS::IAM::Role",
        "Properties": {
            "Description": sub(f"Execution role of ${{AWS::StackName}} {spec.name}"),
            "AssumeRolePolicyDocument": {
                "Version": "2012-10-17",
                "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"},
                               "Action": "sts:AssumeRole"}],
            },
            "Policies": [{"PolicyName": spec.name,
                          "PolicyDocument": {"Version": "2012-10-17", "Statement": statements}}],
        },
    }
