"""What invokes the non-HTTP functions: the table's stream (one mapping per consumer) and the minute schedule."""
from __future__ import annotations

from dataclasses import dataclass

from infra.cfn import Json, get_att, ref
from infra.functions import OUTBOUND, SEARCH, STATISTICS, FunctionSpec
from infra.table import TABLE_ID

SCHEDULE_ID = "MinuteSchedule"
SCHEDULE_EXPRESSION = "rate(1 minute)"

# A poison record is retried this often (after bisecting down to it) before it goes to the queue:
# enough to ride out a provider outage of a few minutes without blocking the shard for hours.
STREAM_MAX_RETRIES = 10
STREAM_MAX_RECORD_AGE_SECONDS = 6 * 3600
PARALLEL_BATCHES = 4


@dataclass(frozen=True)
class StreamMapping:
    """One consumer of the table's stream: its function, how it is fed, and what is late when it lags."""
    function: FunctionSpec
    late: str  # what users miss while this consumer lags (alarm text)
    batch_size: int = 100
    batching_window_seconds: int = 1
    # Concurrent batches per shard, split by partition key (a thread's records stay in order): a burst of
    # customers is applied side by side instead of one after another. The statistics stay at one: their
    # batches all add to the same day counters, which concurrent transactions would fight over.
    parallelization_factor: int = 1
    max_retries: int = STREAM_MAX_RETRIES
    max_record_age_seconds: int = STREAM_MAX_RECORD_AGE_SECONDS

    @property
    def mapping_id(self) -> str:
        return f"{self.function.logical_id}Mapping"

    @property
    def queue_id(self) -> str:
        return f"{self.function.logical_id}FailureQueue"


STREAM_MAPPINGS: tuple[StreamMapping, ...] = (
    # No batching window for what a customer and an agent wait for: a message reaches its thread, and a
    # reply goes out, as soon as the stream has it. Statistics and search gather for a second: fewer writes.
    StreamMapping(OUTBOUND, late="customer messages reach their threads late, replies and notifications go out late",
                  parallelization_factor=PARALLEL_BATCHES, batching_window_seconds=0),
    StreamMapping(STATISTICS, late="statistics are behind"),
    StreamMapping(SEARCH, late="search and customer records are behind", parallelization_factor=PARALLEL_BATCHES),
)


def stream_resources(mapping: StreamMapping) -> dict[str, Json]:
    """The consumer's on-failure queue and its event source mapping from the table's stream."""
    return {
        mapping.queue_id: {
            "Type": "AWS::SQS::Queue",
            # It holds pointers to stream batches, not data: nothing to keep once the stack is gone.
            "DeletionPolicy": "Delete", "UpdateReplacePolicy": "Delete",
            "Properties": {"MessageRetentionPeriod": 14 * 24 * 3600, "SqsManagedSseEnabled": True},
        },
        mapping.mapping_id: {
            "Type": "AWS::Lambda::EventSourceMapping",
            "Properties": {
                "EventSourceArn": get_att(TABLE_ID, "StreamArn"),
                "FunctionName": ref(mapping.function.logical_id),
                "StartingPosition": "LATEST",
                "BatchSize": mapping.batch_size,
                "MaximumBatchingWindowInSeconds": mapping.batching_window_seconds,
                "ParallelizationFactor": mapping.parallelization_factor,
                # The handler reports the records it failed; Lambda retries from the first of them
                # instead of replaying the whole batch, and halves a batch that raises.
                "FunctionResponseTypes": ["ReportBatchItemFailures"],
                "BisectBatchOnFunctionError": True,
                "MaximumRetryAttempts": mapping.max_retries,
                "MaximumRecordAgeInSeconds": mapping.max_record_age_seconds,
                # The queue receives the failed batch's shard and sequence numbers (not the records),
                # so an operator can replay them; the table keeps the data itself.
                "DestinationConfig": {"OnFailure": {"Destination": get_att(mapping.queue_id, "Arn")}},
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
