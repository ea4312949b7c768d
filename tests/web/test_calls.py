"""Phone calls in real headless Chromium against the real local stage: the sandbox phone calls the store and gets
its text; the agent sees the call in the thread, calls the customer back (tel: link) and logs the outcome."""
from __future__ import annotations

from playwright.sync_api import expect

from tests.web.sign_in import log_in
from tests.web.test_web_client import _axe_both

CUSTOMER = "+33699002244"  # one customer for this module: the stage is shared
STORE_NUMBER = "+15550000001"


def test_call_the_store_then_the_agent_logs_a_call_back(web_stage, browser, artifacts):
    base = web_stage.base
    context = browser.new_context(locale="en-US", viewport={"width": 1400, "height": 900})
    errors: list[str] = []

    phone = context.new_page()
    phone.on("pageerror", lambda e: errors.append(str(e)))
    phone.goto(base + "/#/sandbox")
    phone.get_by_label("Customer number").fill(CUSTOMER)
    phone.get_by_label("Store number").fill(STORE_NUMBER)
    phone.get_by_role("button", name="Call the store").click()
    expect(phone.get_by_test_id("phone-sent")).to_contain_text("Call")
    expect(phone.get_by_test_id("phone-received")).to_have_count(1, timeout=5000)
    phone.screenshot(path=str(artifacts / "call-sandbox-phone.png"))

    agent = context.new_page()
    agent.on("pageerror", lambda e: errors.append(str(e)))
    log_in(agent, base)
    thread = agent.get_by_test_id("thread").filter(has_text=CUSTOMER)
    expect(thread).to_be_visible(timeout=5000)
    expect(thread).to_contain_text("Waiting")
    thread.click()
    expect(agent.get_by_test_id("call-line").filter(has_text="The customer called")).to_be_visible()
    expect(agent.get_by_test_id("call-link")).to_have_attribute("href", f"tel:{CUSTOMER}")

    agent.get_by_role("button", name="Log a call").click()
    agent.get_by_label("Reached").check()
    agent.get_by_label("Note (optional)").fill("Order changed by phone")
    _axe_both(agent, "call outcome form")
    agent.get_by_role("button", name="Log the call").click()
    logged = agent.get_by_test_id("message").filter(has_text="Order changed by phone")
    expect(logged).to_be_visible()
    expect(logged.get_by_test_id("call-line")).to_contain_text("Call to the customer · Reached")
    expect(thread).to_contain_text("Replied", timeout=5000)
    agent.screenshot(path=str(artifacts / "call-logged.png"))
    _axe_both(agent, "thread with calls")
    assert errors == []
    context.close()
