"""What the schemathesis run needs beyond the published schema (loaded by name through SCHEMATHESIS_HOOKS).

Each hook says which rule of the API JSON Schema cannot express; none hides a failure of a check."""
from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import schemathesis

MAX_DAYS = 366
# The request schema's pattern for a time: a value matching it is one the run means to be valid.
DATE_TIME = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})$")


@schemathesis.hook("map_query").apply_to(path_regex=r"^/v1/stats")
def period_in_order(ctx, query):  # type: ignore[no-untyped-def]
    """A period is `from` then `to`, at most 366 days: a rule across two parameters, out of JSON Schema's reach.
    Two valid dates out of order (or too far apart) become a one-day period; anything else is left as drawn."""
    try:
        start, end = date.fromisoformat(query["from"]), date.fromisoformat(query["to"])
    except (KeyError, TypeError, ValueError):
        return query
    if not start <= end <= start + timedelta(days=MAX_DAYS - 1):
        query["to"] = query["from"]
    return query


@schemathesis.hook("map_body").apply_to(path_regex=r"/snooze$")
def until_in_future(ctx, body):  # type: ignore[no-untyped-def]
    """A snooze ends in the future (and in a year Python's calendar has, not 0000), which a schema cannot say:
    a well-formed time outside that is moved a year on from now (the run never moves the clock)."""
    if not isinstance(body, dict) or not isinstance(body.get("until"), str) or not DATE_TIME.match(body["until"]):
        return body
    later = datetime.now(UTC) + timedelta(days=1)
    try:
        in_future = datetime.fromisoformat(body["until"].replace("Z", "+00:00")) > later
    except ValueError:
        in_future = False
    if not in_future:
        body["until"] = (later + timedelta(days=365)).strftime("%Y-%m-%dT%H:%M:%SZ")
    return body


@schemathesis.hook
def before_call(ctx, case, **kwargs):  # type: ignore[no-untyped-def]
    """A cursor is only ever one the server gave with the page before (it is opaque): a drawn one is dropped in
    every phase, so the first page is asked for (a drawn cursor is refused with 400, as tests/functional shows)."""
    if isinstance(case.query, dict):
        case.query.pop("cursor", None)


@schemathesis.hook("map_query").apply_to(path_regex=r"^/v1/threads$")
def store_or_group(ctx, query):  # type: ignore[no-untyped-def]
    """The inbox is filtered by a store or by a store group, not both: a rule across two parameters."""
    if isinstance(query, dict) and query.get("store_id") and query.get("group_id"):
        query.pop("group_id")
    return query


@schemathesis.hook("map_query").apply_to(path_regex=r"^/v1/audit$")
def times_in_order(ctx, query):  # type: ignore[no-untyped-def]
    """`from` comes before `to`, a rule across two parameters: two times out of order are swapped. A time RFC 3339
    allows but no calendar holds (year 0000, a leap second) is dropped, as for a snooze."""
    if not isinstance(query, dict):
        return query
    times = {}
    for name in ("from", "to"):
        if isinstance(query.get(name), str):
            try:
                times[name] = datetime.fromisoformat(query[name].replace("Z", "+00:00"))
            except ValueError:
                query.pop(name)
    if len(times) == 2 and times["from"] > times["to"]:
        query["from"], query["to"] = query["to"], query["from"]
    return query
