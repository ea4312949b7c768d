"""What invokes the non-HTTP functions: the table's stream and the minute schedule."""
from __future__ import annotations

from infra.cfn import Json, get_att, ref
from infra.table import TABLE_ID

FAILURE_QUEUE_ID = "StreamFailureQueue"
STREAM_MAPPING_ID = "TableStreamMapping"
SCHEDULE_ID = "MinuteSchedule"
SCHEDULE_EXPRESSION = "rate(1 minute)"

# A poison record is retried this often (after bisecting down to it) before it goes to the queue:
# enough to ride out a provider outage of a few minutes without blocking the shard for hours.
STREAM_MAX_RETRIES = 10
STREAM_MAX_RECORD_AGE_SECONDS = 6 * 3600


def stream_resources(function_id: str) -> dict[str, Json]:
    """The on-failure queue and the event source mapping from the table's stream to `function_id`."""
    return {
        FAILURE_QUEUE_ID: {
            "Type": "AWS::SQS::Queue",
            # It holds pointers to stream batches, not data: nothing to keep once the stack is gone.
            "DeletionPolicy": "Delete", "UpdateReplacePolicy": "Delete",
            "Properties": {"MessageRetentionPeriod": 14 * 24 * 3600, "SqsManagedSseEnabled": True},
        },
        STREAM_MAPPING_ID: {
            "Type": "AWS::Lambda::EventSourceMapping",
            "Properties": {
                "EventSourceArn": get_att(TABLE_ID, "StreamArn"),
                "FunctionName": ref(function_id),
                "StartingPosition": "LATEST",
                "BatchSize": 100,
                "MaximumBatchingWindowInSeconds": 1,
                # The handler reports the records it failed; Lambda retries from the first of them
                # instead of replaying the whole batch, and halves a batch that raises.
                "FunctionResponseTypes": ["ReportBatchItemFailures"],
                "BisectBatchOnFunctionError": True,
                "MaximumRetryAttempts": STREAM_MAX_RETRIES,
                "MaximumRecordAgeInSeconds": STREAM_MAX_RECORD_AGE_SECONDS,
                # The queue receives the failed batch's shard and sequence numbers (not the records),
                # so an operator can replay them; the table keeps the data itself.
                "DestinationConfig": {"OnFailure": {"Destination": get_att(FAILURE_QUEUE_ID, "Arn")}},
            },
        },
    }


def schedule_resources(function_id: str) -> dict[str, Json]:
    """The every-minute EventBridge rule, its permission to invoke `function_id`, and no async retries."""
    return {
        SCHEDULE_ID: {
            "Type": "AWS::Events::Rule",
            "Properties": {
                "Description": "Fires due timers: escalations, snooze wake-ups, opening hours",
                "ScheduleExpression": SCHEDULE_EXPRESSION,
                "State": "ENABLED",
                "Targets": [{"Id": "sweep-timers", "Arn": get_att(function_id, "Arn")}],
            },
        },
        f"{function_id}SchedulePermission": {
            "Type": "AWS::Lambda::Permission",
            "Properties": {
                "FunctionName": ref(function_id),
                "Action": "lambda:InvokeFunction",
                "Principal": "events.amazonaws.com",
                "SourceArn": get_att(SCHEDULE_ID, "Arn"),
            },
        },
        f"{function_id}InvokeConfig": {
            # A failed sweep is retried by the next minute's run anyway; Lambda's own async retries
            # would only overlap with it.
            "Type": "AWS::Lambda::EventInvokeConfig",
            "Properties": {
                "FunctionName": ref(function_id),
                "Qualifier": "$LATEST",
                "MaximumRetryAttempts": 0,
                "MaximumEventAgeInSeconds": 60,
            },
        },
    }
