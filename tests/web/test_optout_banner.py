"""The agent web client on an opted-out thread, in real headless Chromium against the real local stage: a banner
says why, and the composer is disabled until the customer texts START."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.web.sign_in import log_in
from tests.web.test_web_client import _axe

CUSTOMERS = {"phone": "+33699001122", "laptop": "+33699001133"}  # one customer per run: the stage is shared
STORE_NUMBER = "+15550000001"
BANNER = "This customer has opted out (STOP): you cannot message them until they text START"


def _text(stage, body: str, customer: str) -> None:
    answer = stage.call("POST", "/sandbox/sms", {"from": customer, "to": STORE_NUMBER, "body": body})
    assert answer.status_code == 202, answer.text
    stage.settle()


SIZES = {"phone": {"width": 390, "height": 844}, "laptop": {"width": 1400, "height": 900}}


@pytest.mark.parametrize("size", SIZES)
def test_an_opted_out_thread_shows_a_banner_and_disables_the_composer(web_stage, browser, artifacts, size):
    base, customer = web_stage.base, CUSTOMERS[size]
    context = browser.new_context(locale="en-US", viewport=SIZES[size])
    errors: list[str] = []
    agent = context.new_page()
    agent.on("pageerror", lambda e: errors.append(str(e)))
    _text(web_stage, "STOP", customer)

    log_in(agent, base)
    thread = agent.get_by_test_id("thread").filter(has_text=customer)
    expect(thread).to_be_visible(timeout=5000)
    thread.click()
    expect(agent.get_by_test_id("message").filter(has_text="STOP")).to_be_visible()
    expect(agent.get_by_test_id("opted-out")).to_have_text(BANNER)
    expect(agent.get_by_label("Reply")).to_be_disabled()
    expect(agent.get_by_role("button", name="Send")).to_be_disabled()
    agent.screenshot(path=str(artifacts / f"optout-banner-{size}.png"))
    _axe(agent, f"opted-out thread ({size})")

    _text(web_stage, "START", customer)
    agent.reload()
    thread = agent.get_by_test_id("thread").filter(has_text=customer)
    expect(thread).to_be_visible(timeout=5000)
    thread.click()
    expect(agent.get_by_test_id("message").filter(has_text="START")).to_be_visible()
    expect(agent.get_by_test_id("opted-out")).to_have_count(0)
    box = agent.get_by_label("Reply")
    expect(box).to_be_enabled()
    box.fill("Welcome back")
    box.press("Control+Enter")
    expect(agent.get_by_test_id("message").filter(has_text="Welcome back")).to_be_visible()
    _axe(agent, f"opted back in ({size})")
    assert errors == []
    context.close()
