"""How the table's stream consumers answer Lambda: partial batch failure responses (ReportBatchItemFailures).

Two ways to fail, one per kind of consumer:
- `in_order`: record by record with Powertools' batch processor; the first record that fails is reported
  with every record after it, so Lambda retries from there and the records of one item keep their order.
- `whole_batch`: the batch's records are acted on together; any failure reports them all, to be retried as
  one batch (the consumer makes that safe, e.g. by remembering the sequence numbers it applied).
"""
from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from aws_lambda_powertools.utilities.batch import (
    BatchProcessor,
    EventType,
    ExceptionInfo,
    FailureResponse,
    SuccessResponse,
    process_partial_response,
)
from aws_lambda_powertools.utilities.data_classes.dynamo_db_stream_event import DynamoDBRecord
from chalice.app import DynamoDBEvent

from ..logs import logger

if TYPE_CHECKING:
    from ..models.streams import StreamChange

BatchResponse = dict[str, list[dict[str, str]]]


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
                                "event_id": record.event_id})
        return super().failure_handler(record, exception)


def in_order(event: DynamoDBEvent, act: Callable[[StreamChange], None]) -> BatchResponse:
    """Acts on each record's change in order; on the first failure, that record and all after it are failed."""
    from ..models.streams import decode

    def handle(record: DynamoDBRecord) -> None:
        act(decode(record.raw_event))

    response = process_partial_response(event.to_dict(), handle, InOrderProcessor(), None)
    failed = len(response["batchItemFailures"])
    logger.info("stream batch applied", extra={"records": len(event.to_dict()["Records"]) - failed, "failed": failed})
    return {"batchItemFailures": [{"itemIdentifier": str(f["itemIdentifier"])} for f in response["batchItemFailures"]]}


def whole_batch(event: DynamoDBEvent, act: Callable[[list[StreamChange]], None]) -> BatchResponse:
    """Acts on all the batch's changes at once; if that fails, every record is reported failed."""
    from ..models.streams import decode

    records = event.to_dict()["Records"]
    try:
        act([decode(record) for record in records])
    except Exception:
        logger.exception("stream batch failed; retrying all of it", extra={"records": len(records)})
        return {"batchItemFailures": [{"itemIdentifier": str(r["dynamodb"]["SequenceNumber"])} for r in records]}
    logger.info("stream batch applied", extra={"records": len(records), "failed": 0})
    return {"batchItemFailures": []}
