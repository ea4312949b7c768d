"""Read ticks in the agent web client, in real headless Chromium against the real local stage: an answer the
Messenger customer has not read shows one tick and says "delivered"; once their read notification comes back it
shows two ticks and says "Read" with the time, in words (not colour only)."""
from __future__ import annotations

import re
from datetime import datetime

from playwright.sync_api import expect

from tests.web.test_web_client import _axe_both, _login

PAGE, CUSTOMER = "104060654500000", "6200000000000401"


def test_an_answer_read_by_the_customer_shows_two_ticks_and_the_read_time(web_stage, browser, artifacts):
    admin = web_stage.login()
    store_id = web_stage.call("GET", "/v1/stores", token=admin).json()["items"][0]["id"]
    connected = web_stage.call("POST", f"/v1/stores/{store_id}/channels",
                               {"kind": "messenger", "external_id": PAGE, "name": "Demo page",
                                "access_token": "EAA-web-token"}, token=admin)
    assert connected.status_code == 201, connected.text
    assert web_stage.call("POST", "/sandbox/meta", {"channel": "messenger", "from": CUSTOMER, "to": PAGE,
                                                    "text": "Ma commande ?"}).status_code == 202
    web_stage.settle()
    threads = web_stage.call("GET", "/v1/threads", params={"status": "waiting,replied,resolved"}, token=admin)
    thread = next(t for t in threads.json()["items"] if t["customer"]["phone"] == CUSTOMER)
    answer = web_stage.call("POST", f"/v1/threads/{thread['id']}/messages", {"text": "Elle part demain"},
                            token=admin)
    assert answer.status_code == 201, answer.text
    web_stage.settle()

    context = browser.new_context(locale="en-US", viewport={"width": 1400, "height": 900})
    errors: list[str] = []
    agent = context.new_page()
    agent.on("pageerror", lambda e: errors.append(str(e)))
    _login(agent, web_stage.base)
    agent.get_by_test_id("thread").filter(has_text=thread["customer"]["name"]).click()
    ours = agent.get_by_test_id("message").filter(has_text="Elle part demain")
    expect(ours.locator(".tick")).to_have_text(re.compile(r"✓\s*delivered"))

    now = datetime.fromisoformat(web_stage.call("GET", "/sandbox/clock").json()["now"].replace("Z", "+00:00"))
    millis = int(now.timestamp() * 1000) + 1000
    read = {"object": "page", "entry": [{"id": PAGE, "time": millis, "messaging": [
        {"sender": {"id": CUSTOMER}, "recipient": {"id": PAGE}, "timestamp": millis, "read": {"watermark": millis}}]}]}
    assert web_stage.call("POST", "/sandbox/meta", {"payload": read}).status_code == 202
    web_stage.settle()
    tick = ours.locator(".tick.read")
    expect(tick).to_be_visible(timeout=10000)  # the thread polls
    expect(tick).to_contain_text("✓✓")
    expect(tick).to_have_text(re.compile(r"Read \d{1,2}:\d{2}"))  # the words, beside the ticks
    expect(tick.locator("time")).to_have_attribute("datetime", re.compile(r"^\d{4}-"))
    agent.screenshot(path=str(artifacts / "read-ticks.png"))
    _axe_both(agent, "thread with a read answer")
    assert errors == []
    context.close()
