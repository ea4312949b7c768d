"""Pull the plug on `make dev` in the middle of a demo: customers text and an agent answers while the stage is
killed with SIGKILL; after a restart every accepted text is on its thread once, every reply the agent saw
accepted is sent exactly once, and the statistics equal those of a stage that never crashed and received
the same messages in the same order.
"""
from __future__ import annotations

import random
import threading
import time
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import requests

from tests.blackbox.stage import LocalStage

CUSTOMERS = [f"+336{n:08d}" for n in range(40_000_001, 40_000_009)]
WATCHDOG_ADVANCE_S = 600  # a reply left in `sending` by the crash is re-queued after five minutes
# Indicators that count: they do not depend on how long the two runs took, only on what happened.
COUNTS = ("conversations", "new_inbound_conversations", "existing_customers", "contacts", "response_rate",
          "new_outbound_conversations", "new_inbound_customers", "new_outbound_customers")


class Traffic:
    """One customer text, then one agent reply every third step, each request after the last answer, until the
    stage stops answering. Only what was answered 2xx counts as accepted.

    Before a reply the stage settles, so the agent answers a thread that holds the texts sent before it, as
    in the replay; the texts in between are processed behind the webhooks, and the crash finds them so."""

    def __init__(self, stage: LocalStage, token: str) -> None:
        self.stage, self.token = stage, token
        self.texts: list[str] = []
        self.replies: list[str] = []

    def run(self) -> None:
        try:
            for step in range(10_000):
                self._text(step)
                if step % 3 == 2:
                    self._reply(step)
        except requests.RequestException:
            return  # the stage is gone

    def _text(self, step: int) -> None:
        body = f"durability text {step}"
        answer = self.stage.call("POST", "/sandbox/sms", {"from": CUSTOMERS[step % len(CUSTOMERS)],
                                                          "to": "+15550000001", "body": body})
        if answer.status_code == 202:
            self.texts.append(body)

    def _reply(self, step: int) -> None:
        self.stage.call("POST", "/sandbox/settle")
        threads = self.stage.call("GET", "/v1/threads?limit=20", token=self.token).json()["items"]
        if threads:
            text = f"durability reply {step}"
            thread = threads[step % len(threads)]["id"]
            answer = self.stage.call("POST", f"/v1/threads/{thread}/messages", {"text": text}, token=self.token)
            if answer.status_code == 201:
                self.replies.append(text)


def pages(stage: LocalStage, path: str, token: str) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    cursor = ""
    while True:
        page = stage.call("GET", f"{path}{'&' if '?' in path else '?'}limit=50"
                                 f"{'&cursor=' + cursor if cursor else ''}", token=token).json()
        items += page["items"]
        cursor = page.get("next_cursor") or ""
        if not cursor:
            return items


def conversation(stage: LocalStage, token: str) -> list[tuple[str, dict[str, Any], dict[str, Any]]]:
    """Every (customer phone, thread, message) of the demo inbox, oldest message first."""
    threads = pages(stage, "/v1/threads?status=waiting,replied,resolved", token)
    found = [(t["customer"]["phone"], t, m) for t in threads for m in pages(stage, f"/v1/threads/{t['id']}/messages",
                                                                              token)]
    return sorted(found, key=lambda entry: (entry[2]["created_at"], entry[2]["id"]))


def statistics(stage: LocalStage, token: str) -> dict[str, Any]:
    now = datetime.fromisoformat(stage.call("GET", "/sandbox/clock").json()["now"].replace("Z", "+00:00"))
    today = now.astimezone(ZoneInfo("Europe/Paris")).date()
    since, until = (today - timedelta(days=1)).isoformat(), (today + timedelta(days=1)).isoformat()
    report = stage.call("GET", f"/v1/stats?from={since}&to={until}", token=token).json()
    return {key: report[key]["value"] if isinstance(report[key], dict) and "value" in report[key] else report[key]
            for key in COUNTS}


def settle_after_a_while(stage: LocalStage) -> None:
    stage.settle()
    stage.call("POST", "/sandbox/clock", {"advance_seconds": WATCHDOG_ADVANCE_S})
    stage.settle()


def replay(stage: LocalStage, stored: list[tuple[str, dict[str, Any], dict[str, Any]]]) -> None:
    """The same messages, in the same order, on a stage that does not crash."""
    token = stage.login()
    for phone, _thread, message in stored:
        if message["direction"] == "in":
            stage.text(message["text"], sender=phone)
            continue
        threads = pages(stage, "/v1/threads?status=waiting,replied,resolved", token)
        thread = next(t for t in threads if t["customer"]["phone"] == phone)
        answer = stage.call("POST", f"/v1/threads/{thread['id']}/messages", {"text": message["text"]}, token=token)
        assert answer.status_code == 201, answer.text
        stage.settle()


def test_a_kill_9_in_the_middle_of_a_demo_loses_nothing_and_counts_everything_once(tmp_path):
    crashed = LocalStage(tmp_path / "crashed")
    control = LocalStage(tmp_path / "control")
    try:
        crashed.start()
        crashed.settle()
        traffic = Traffic(crashed, crashed.login())
        worker = threading.Thread(target=traffic.run)
        worker.start()
        # The plug is pulled once there is traffic to lose (however slow the machine), at a random moment after.
        deadline = time.monotonic() + 180
        while (len(traffic.texts) < 8 or len(traffic.replies) < 2) and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(random.uniform(0, 0.5))  # noqa: S311 - where the plug is pulled does not need to be secret
        crashed.crash()
        worker.join(timeout=60)
        assert len(traffic.texts) >= 8 and len(traffic.replies) >= 2, "too little traffic before the crash"

        crashed.start()  # on the DynamoDB Local the crash left running
        settle_after_a_while(crashed)
        token = crashed.login()
        stored = conversation(crashed, token)
        inbound = [m["text"] for _, _, m in stored if m["direction"] == "in"]
        replies = {m["text"]: m["status"] for _, _, m in stored if m["direction"] == "out"}
        sent = [item["body"].split("\n", 1)[0] for item in crashed.call("GET", "/sandbox/outbox").json()["items"]]

        assert [text for text in traffic.texts if inbound.count(text) != 1] == []  # each accepted text, once
        assert [text for text in traffic.replies if sent.count(text) != 1] == []  # each accepted reply sent once
        assert [text for text in traffic.replies if replies.get(text) in (None, "queued", "sending")] == []
        after_crash = statistics(crashed, token)
        crashed.stop()

        control.start()
        control.settle()
        replay(control, [entry for entry in stored if entry[2]["author"] in ("customer", "agent")])
        settle_after_a_while(control)
        assert statistics(control, control.login()) == after_crash
    finally:
        crashed.stop_leftovers()
        control.stop_leftovers()
