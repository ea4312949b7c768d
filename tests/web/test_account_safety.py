"""The audit trail page of the admin, and the e-mail change by mailed link, in headless Chromium (issue 13)."""
from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.web.test_web_client import _axe, _login


def test_the_admin_reads_the_audit_trail_newest_first_with_more(web_stage, browser, artifacts):
    admin = web_stage.login()
    store = web_stage.call("GET", "/v1/stores", token=admin).json()["items"][0]["id"]
    for n in range(27):  # one page of 25, then "More"
        answer = web_stage.call("PATCH", f"/v1/stores/{store}", {"address": f"{n} rue du Test"}, token=admin)
        assert answer.status_code == 200, answer.text
    context = browser.new_context(locale="en-US", viewport={"width": 1400, "height": 900})
    page = context.new_page()
    _login(page, web_stage.base)
    page.get_by_role("navigation", name="main").get_by_role("link", name="Admin").click()
    trail = page.locator("section", has=page.get_by_role("heading", name="Audit trail"))
    expect(trail.get_by_role("columnheader", name="What changed")).to_be_visible()
    rows = trail.locator("tbody tr")
    expect(rows).to_have_count(25)
    expect(rows.first).to_contain_text("store.update")
    expect(rows.first).to_contain_text("26 rue du Test")  # newest first
    expect(rows.first).to_contain_text("admin@demo.test")
    trail.get_by_role("button", name="More entries").click()
    expect(rows).to_have_count(27)
    expect(rows.last).to_contain_text("0 rue du Test")
    expect(trail.get_by_role("button", name="More entries")).to_have_count(0)
    trail.scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts / "40-audit-trail.png"), full_page=True)
    _axe(page, "audit trail")
    page.set_viewport_size({"width": 390, "height": 844})  # a phone: the table still reads, nothing hidden
    expect(rows).to_have_count(27)
    page.screenshot(path=str(artifacts / "40-audit-trail-phone.png"), full_page=True)
    _axe(page, "audit trail (phone)")
    context.close()


def test_an_email_change_is_confirmed_by_the_mailed_link(web_stage, browser, artifacts):
    admin = web_stage.login()
    store = web_stage.call("GET", "/v1/stores", token=admin).json()["items"][0]["id"]
    invited = web_stage.call("POST", "/v1/invitations", {"email": "dana@demo.test", "store_id": store}, token=admin)
    assert invited.status_code == 201, invited.text
    mail = web_stage.call("GET", "/sandbox/mail", params={"to": "dana@demo.test"}).json()["items"][0]
    invitation = re.search(r"/invitations/(\S+)", mail["body"]).group(1)
    accepted = web_stage.call("POST", f"/v1/invitations/{invitation}/accept",
                              {"password": "dana-password", "first_name": "Dana", "last_name": "Roy"})
    assert accepted.status_code == 200, accepted.text

    context = browser.new_context(locale="en-US", viewport={"width": 1200, "height": 900})
    page = context.new_page()
    page.goto(web_stage.base + "/#/account")
    page.get_by_label("E-mail").fill("dana@demo.test")
    page.get_by_label("Password").fill("dana-password")
    page.get_by_role("button", name="Log in").click()
    profile = page.locator("section", has=page.get_by_role("heading", name="Profile"))
    profile.get_by_label("E-mail").fill("dana.roy@demo.test")
    profile.get_by_label("Current password (to change the e-mail)").fill("dana-password")
    profile.get_by_role("button", name="Save").click()
    expect(profile.get_by_text("A link was sent to dana.roy@demo.test")).to_be_visible()
    expect(profile.get_by_label("E-mail")).to_have_value("dana@demo.test")  # not before the link is used

    mails = web_stage.call("GET", "/sandbox/mail", params={"to": "dana.roy@demo.test"}).json()["items"]
    link = next(re.search(r"https?://\S+(/email-confirmations/\S+)", m["body"]) for m in mails
                if "/email-confirmations/" in m["body"])
    page.goto(web_stage.base + link.group(1))
    expect(page.get_by_text("You now log in with dana.roy@demo.test")).to_be_visible()
    page.screenshot(path=str(artifacts / "41-email-confirmed.png"))
    _axe(page, "e-mail confirmed")
    assert web_stage.call("POST", "/v1/auth/login", {"email": "dana.roy@demo.test",
                                                     "password": "dana-password"}).status_code == 200
    context.close()
