"""What the outbound stream consumer observes of each record it acted on: one log line for what happened (a
customer's message applied, an agent notified, a message queued, sent or failed, an escalation step) and the
business figures, all under the correlation id the record's item was written with.

Read from the record's images once the record was acted on: a record retried after a failure is logged and
counted when it finally goes through. Messages and notifications are read straight from their attributes (a few
are needed), threads through the stream's decoder.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ..adapters.metrics import Figure, Figures
from ..logs import logger

if TYPE_CHECKING:
    from ..models.streams import StreamChange
    from ..services.domain import Thread

Image = Mapping[str, Any]
SENT = ("sent", "delivered")
NOT_YET_SENT = (None, "queued", "sending")


def record_correlation(raw: Mapping[str, Any]) -> str:
    """The correlation id the record's item was written under, else one of the record's own."""
    return written_correlation(raw) or f"stream-{raw.get('eventID', '')}"


def written_correlation(raw: Mapping[str, Any]) -> str | None:
    """The correlation id the record's item was written under (None for items that carry none: counters,
    statistics, search postings)."""
    new, old = _images(raw)
    return _attribute(new, "correlation_id") or _attribute(old, "correlation_id")


def observe(figures: Figures, raw: Mapping[str, Any], change: StreamChange) -> None:
    """Logs what the record shows happened and adds its figures."""
    _log(raw, change)
    for figure in message_figures(raw) + thread_figures(change.thread_before, change.thread_after):
        figures.add(figure)


def message_figures(raw: Mapping[str, Any]) -> list[Figure]:
    """A customer's message stored; an outgoing one accepted by its provider (automatic or not), or failed."""
    new, old = _images(raw)
    if _attribute(new, "kind") != "message":
        return []
    channel = _attribute(new, "channel")
    if _attribute(new, "direction") == "in":
        return [Figure("MessagesIn", 1, channel=channel)] if raw.get("eventName") == "INSERT" else []
    before, after = _attribute(old, "status"), _attribute(new, "status")
    if after in SENT and before in NOT_YET_SENT:
        out = [Figure("MessagesOut", 1, channel=channel)]
        if _attribute(new, "author") == "auto":
            out.append(Figure("AutomaticMessagesSent", 1, channel=channel))
        return out
    if after == "failed" and before != "failed":
        return [Figure("SendsFailed", 1, channel=channel)]
    return []


def thread_figures(before: Thread | None, after: Thread | None) -> list[Figure]:
    """An escalation step (and how long the customer had waited if nobody could be told); an agent's first
    answer to a waiting customer."""
    if after is None:
        return []
    out: list[Figure] = []
    if _escalation_step(before, after):
        out.append(Figure("EscalationSteps", 1, channel=after.channel))
        step = after.escalation
        if step is not None and step.agent_id is None and after.status == "waiting" and after.waiting_since:
            # The step fell due (in the store's open time) and no agent could be told: the customer waits alone.
            waited = max(0.0, (step.since - after.waiting_since).total_seconds())
            out.append(Figure("UnattendedWaitSeconds", waited, "Seconds", channel=after.channel))
    answered = after.last_agent_message_at
    if (before is not None and before.status == "waiting" and before.waiting_since is not None
            and answered is not None and answered != before.last_agent_message_at):
        waited = max(0.0, (answered - before.waiting_since).total_seconds())
        out.append(Figure("FirstResponseSeconds", waited, "Seconds", channel=after.channel))
    return out


def _escalation_step(before: Thread | None, after: Thread) -> bool:
    """The thread's escalation started or moved to its next step."""
    step = after.escalation
    return step is not None and (before is None or before.escalation is None or before.escalation.step != step.step
                                 or before.contact_id != after.contact_id)


def _log(raw: Mapping[str, Any], change: StreamChange) -> None:
    """One line per fact worth finding again: the correlation id is on it already."""
    new, old = _images(raw)
    kind, inserted = _attribute(new, "kind"), raw.get("eventName") == "INSERT"
    if kind == "notification" and inserted:
        logger.info("agent notified", extra=_fields(new, "agent_id", "notification_kind", "thread_id"))
    elif kind == "message":
        _log_message(new, old, inserted)
    after = change.thread_after
    if after is not None and after.escalation is not None and _escalation_step(change.thread_before, after):
        logger.info("escalation step", extra={"thread_id": after.id, "step": after.escalation.step,
                                              "agent_id": after.escalation.agent_id, "status": after.status})


def _log_message(new: Image | None, old: Image | None, inserted: bool) -> None:
    """A customer's message put on its thread; an outgoing one queued, then its provider's answer."""
    details = _fields(new, "channel", "thread_id", "message_id", "author")
    before, after = _attribute(old, "status"), _attribute(new, "status")
    if _attribute(new, "direction") == "in":
        if inserted:
            logger.info("customer message applied", extra=details)
    elif inserted and after == "queued":
        logger.info("outgoing message queued", extra=details)
    elif before != after and before in NOT_YET_SENT and after in SENT:
        logger.info("message sent", extra={**details, "status": after, "provider_id": _attribute(new, "provider_id")})
    elif before != after and before in NOT_YET_SENT and after == "failed":
        logger.warning("message send failed", extra={**details, "error": _attribute(new, "error")})


def _images(raw: Mapping[str, Any]) -> tuple[Image | None, Image | None]:
    data = raw.get("dynamodb") or {}
    return data.get("NewImage"), data.get("OldImage")


def _fields(image: Image | None, *names: str) -> dict[str, str | None]:
    return {name: _attribute(image, name) for name in names}


def _attribute(image: Image | None, name: str) -> str | None:
    """A string attribute of a stream image, None when absent."""
    value = (image or {}).get(name)
    return str(value["S"]) if isinstance(value, Mapping) and "S" in value else None
