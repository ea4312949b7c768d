"""DynamoDB's refusal of a write whose condition did not hold, recognised in one place.

Repositories turn it into a domain error (or a `False`) right where they wrote; everything else
is a real failure and propagates.
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from pynamodb.exceptions import PynamoDBException

CONDITION_FAILED = "ConditionalCheckFailedException"  # the error code of a single write
CANCELLED_BY_CONDITION = "ConditionalCheckFailed"  # the cancellation reason of a transaction's item


def condition_failed(error: PynamoDBException) -> bool:
    """True when DynamoDB refused the write because its condition did not hold."""
    return error.cause_response_code == CONDITION_FAILED


@contextmanager
def unless_condition_fails(error: Exception) -> Iterator[None]:
    """Runs the write; a failed condition raises `error` instead (any other failure propagates)."""
    try:
        yield
    except PynamoDBException as failure:
        if condition_failed(failure):
            raise error from None
        raise
