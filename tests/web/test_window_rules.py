"""The agent web client on a WhatsApp thread past its 24-hour window, in real headless Chromium against the real
local stage: the composer says the window closed and when, refuses free text, and sends an approved template."""
from __future__ import annotations

from playwright.sync_api import expect

from tests.web.sign_in import log_in
from tests.web.test_web_client import _axe_both

CUSTOMER = "+33699002211"
STORE_NUMBER = "+15550000001"
TEMPLATE = "HX0123456789abcdef0123456789abcdef"


def test_past_the_window_the_composer_offers_a_template_instead_of_free_text(web_stage, browser, artifacts):
    answer = web_stage.call("POST", "/sandbox/sms", {"from": f"whatsapp:{CUSTOMER}", "to": STORE_NUMBER,
                                                     "body": "Bonjour"})
    assert answer.status_code == 202, answer.text
    web_stage.settle()
    moved = web_stage.call("POST", "/sandbox/clock", {"advance_seconds": 25 * 3600})
    assert moved.status_code == 200, moved.text

    context = browser.new_context(locale="en-US", viewport={"width": 1400, "height": 900})
    errors: list[str] = []
    agent = context.new_page()
    agent.on("pageerror", lambda e: errors.append(str(e)))
    log_in(agent, web_stage.base)
    thread = agent.get_by_test_id("thread").filter(has_text=CUSTOMER)
    expect(thread).to_be_visible(timeout=5000)
    thread.click()
    notice = agent.get_by_test_id("window-closed")
    expect(notice).to_contain_text("The 24-hour window has closed")
    expect(notice).to_contain_text("only an approved template may go")
    agent.get_by_label("Reply").fill("Toujours là ?")
    expect(agent.get_by_role("button", name="Send")).to_be_disabled()

    agent.get_by_label("Template (name or content SID)").fill(TEMPLATE)
    agent.get_by_label("Language (e.g. fr, en_US)").fill("fr")
    agent.get_by_label("Reply").fill("")
    send = agent.get_by_role("button", name="Send")
    expect(send).to_be_enabled()
    send.click()
    expect(agent.get_by_test_id("message").filter(has_text=f"Template {TEMPLATE} (fr)")).to_be_visible()
    agent.screenshot(path=str(artifacts / "window-closed-template.png"))
    _axe_both(agent, "WhatsApp thread past its window")
    assert errors == []
    context.close()
