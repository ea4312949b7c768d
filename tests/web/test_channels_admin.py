"""The store's channels in the admin, in headless Chromium: connect a Messenger page with its token (a password
field, never shown back), give it a new token, switch comments off, disconnect it."""
from __future__ import annotations

from playwright.sync_api import expect

from tests.web.test_web_client import _axe_both, _login

PAGE, TOKEN = "104512345678901", "EAAGweb-secret-token"


def test_an_admin_connects_reconnects_and_disconnects_a_page(web_stage, browser, artifacts):
    context = browser.new_context(locale="en-US", viewport={"width": 1400, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    _login(page, web_stage.base)
    page.get_by_role("navigation", name="main").get_by_role("link", name="Admin").click()
    section = page.locator("section", has=page.get_by_role("heading", name="Channels", exact=True))
    expect(section).to_contain_text("No Messenger, Instagram or WhatsApp account")

    form = section.locator("form", has=page.get_by_role("heading", name="Connect a channel"))
    form.get_by_label("Channel").select_option("messenger")
    form.get_by_label("Facebook page id").fill(PAGE)
    form.get_by_label("Name").fill("Maison Paris")
    assert form.get_by_label("Access token").get_attribute("type") == "password"
    form.get_by_label("Access token").fill(TOKEN)
    form.get_by_role("button", name="Connect").click()
    row = section.locator("tbody tr", has_text="Maison Paris")
    expect(row).to_contain_text("Connected")
    expect(row).to_contain_text(PAGE)
    assert TOKEN not in page.content()
    _axe_both(page, "channels")

    # A new token (what "Reconnect" asks for once the platform refused the old one): typed as a password.
    row.get_by_role("button", name="New token Maison Paris").click()
    field = section.get_by_label("New access token for Maison Paris")
    assert field.get_attribute("type") == "password"
    field.fill("EAAGnewer")
    section.get_by_role("button", name="Reconnect").click()
    expect(section.get_by_role("status")).to_contain_text("Channel reconnected.")
    expect(row).to_contain_text("Connected")
    page.screenshot(path=str(artifacts / "50-channels.png"), full_page=True)

    switch = row.get_by_role("switch")
    expect(switch).to_be_checked()
    switch.click()
    expect(switch).not_to_be_checked()

    page.once("dialog", lambda d: d.accept())
    row.get_by_role("button", name="Disconnect Maison Paris").click()
    expect(section.locator("tbody tr", has_text="Maison Paris")).to_have_count(0)
    assert errors == []
    context.close()
