"""Structured JSON logs with a correlation id, through Powertools for AWS Lambda."""
from __future__ import annotations

from typing import Any

from aws_lambda_powertools import Logger

logger = Logger(service="comptoir")

_cold_start = True


def with_lambda_context(context: Any) -> None:
    """The invocation's Lambda context on every log line (function, request id, memory, cold start), as
    Powertools' `inject_lambda_context` adds it; entry points call it first. Nothing without a Lambda context
    (the local stage's pump and gateway)."""
    global _cold_start
    if context is None or not hasattr(context, "aws_request_id"):
        return
    from aws_lambda_powertools.logging.lambda_context import build_lambda_context_model

    cold_start, _cold_start = _cold_start, False
    # Per thread (a context variable): the local stage serves several invocations at once.
    logger.thread_safe_append_keys(cold_start=cold_start, **build_lambda_context_model(context).__dict__)
