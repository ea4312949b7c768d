"""Only the outbound stream consumer, which puts customer messages on their threads, may call Comprehend."""
from __future__ import annotations

from tests.infra.test_template import (
    OUTBOUND_HANDLER,
    SEARCH_HANDLER,
    STATISTICS_HANDLER,
    Template,
    as_list,
    function_id_by_handler,
    role_statements,
)


def _actions(built: Template, handler: str) -> set[str]:
    return {a for s in role_statements(built, function_id_by_handler(built, handler))
            for a in as_list(s["Action"])}


def test_the_outbound_consumer_may_detect_sentiment_and_no_other_function_may(template: Template) -> None:  # noqa: F811
    assert "comprehend:DetectSentiment" in _actions(template, OUTBOUND_HANDLER)
    for handler in ("app.app", STATISTICS_HANDLER, SEARCH_HANDLER):
        assert not {a for a in _actions(template, handler) if a.startswith("comprehend:")}
