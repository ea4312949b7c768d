"""Statistics: indicators per period against the previous one, top stores, real time."""
from __future__ import annotations

from datetime import date

from chalice import Blueprint, Response

from ..runtime import services
from ..services.domain.errors import InvalidInput
from ..services.domain.reports import parse_channels
from .http import current_agent, json_response, query, route

bp = Blueprint(__name__)


def _date(name: str) -> date:
    value = query(bp).get(name)
    if not value:
        raise InvalidInput.field(name, "a date, YYYY-MM-DD (in the stores' time zone)")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidInput.field(name, f"'{value}' is not a date YYYY-MM-DD") from None


def _store_ids() -> list[str] | None:
    raw = query(bp).get("store_ids", "")
    return [s for s in raw.split(",") if s] or None


def _channels() -> frozenset[str] | None:
    """The `channels=sms,messenger` choice: those channels' conversations only; absent or empty: every channel."""
    return parse_channels(query(bp).get("channels"))


@route(bp, "/v1/stats", "GET", "Every indicator for stores and dates, with the previous period (I1-I14)")
def stats():  # type: ignore[no-untyped-def]
    agent = current_agent(bp)
    return json_response(services().statistics.report(agent, _store_ids(), _date("from"), _date("to"),
                                                              _channels()))


@route(bp, "/v1/stats/top-stores", "GET", "Stores ranked by an indicator (I12)")
def top_stores():  # type: ignore[no-untyped-def]
    agent = current_agent(bp)
    metric = query(bp).get("metric") or "conversations"
    channels = _channels()
    rows = services().statistics.top_stores(agent, _date("from"), _date("to"), metric, channels)
    return json_response({"metric": metric, "channels": sorted(channels) if channels else None, "items": rows,
                          "next_cursor": None})


@route(bp, "/v1/stats/top-stores.csv", "GET", "The whole ranking as CSV (UTF-8, header row)",
       responses={200: "text/csv"})
def top_stores_csv():  # type: ignore[no-untyped-def]
    agent = current_agent(bp)
    metric = query(bp).get("metric") or "conversations"
    text = services().statistics.top_stores_csv(agent, _date("from"), _date("to"), metric, _channels())
    return Response(body=text, status_code=200, headers={
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": 'attachment; filename="top-stores.csv"'})


@route(bp, "/v1/stats/realtime", "GET", "Customers waiting now by wait, and colleagues connected today (I15)")
def realtime():  # type: ignore[no-untyped-def]
    return json_response(services().statistics.realtime(current_agent(bp), _store_ids()))
