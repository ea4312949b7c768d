"""The issue's "done when" for Messenger, in headless Chromium against the real local stage: an admin connects
a Facebook page in the Channels section, a customer writes (with a photo) from the sandbox phone page's
Messenger channel, the agent sees the kept photo and answers from the inbox, the customer's phone shows the
answer, and eight days later the window rule refuses free text and offers Meta's tags."""
from __future__ import annotations

from playwright.sync_api import expect

from tests.web.test_web_client import _axe_both, _login

PAGE, CUSTOMER = "104512345678902", "6200000000000042"


def _connect_page(page) -> None:
    page.get_by_role("navigation", name="main").get_by_role("link", name="Admin").click()
    section = page.locator("section", has=page.get_by_role("heading", name="Channels", exact=True))
    form = section.locator("form", has=page.get_by_role("heading", name="Connect a channel"))
    form.get_by_label("Channel").select_option("messenger")
    form.get_by_label("Facebook page id").fill(PAGE)
    form.get_by_label("Name").fill("Maison Messenger")
    form.get_by_label("Access token").fill("EAAGflow-token")
    form.get_by_role("button", name="Connect").click()
    expect(section.locator("tbody tr", has_text="Maison Messenger")).to_contain_text("Connected")


def test_messenger_from_the_sandbox_phone_to_the_inbox_and_past_the_window(web_stage, browser, artifacts):
    context = browser.new_context(locale="en-US", viewport={"width": 1400, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    _login(page, web_stage.base)
    _connect_page(page)

    page.goto(web_stage.base + "/#/sandbox")
    page.get_by_label("Channel").select_option("messenger")
    page.get_by_label("Customer (number or platform id)").fill(CUSTOMER)
    expect(page.get_by_label("Store's Facebook page")).to_have_value(PAGE)
    page.get_by_label("Text").fill("Bonjour, vous avez ce modèle ?")
    page.get_by_label("Attach a sample file").select_option("image")
    page.get_by_role("button", name="Send message").click()
    expect(page.get_by_test_id("phone-sent").filter(has_text="Bonjour, vous avez ce modèle ?")).to_be_visible()
    _axe_both(page, "sandbox phone, Messenger")

    page.goto(web_stage.base + "/#/inbox")
    thread = page.get_by_test_id("thread").first
    expect(thread).to_be_visible(timeout=5000)
    thread.click()
    incoming = page.get_by_test_id("message").filter(has_text="Bonjour, vous avez ce modèle ?")
    expect(incoming.get_by_test_id("kept-file")).to_contain_text("Open the image")
    with page.expect_download() as download:
        incoming.get_by_test_id("kept-file").click()
    assert download.value.path().read_bytes().startswith(b"\x89PNG")
    page.get_by_label("Reply").fill("Oui, en 38 et 39.")
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_test_id("message").filter(has_text="Oui, en 38 et 39.")).to_be_visible()
    web_stage.settle()

    page.goto(web_stage.base + "/#/sandbox")
    expect(page.get_by_test_id("phone-received").filter(has_text="Oui, en 38 et 39.")).to_be_visible(timeout=5000)
    page.screenshot(path=str(artifacts / "60-sandbox-messenger.png"), full_page=True)

    moved = web_stage.call("POST", "/sandbox/clock", {"advance_seconds": 8 * 86400})
    assert moved.status_code == 200, moved.text
    web_stage.settle()
    page.goto(web_stage.base + "/#/inbox")
    page.get_by_test_id("thread").first.click()
    notice = page.get_by_test_id("window-closed")
    expect(notice).to_contain_text("Past the window, a message must carry one of these tags.")
    tags = page.get_by_test_id("window-tag")
    for label in ("Account update", "Post-purchase update", "Confirmed event update"):
        expect(tags.locator("option", has_text=label)).to_have_count(1)
    page.get_by_label("Reply").fill("Toujours intéressé ?")
    expect(page.get_by_role("button", name="Send")).to_be_disabled()
    page.screenshot(path=str(artifacts / "61-messenger-window-closed.png"), full_page=True)
    _axe_both(page, "Messenger thread past its window")
    assert errors == []
    context.close()
