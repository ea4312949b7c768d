"""Powertools' batch processor for DynamoDB streams, stopping at the first failure as its SQS FIFO processor does.

Imported only when a stream batch arrives: Powertools' batch utilities cost a cold start of the API about 30 ms.
"""
from __future__ import annotations

from typing import Any

from aws_lambda_powertools.utilities.batch import (
    BatchProcessor,
    EventType,
    ExceptionInfo,
    FailureResponse,
    SuccessResponse,
)
from aws_lambda_powertools.utilities.data_classes.dynamo_db_stream_event import DynamoDBRecord

from ..logs import logger
from .observed import record_correlation


class _EarlierRecordFailed(Exception):
    """Stands for the records after a failed one: not attempted, reported failed to keep the order."""


class InOrderProcessor(BatchProcessor):
    """Powertools' DynamoDB stream processor that stops at the first failure, as its SQS FIFO processor does."""

    def __init__(self) -> None:
        # Reporting every record failed (rather than raising) lets Lambda retry without bisecting.
        super().__init__(EventType.DynamoDBStreams, raise_on_entire_batch_failure=False)

    def _process_record(self, record: dict[str, Any]) -> SuccessResponse | FailureResponse:
        if self.fail_messages:
            skipped = _EarlierRecordFailed("a previous record of the batch failed")
            return self.failure_handler(DynamoDBRecord(record), (_EarlierRecordFailed, skipped, None))
        return super()._process_record(record)

    def failure_handler(self, record: DynamoDBRecord, exception: ExceptionInfo) -> FailureResponse:
        if exception[0] is not _EarlierRecordFailed:
            logger.error("stream record failed; retrying from it", exc_info=exception[1],
                         extra={"sequence_number": record.dynamodb.sequence_number if record.dynamodb else None,
                                "event_id": record.event_id, "correlation_id": record_correlation(record.raw_event)})
        return super().failure_handler(record, exception)
