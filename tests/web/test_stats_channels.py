"""The statistics page's channel filter in real headless Chromium against the real local stage: one customer by
SMS and one on WhatsApp; ticking WhatsApp shows that channel's figures only (contacts, new customers split), the
top stores follow it, "All channels" gives back both; accessible (axe at a laptop's and a phone's size); in French
the channels read in French."""
from __future__ import annotations

from playwright.sync_api import expect

from tests.web.sign_in import log_in
from tests.web.test_web_client import _axe_both

STORE_NUMBER = "+15550000001"


def _value(page, name: str):  # type: ignore[no-untyped-def]
    return page.get_by_test_id(f"ind-{name}").locator("td").first


def test_the_channel_filter_restricts_every_indicator_and_the_top_stores(web_stage, browser, artifacts):
    for sender in ("+33699001122", "whatsapp:+33699003344"):
        answer = web_stage.call("POST", "/sandbox/sms", {"from": sender, "to": STORE_NUMBER, "body": "Bonjour"})
        assert answer.status_code == 202, answer.text
    web_stage.settle()

    context = browser.new_context(locale="en-US", viewport={"width": 1400, "height": 900})
    errors: list[str] = []
    page = context.new_page()
    page.on("pageerror", lambda e: errors.append(str(e)))
    log_in(page, web_stage.base)
    page.get_by_role("link", name="Statistics").click()
    expect(_value(page, "contacts")).to_have_text("2", timeout=5000)
    group = page.get_by_role("group", name="Channels")
    expect(group.get_by_role("checkbox")).to_have_count(8)
    expect(group.get_by_role("button", name="All channels")).to_be_disabled()
    group.get_by_role("checkbox", name="WhatsApp").check()
    expect(_value(page, "contacts")).to_have_text("1")
    expect(page.get_by_test_id("by-channel")).to_contain_text("WhatsApp")
    expect(page.get_by_test_id("by-channel")).not_to_contain_text("Direct SMS")
    page.get_by_label("Ranked by").select_option("contacts")
    expect(page.get_by_test_id("top-stores").locator("tbody tr").first.locator("td").nth(3)).to_have_text("1")
    expect(page.get_by_test_id("csv")).to_have_attribute("href", "/v1/stats/top-stores.csv?"
                                                         "from=" + page.get_by_role("textbox", name="From", exact=True).input_value()
                                                         + "&to=" + page.get_by_role("textbox", name="To", exact=True).input_value()
                                                         + "&metric=contacts&channels=whatsapp")
    page.screenshot(path=str(artifacts / "stats-whatsapp-only.png"))
    _axe_both(page, "statistics of one channel")
    group.get_by_role("checkbox", name="Phone/IVR").check()
    expect(_value(page, "contacts")).to_have_text("1")
    group.get_by_role("button", name="All channels").click()
    expect(group.get_by_role("checkbox", name="WhatsApp")).not_to_be_checked()
    expect(_value(page, "contacts")).to_have_text("2")
    context.close()

    french = browser.new_context(locale="fr-FR", viewport={"width": 1400, "height": 900})
    page = french.new_page()
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(web_stage.base + "/#/inbox")
    page.get_by_label("E-mail").fill("admin@demo.test")
    page.get_by_label("Mot de passe").fill("demo-password")
    page.get_by_role("button", name="Se connecter").click()
    page.get_by_role("link", name="Statistiques").click()
    group = page.get_by_role("group", name="Canaux")
    expect(group.get_by_role("checkbox", name="Avis")).to_be_visible(timeout=5000)
    expect(group.get_by_role("checkbox", name="Téléphone/SVI")).to_be_visible()
    french.close()
    assert errors == []
