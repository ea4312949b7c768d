"""How the table's stream consumers answer Lambda: partial batch failure responses (ReportBatchItemFailures).

Two ways to fail, one per kind of consumer:
- `in_order`: record by record with Powertools' batch processor; the first record that fails is reported
  with every record after it, so Lambda retries from there and the records of one item keep their order.
- `whole_batch`: the batch's records are acted on together; any failure reports them all, to be retried as
  one batch (the consumer makes that safe, e.g. by remembering the sequence numbers it applied).
"""
from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from chalice.app import DynamoDBEvent

from ..logs import logger

if TYPE_CHECKING:
    from aws_lambda_powertools.utilities.data_classes.dynamo_db_stream_event import DynamoDBRecord

    from ..models.streams import StreamChange

BatchResponse = dict[str, list[dict[str, str]]]


def in_order(event: DynamoDBEvent, act: Callable[[StreamChange], None]) -> BatchResponse:
    """Acts on each record's change in order; on the first failure, that record and all after it are failed."""
    from aws_lambda_powertools.utilities.batch import process_partial_response

    from ..models.streams import decode
    from .in_order_processor import InOrderProcessor

    def handle(record: DynamoDBRecord) -> None:
        act(decode(record.raw_event))

    raw = event.to_dict()
    response = process_partial_response(raw, handle, InOrderProcessor(), None)
    failed = len(response["batchItemFailures"])
    logger.info("stream batch applied", extra={"records": len(raw["Records"]) - failed, "failed": failed})
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
