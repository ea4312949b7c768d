"""How the table's stream consumers answer Lambda: partial batch failure responses (ReportBatchItemFailures).

Two ways to fail, one per kind of consumer:
- `in_order`: record by record with Powertools' batch processor; the first record that fails is reported
  with every record after it, so Lambda retries from there and the records of one item keep their order.
- `whole_batch`: the batch's records are acted on together; any failure reports them all, to be retried as
  one batch (the consumer makes that safe, e.g. by remembering the sequence numbers it applied).
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from chalice.app import DynamoDBEvent

from ..correlation import correlated
from ..logs import logger, with_lambda_context
from .observed import record_correlation, written_correlation

if TYPE_CHECKING:
    from aws_lambda_powertools.utilities.data_classes.dynamo_db_stream_event import DynamoDBRecord

    from ..models.streams import StreamChange

BatchResponse = dict[str, list[dict[str, str]]]


def in_order(event: DynamoDBEvent, act: Callable[[StreamChange], None],
             then: Callable[[Mapping[str, Any], StreamChange], None] | None = None) -> BatchResponse:
    """Acts on each record's change in order; on the first failure, that record and all after it are failed.

    Each record is handled under the correlation id its item was written with; `then` follows a record acted
    on (what it adds to the figures)."""
    from aws_lambda_powertools.utilities.batch import process_partial_response

    from ..models.streams import decode
    from .in_order_processor import InOrderProcessor

    with_lambda_context(event.context)

    def handle(record: DynamoDBRecord) -> None:
        with correlated(record_correlation(record.raw_event)):
            change = decode(record.raw_event)
            act(change)
            if then is not None:
                then(record.raw_event, change)

    raw = event.to_dict()
    response = process_partial_response(raw, handle, InOrderProcessor(), None)
    failed = len(response["batchItemFailures"])
    logger.info("stream batch applied", extra={"records": len(raw["Records"]) - failed, "failed": failed})
    return {"batchItemFailures": [{"itemIdentifier": str(f["itemIdentifier"])} for f in response["batchItemFailures"]]}


def whole_batch(event: DynamoDBEvent, act: Callable[[list[StreamChange]], None]) -> BatchResponse:
    """Acts on all the batch's changes at once; if that fails, every record is reported failed."""
    from ..models.streams import decode

    with_lambda_context(event.context)
    records = event.to_dict()["Records"]
    # Acted on together: the batch's log lines name every correlation id it holds.
    ids = sorted({i for i in map(written_correlation, records) if i})
    try:
        act([decode(record) for record in records])
    except Exception:
        logger.exception("stream batch failed; retrying all of it", extra={"records": len(records),
                                                                          "correlation_ids": ids})
        return {"batchItemFailures": [{"itemIdentifier": str(r["dynamodb"]["SequenceNumber"])} for r in records]}
    logger.info("stream batch applied", extra={"records": len(records), "failed": 0, "correlation_ids": ids})
    return {"batchItemFailures": []}


def flushed(event: DynamoDBEvent, response: BatchResponse, flush: Callable[[], None],
            first_held: str | None) -> BatchResponse:
    """`response` once `flush` wrote what the records acted on held back; if it fails, the records from the first
    of them (`first_held`, a sequence number) are reported failed too, so Lambda retries them."""
    try:
        flush()
    except Exception:
        records = [str(r["dynamodb"]["SequenceNumber"]) for r in event.to_dict()["Records"]]
        failed = {f["itemIdentifier"] for f in response["batchItemFailures"]}
        start = min([records.index(first_held)] if first_held in records else [0])
        start = min([start, *(records.index(s) for s in failed if s in records)])
        logger.exception("stream batch's writes failed; retrying from the first record they held",
                         extra={"records": len(records) - start})
        return {"batchItemFailures": [{"itemIdentifier": s} for s in records[start:]]}
    return response
