"""The sandbox's twin of Meta's Conversations API: every page (or Instagram account) has the same small history,
so a demo shows an import at once: three conversations, one of them longer than a page of messages."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

# (customer suffix, name, how many messages): the last is longer than the 100 messages of a page.
PEOPLE = (("01", "Camille Martin", 3), ("02", "Jules Petit", 4), ("03", "Inès Moreau", 130))
START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # fixed: importing again finds the very same messages
LINES = ("Bonjour, vous avez encore la veste bleue en M ?", "Oui, en boutique jusqu'à samedi.",
         "Parfait, je passe demain.", "Merci, à bientôt !")


def _customer(account: str, suffix: str) -> str:
    return f"{account}77{suffix}"  # digits only, like Meta's scoped ids, and distinct for every account


def _messages(account: str, suffix: str, count: int, start: datetime) -> list[dict[str, Any]]:
    """Newest first, as Meta answers; the customer writes first, then turns alternate."""
    customer = _customer(account, suffix)
    found = []
    for n in range(count):
        author = customer if n % 2 == 0 else account
        found.append({"id": f"m_hist_{account}_{suffix}_{n:03d}", "message": f"{LINES[n % len(LINES)]} ({n + 1})",
                      "created_time": (start + timedelta(minutes=7 * n)).strftime("%Y-%m-%dT%H:%M:%S+0000"),
                      "from": {"id": author}, "to": {"data": [{"id": account if author == customer else customer}]}})
    return list(reversed(found))


def _page(items: list[Any], after: str | None, limit: int) -> dict[str, Any]:
    """Cursor paging as Meta's: `cursors.after` always, `next` only when a further page exists."""
    start = int(after) if after and after.isdigit() else 0
    page = items[start:start + limit]
    paging: dict[str, Any] = {"cursors": {"before": str(start), "after": str(start + len(page))}}
    if start + limit < len(items):
        paging["next"] = f"sandbox://next?after={start + len(page)}"
    return {"data": page, "paging": paging}


def answer(path: str, params: dict[str, str]) -> dict[str, Any] | None:
    """The twin's answer to a GET of the Conversations API; None for any other path."""
    limit = int(params.get("limit", "25") or 25)
    account, _, edge = path.strip("/").partition("/")
    if edge == "conversations":
        conversations = []
        for index, (suffix, name, count) in enumerate(PEOPLE):
            messages = _messages(account, suffix, count, START + timedelta(days=index))
            conversations.append({"id": f"t_{account}_{suffix}", "updated_time": messages[0]["created_time"],
                                  "participants": {"data": [{"id": _customer(account, suffix), "name": name},
                                                            {"id": account, "name": "Sandbox page"}]},
                                  "messages": _page(messages, None, _nested_limit(params.get("fields", "")))})
        return _page(conversations, params.get("after"), limit)
    if edge == "messages" and account.startswith("t_"):
        _, owner, suffix = account.split("_", 2)
        people = {p[0]: p for p in PEOPLE}
        if suffix not in people:
            return {"data": [], "paging": {"cursors": {}}}
        index = list(people).index(suffix)
        messages = _messages(owner, suffix, people[suffix][2], START + timedelta(days=index))
        return _page(messages, params.get("after"), limit)
    return None


def _nested_limit(fields: str) -> int:
    """The `messages.limit(n)` of a fields expression (Meta's default is 25)."""
    marker = "messages.limit("
    if marker not in fields:
        return 25
    digits = fields.split(marker, 1)[1].split(")", 1)[0]
    return int(digits) if digits.isdigit() else 25
