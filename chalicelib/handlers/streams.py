"""Lambda entry point for the table's DynamoDB stream."""
from __future__ import annotations

import os
from typing import Any

from chalice import Blueprint

from ..bootstrap import services
from ..logs import logger

bp = Blueprint(__name__)
# The stream's ARN is known once the table exists; infra/ wires the real mapping.
STREAM_ARN = os.environ.get("COMPTOIR_TABLE_STREAM_ARN",
                            "arn:aws:dynamodb:eu-west-3:000000000000:table/comptoir/stream/local")


@bp.on_dynamodb_record(stream_arn=STREAM_ARN, batch_size=100, starting_position="LATEST")
def handle_table_stream(event: Any) -> dict[str, list[dict[str, str]]]:
    """Applies each record in order, then folds the batch's thread changes into the statistics.

    On the first failure, that record and all after it are reported failed, so Lambda retries from
    there and the order of a thread's messages holds (partial batch response). Every step is
    idempotent (messages carry an `applied` guard, statistics a sequence number per thread).
    """
    from ..models.streams import message_in, thread_in, timer_fired
    from ..services.usecases.statistics import ThreadChange

    c = services()
    records = list(event)
    failed_from = len(records)
    for position, record in enumerate(records):
        try:
            message = message_in(record.new_image)
            if message is not None:
                c.reactions.message_written(message)
            timer = timer_fired(record.event_name, record.old_image)
            if timer is not None:
                c.reactions.timer_fired(timer)
            follow_in_search_and_customers(c, record)
        except Exception:
            logger.exception("stream record failed; retrying from it",
                             extra={"sequence_number": record.sequence_number, "event_id": record.event_id})
            failed_from = position
            break
    try:
        changes = []
        for record in records[:failed_from]:
            new = thread_in(record.new_image)
            if new is not None:
                changes.append(ThreadChange(int(record.sequence_number), thread_in(record.old_image), new))
        c.statistics.observe(changes)
    except Exception:
        logger.exception("statistics of the batch failed; retrying the batch")
        failed_from = 0
    logger.info("stream batch applied", extra={"records": failed_from, "failed": len(records) - failed_from})
    return {"batchItemFailures": [{"itemIdentifier": r.sequence_number} for r in records[failed_from:]]}


def follow_in_search_and_customers(c: Any, record: Any) -> None:
    """The search index and the customer records follow what was written (D3, D7); each step is idempotent:
    a new message's words, the store number a customer wrote to, a thread's place, a customer's name."""
    from ..models.customers import customer_in
    from ..models.streams import message_in, thread_in

    if record.event_name == "INSERT":
        message = message_in(record.new_image)
        if message is not None:
            c.search.message_stored(message)
            c.customers.message_stored(message)
    thread = thread_in(record.new_image)
    if thread is not None:
        c.customers.thread_changed(thread_in(record.old_image), thread)
    before, after = customer_in(record.old_image), customer_in(record.new_image)
    if before is not None or after is not None:
        c.search.customer_changed(before, after)
        c.customers.name_changed(before, after)
