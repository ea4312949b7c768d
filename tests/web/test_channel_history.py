"""The history of a connected page in the admin, in headless Chromium: connected, the import runs from the minute
sweep, and the row tells how many conversations and messages came; a WhatsApp number says it has none."""
from __future__ import annotations

from playwright.sync_api import expect

from tests.web.test_web_client import _axe_both, _login

PAGE, NUMBER = "104512345670042", "106540352240042"


def _connect(section, page, kind: str, field: str, external_id: str, name: str) -> None:
    form = section.locator("form", has=page.get_by_role("heading", name="Connect a channel"))
    form.get_by_label("Channel").select_option(kind)
    form.get_by_label(field).fill(external_id)
    form.get_by_label("Name").fill(name)
    form.get_by_label("Access token").fill("EAAGhistory-token")
    form.get_by_role("button", name="Connect").click()


def test_the_admin_sees_the_history_imported_and_whatsapp_without_history(web_stage, browser, artifacts):
    context = browser.new_context(locale="en-US", viewport={"width": 1400, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    _login(page, web_stage.base)
    page.get_by_role("navigation", name="main").get_by_role("link", name="Admin").click()
    section = page.locator("section", has=page.get_by_role("heading", name="Channels", exact=True))
    _connect(section, page, "messenger", "Facebook page id", PAGE, "Maison Lyon")
    row = section.locator("tbody tr", has_text="Maison Lyon")
    expect(row).to_contain_text("Importing the last 500 messages")
    web_stage.settle()
    page.reload()
    page.get_by_role("navigation", name="main").get_by_role("link", name="Admin").click()
    expect(section.locator("tbody tr", has_text="Maison Lyon")).to_contain_text(
        "3 conversations, 137 messages imported")
    _connect(section, page, "whatsapp", "WhatsApp phone number id", NUMBER, "WhatsApp Lyon")
    expect(section.locator("tbody tr", has_text="WhatsApp Lyon")).to_contain_text("WhatsApp keeps no history")
    page.screenshot(path=str(artifacts / "51-channel-history.png"), full_page=True)
    _axe_both(page, "channels with their history")
    for name in ("Maison Lyon", "WhatsApp Lyon"):  # the module's stage is shared: leave it as found
        page.once("dialog", lambda d: d.accept())
        section.get_by_role("button", name=f"Disconnect {name}").click()
        expect(section.locator("tbody tr", has_text=name)).to_have_count(0)
    assert errors == []
    context.close()
