"""Lambda entry points on the table's DynamoDB stream: one consumer per concern, each failing on its own.

Each has its own event source mapping (infra/), so a failing consumer retries only its own records and
never holds back another: a statistics outage does not delay the messages customers wait for.
"""
from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from chalice import Blueprint
from chalice.app import DynamoDBEvent

from ..runtime import services
from .stream_batches import BatchResponse, flushed, in_order, whole_batch

if TYPE_CHECKING:
    from ..models.streams import StreamChange

bp = Blueprint(__name__)
# The kinds of item each consumer acts on; it passes over the records of every other kind without decoding them.
OUTBOUND_KINDS = frozenset({"message", "thread", "timer", "notification"})  # with what its figures and logs read
STATISTICS_KINDS = frozenset({"thread"})
SEARCH_KINDS = frozenset({"message", "thread", "customer"})
# The stream's ARN is known once the table exists; infra/ wires the real mappings.
STREAM_ARN = os.environ.get("COMPTOIR_TABLE_STREAM_ARN",
                            "arn:aws:dynamodb:eu-west-3:000000000000:table/comptoir/stream/local")


@bp.on_dynamodb_record(stream_arn=STREAM_ARN, batch_size=100, starting_position="LATEST")
def handle_outbound_stream(event: DynamoDBEvent) -> BatchResponse:
    """Puts customer messages on their threads, sends queued messages, fires claimed timers, and notifies.

    In order: a thread's messages must be applied and sent in the order they were written. Every step
    is idempotent (messages carry an `applied` guard), as Lambda delivers at least once.
    """
    from ..services.usecases.conversations.receive import lookups_per_batch
    from .observed import observe

    c = services()
    reactions, media = c.reactions, c.media

    def react(change: StreamChange) -> None:
        if change.message is not None:
            reactions.message_written(change.message)
            if media is not None:  # a customer's files, once the message is on its thread
                media.keep(change.message)
        if change.timer_fired is not None:
            reactions.timer_fired(change.timer_fired)
            c.channel_accounts.timer_fired(change.timer_fired)  # a step of a connected account's history import
        if change.thread_after is not None:
            reactions.thread_changed(change.thread_before, change.thread_after)

    try:  # the business figures: every fact they count is a write this consumer sees
        with lookups_per_batch():  # the stores and agents, read once for the batch's messages
            return in_order(event, react, lambda raw, change: observe(c.metrics, raw, change), OUTBOUND_KINDS,
                            prepare=lambda changes: reactions.batch_written(
                                [change.message for change in changes if change.message is not None]))
    finally:
        c.metrics.flush()  # once per invocation, failed or not: what was acted on is counted


@bp.on_dynamodb_record(stream_arn=STREAM_ARN, batch_size=100, starting_position="LATEST")
def handle_statistics_stream(event: DynamoDBEvent) -> BatchResponse:
    """Folds the batch's thread changes into the statistics, all at once; a failure retries the whole batch,
    which counts nothing twice (the facts of a thread remember the last sequence number applied)."""
    from ..services.usecases.statistics import ThreadChange

    statistics = services().statistics

    def observe(changes: list[StreamChange]) -> None:
        statistics.observe([ThreadChange(int(c.sequence_number), c.thread_before, c.thread_after)
                            for c in changes if c.thread_after is not None])

    return whole_batch(event, observe, STATISTICS_KINDS)


@bp.on_dynamodb_record(stream_arn=STREAM_ARN, batch_size=100, starting_position="LATEST")
def handle_search_stream(event: DynamoDBEvent) -> BatchResponse:
    """The search index and the customer records follow what was written, in order (a customer's name
    changes are applied as they happened)."""
    from ..services.usecases.search_batch import SearchBatch

    c = services()
    batch = SearchBatch(c.search, c.customers)  # links and words written together, once the batch is applied
    first_held: list[str] = []  # the first record whose writes wait for the flush

    def follow(change: StreamChange) -> None:
        if change.customer_before is not None or change.customer_after is not None:
            batch.flush()  # a name change reads the customer's links: it must find the batch's
        follow_in_search_and_customers(batch, change)
        if batch.pending and not first_held:
            first_held.append(change.sequence_number)

    response = in_order(event, follow, kinds=SEARCH_KINDS, prepare=lambda changes: batch.read_ahead(
        [c.thread_after for c in changes if c.thread_before is None and c.thread_after is not None]))
    return flushed(event, response, batch.flush, first_held[0] if first_held else None)


def follow_in_search_and_customers(c: Any, change: StreamChange) -> None:
    """Each step is idempotent: a new message's words, the store number a customer wrote to, a thread's
    place, a customer's name."""
    if change.event_name == "INSERT" and change.message is not None:
        c.search.message_stored(change.message)
    if change.message_applied and change.message is not None:
        # Noted when the message goes on its thread: that write also creates a new customer's thread, whose
        # record comes in the same batch, so the customer's link is written once with both.
        c.customers.message_stored(change.message)
    if change.thread_after is not None:
        c.customers.thread_changed(change.thread_before, change.thread_after)
    if change.customer_before is not None or change.customer_after is not None:
        c.search.customer_changed(change.customer_before, change.customer_after)
        c.customers.name_changed(change.customer_before, change.customer_after)
