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


def of_kinds(records: list[dict[str, Any]], kinds: frozenset[str] | None) -> list[dict[str, Any]]:
    """The records of an item of one of `kinds` (either image's), all of them when `kinds` is None: a consumer
    passes over the items it never acts on (search postings, counters...) without decoding them."""
    if kinds is None:
        return records
    return [r for r in records if _kinds(r) & kinds]


def _kinds(record: Mapping[str, Any]) -> set[str]:
    data = record.get("dynamodb") or {}
    return {str(image["kind"].get("S")) for image in (data.get("NewImage"), data.get("OldImage"))
            if isinstance(image, Mapping) and isinstance(image.get("kind"), Mapping)}


def in_order(event: DynamoDBEvent, act: Callable[[StreamChange], None],
             then: Callable[[Mapping[str, Any], StreamChange], None] | None = None,
             kinds: frozenset[str] | None = None,
             prepare: Callable[[list[StreamChange]], None] | None = None) -> BatchResponse:
    """Acts on each record's change in order; on the first failure, that record and all after it are failed.

    Each record is handled under the correlation id its item was written with; `then` follows a record acted
    on (what it adds to the figures). With `kinds`, only the records of those kinds of item are acted on: the
    others succeed as they are (a failure before them still reports them, as it resumes from there).
    `prepare` is given every change first (to read at once what acting on them needs); if it fails, each
    record is acted on as without it."""
    from aws_lambda_powertools.utilities.batch import process_partial_response

    from ..models.streams import decode
    from .in_order_processor import InOrderProcessor

    with_lambda_context(event.context)
    raw = event.to_dict()
    records = raw["Records"]
    wanted = of_kinds(records, kinds)
    decoded = _prepared(wanted, prepare)

    def handle(record: DynamoDBRecord) -> None:
        with correlated(record_correlation(record.raw_event)):
            change = decoded.get(str(record.raw_event["dynamodb"]["SequenceNumber"])) or decode(record.raw_event)
            act(change)
            if then is not None:
                then(record.raw_event, change)

    if not wanted:
        logger.info("stream batch applied", extra={"records": len(records), "failed": 0})
        return {"batchItemFailures": []}
    response = process_partial_response({**raw, "Records": wanted}, handle, InOrderProcessor(), None)
    failed = [str(f["itemIdentifier"]) for f in response["batchItemFailures"]]
    if failed:  # the records passed over after the first failure are retried with it: report them too
        sequences = [str(r["dynamodb"]["SequenceNumber"]) for r in records]
        failed = sequences[min(sequences.index(f) for f in failed if f in sequences):] \
            if any(f in sequences for f in failed) else failed
    logger.info("stream batch applied", extra={"records": len(records) - len(failed), "failed": len(failed)})
    return {"batchItemFailures": [{"itemIdentifier": f} for f in failed]}


def _prepared(records: list[dict[str, Any]], prepare: Callable[[list[StreamChange]], None] | None,
              ) -> dict[str, StreamChange]:
    """The records' changes by sequence number, once `prepare` has seen them all; nothing without `prepare`. A
    record that does not decode, or a `prepare` that fails, is left to the record-by-record path."""
    from ..models.streams import decode

    if prepare is None or not records:
        return {}
    decoded: dict[str, StreamChange] = {}
    for record in records:
        try:
            decoded[str(record["dynamodb"]["SequenceNumber"])] = decode(record)
        except Exception:  # noqa: BLE001 - reported when that record is acted on, in its turn
            continue
    try:
        prepare(list(decoded.values()))
    except Exception:
        logger.warning("stream batch's reads ahead failed; each record reads what it needs", exc_info=True)
    return decoded


def whole_batch(event: DynamoDBEvent, act: Callable[[list[StreamChange]], None],
                kinds: frozenset[str] | None = None) -> BatchResponse:
    """Acts on all the batch's changes at once (of the records of `kinds` of item, when given); if that fails,
    every record is reported failed."""
    from ..models.streams import decode

    with_lambda_context(event.context)
    records = event.to_dict()["Records"]
    # Acted on together: the batch's log lines name every correlation id it holds.
    ids = sorted({i for i in map(written_correlation, records) if i})
    try:
        act([decode(record) for record in of_kinds(records, kinds)])
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
