"""Two agents work one customer together in the web client (issue 6), in real headless Chromium on the local stage.

Admin (A) writes a note in the invisible thread mentioning Bob (B); Bob sees the red dot, opens the mention,
which opens the thread; A transfers the thread to Bob; Bob answers with a canned response that he edits before
sending. Search finds the thread by a word of the customer's message. Then the account pages: forgot password,
the e-mailed reset link, account settings.
"""
from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.web.test_web_client import _axe

CUSTOMER = "+33612000111"
BOB = "bob.collab@demo.test"
BOB_PASSWORD = "bob-password-123"


def _login(page, base: str, email: str, password: str) -> None:
    page.goto(base + "/#/inbox")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


def _invite(stage, admin: str, store_id: str, email: str, password: str, first: str, last: str) -> dict:
    sent = stage.call("POST", "/v1/invitations", {"email": email, "store_id": store_id}, token=admin)
    assert sent.status_code in (200, 201), sent.text
    mail = [m for m in stage.call("GET", "/sandbox/mail").json()["items"] if m["to"] == email][0]
    link = re.search(r"/invitations/([A-Za-z0-9_.\-]+)", mail["body"])
    assert link, mail["body"]
    accepted = stage.call("POST", f"/v1/invitations/{link.group(1)}/accept",
                          {"password": password, "first_name": first, "last_name": last})
    assert accepted.status_code in (200, 201), accepted.text
    return accepted.json()


def _context(browser):
    return browser.new_context(locale="en-US", viewport={"width": 1500, "height": 950})


def test_two_agents_on_one_customer(web_stage, browser, artifacts):
    stage = web_stage
    admin = stage.login()
    demo = stage.call("GET", "/v1/stores", token=admin).json()["items"][0]["id"]
    bob = _invite(stage, admin, demo, BOB, BOB_PASSWORD, "Bob", "Collab")["agent"]
    profile = {"name": "Jeanne Martin", "attributes": {"segment": "gold"}}
    described = stage.call("PUT", f"/v1/customers/{CUSTOMER}", profile, token=admin)
    assert described.status_code == 200, described.text
    stage.text("My umbrella arrived with a broken handle", sender=CUSTOMER)
    tid = next(t["id"] for t in stage.call("GET", "/v1/threads?status=waiting", token=admin).json()["items"]
               if t["customer"]["phone"] == CUSTOMER)

    errors: list[str] = []
    ctx_a, ctx_b = _context(browser), _context(browser)
    a, b = ctx_a.new_page(), ctx_b.new_page()
    for p in (a, b):
        p.on("pageerror", lambda e: errors.append(str(e)))

    # A, brand admin: a brand canned response, from the admin page.
    _login(a, stage.base, "admin@demo.test", "demo-password")
    a.goto(stage.base + "/#/admin")
    canned = a.locator("section", has=a.get_by_role("heading", name="Canned responses (brand library)"))
    canned.get_by_label("Title").fill("Broken item")
    canned.get_by_label("Text").fill("Hello {first_name}, we will replace it today. {store_name}")
    canned.get_by_role("button", name="Add").click()
    expect(canned.get_by_role("cell", name="Broken item", exact=True)).to_be_visible()

    # A opens the thread: the customer panel, then a note mentioning Bob through the @ picker.
    a.goto(f"{stage.base}/#/inbox/{tid}")
    panel = a.get_by_test_id("customer-panel")
    expect(panel.get_by_test_id("customer-name")).to_have_text("Jeanne Martin")
    expect(panel.get_by_test_id("customer-attributes")).to_contain_text("gold")
    note_box = a.get_by_label("Add a note")
    note_box.click()
    note_box.type("Could you call her back? @Bo")
    expect(a.get_by_test_id("mention-list")).to_be_visible()
    a.get_by_test_id("mention-list").get_by_role("option", name=re.compile("Bob Collab")).click()
    expect(note_box).to_have_value("Could you call her back? @Bob Collab ")
    note_box.type("thanks")
    a.get_by_role("button", name="Add note").click()
    note = a.get_by_test_id("note").filter(has_text="Could you call her back?")
    expect(note).to_be_visible()
    expect(note.locator(".mention")).to_have_text("@Bob Collab")
    stored = stage.call("GET", f"/v1/threads/{tid}/notes", token=admin).json()["items"]
    assert any(f"@[{bob['id']}]" in n["text"] for n in stored), stored
    a.screenshot(path=str(artifacts / "20-note-with-mention.png"))
    _axe(a, "inbox with notes")

    # B: the red dot on Mentions, the mentions inbox, and opening the mention opens the thread.
    _login(b, stage.base, BOB, BOB_PASSWORD)
    expect(b.get_by_test_id("mentions-dot")).to_be_visible(timeout=8000)
    b.get_by_test_id("nav-mentions").click()
    mention = b.get_by_test_id("mention").filter(has_text="Could you call her back?")
    expect(mention).to_contain_text("Admin")
    expect(mention).to_contain_text("New")
    b.screenshot(path=str(artifacts / "21-mentions.png"))
    _axe(b, "mentions")
    mention.get_by_role("link").click()
    expect(b).to_have_url(re.compile(f"#/inbox/{tid}$"))
    expect(b.get_by_test_id("message").filter(has_text="broken handle")).to_be_visible()
    expect(b.get_by_test_id("mentions-dot")).to_have_count(0, timeout=8000)
    assert stage.call("GET", "/v1/mentions", token=stage.login(BOB, BOB_PASSWORD)).json()["unread_count"] == 0

    # A transfers the thread to Bob; the invisible thread records it.
    a.get_by_text("Transfer · Snooze · Close").click()
    a.get_by_label("Transfer to a colleague").select_option(label="Bob Collab")
    a.get_by_role("button", name="Transfer to colleague").click()
    expect(a.get_by_test_id("system-note").filter(has_text="Bob Collab")).to_be_visible()
    assert stage.call("GET", f"/v1/threads/{tid}", token=admin).json()["assigned_agent_id"] == bob["id"]

    # B answers with the canned response: it fills the box, filled for this customer, and sends nothing by itself.
    expect(b.get_by_test_id("system-note").filter(has_text="Bob Collab")).to_be_visible(timeout=8000)
    before = b.get_by_test_id("message").count()
    b.get_by_role("button", name="Canned responses").click()
    pop = b.get_by_test_id("canned-pop")
    pop.get_by_label("Search responses").fill("broken")
    pop.get_by_test_id("canned-item").filter(has_text="Broken item").click()
    box = b.get_by_label("Reply")
    expect(box).to_have_value(re.compile(r"^Hello( Jeanne)?, we will replace it today\. Demo store$"))
    expect(b.get_by_test_id("message")).to_have_count(before)
    box.press("End")
    box.type(" Bob")
    b.screenshot(path=str(artifacts / "22-canned-filled.png"))
    _axe(b, "inbox with a canned response")
    box.press("Control+Enter")
    expect(b.get_by_test_id("message").filter(has_text="we will replace it today. Demo store Bob")).to_be_visible()

    # Search finds the thread by a word of the customer's message, with the excerpt.
    a.goto(f"{stage.base}/#/inbox")
    a.get_by_label("Search").fill("umbrella")
    found = a.locator(f'a[href="#/inbox/{tid}"]')
    expect(found).to_be_visible()
    expect(found.get_by_test_id("match")).to_contain_text("umbrella")
    a.screenshot(path=str(artifacts / "23-search.png"))

    # Hold with a reason and an alert: markers in the list.
    a.get_by_label("Search").fill("")
    a.goto(f"{stage.base}/#/inbox/{tid}")
    a.get_by_role("button", name="Hold", exact=True).click()
    a.get_by_label("Reason for the hold").fill("Waiting for the warehouse")
    a.get_by_role("button", name="Put on hold").click()
    expect(a.get_by_test_id("thread-hold")).to_contain_text("Waiting for the warehouse")
    a.get_by_role("button", name="Raise an alert").click()
    expect(a.get_by_test_id("thread-alert")).to_be_visible()
    row = a.locator(f'.threads a[href="#/inbox/{tid}"]')
    expect(row.get_by_test_id("hold-marker")).to_be_visible()
    expect(row.get_by_test_id("alert-marker")).to_be_visible()
    a.screenshot(path=str(artifacts / "24-hold-alert.png"))

    # Delegate to the brand's customer-service e-mail (set on the admin page), then done: the folder switch finds it.
    a.goto(stage.base + "/#/admin")
    brand = a.locator("section", has=a.get_by_role("heading", name="Brand profile"))
    expect(brand.get_by_label("Brand name")).to_be_enabled()
    brand.get_by_label("Customer-service e-mail (delegation)").fill("service@demo.test")
    brand.get_by_role("button", name="Save").click()
    expect(brand.get_by_role("status")).to_have_text("Saved.")
    groups = a.locator("section", has=a.get_by_role("heading", name="Store groups"))
    groups.get_by_label("Group name").fill("North")
    groups.get_by_label("Demo store").check()
    groups.get_by_role("button", name="Create the group").click()
    expect(groups.get_by_role("cell", name="North", exact=True)).to_be_visible()
    a.goto(f"{stage.base}/#/inbox/{tid}")
    a.get_by_text("Delegate by e-mail · Share").click()
    a.get_by_label("Comment for the customer service (optional)").fill("Please send a new umbrella")
    a.get_by_role("button", name="Delegate by e-mail").click()
    expect(a.get_by_test_id("system-note").filter(has_text="service@demo.test")).to_be_visible()
    mails = [m for m in stage.call("GET", "/sandbox/mail").json()["items"] if m["to"] == "service@demo.test"]
    assert mails and "Please send a new umbrella" in mails[0]["body"], mails
    a.get_by_label("Store group").select_option(label="North")
    expect(row).to_be_visible()
    a.get_by_role("button", name="Mark as done").click()
    expect(a.get_by_test_id("thread-folder")).to_have_text("Done")
    expect(row).to_have_count(0)
    a.get_by_role("radio", name="Done").check()
    expect(row).to_be_visible()

    # Roles (A8): a role with statistics only; Bob's client then offers no inbox.
    a.goto(stage.base + "/#/admin")
    roles = a.locator("section", has=a.get_by_role("heading", name="Roles"))
    roles.get_by_label("Role name").fill("Analysts")
    roles.get_by_label("Inbox").uncheck()
    roles.get_by_label("Statistics").check()
    roles.get_by_role("button", name="Create the role").click()
    expect(roles.get_by_role("cell", name="Analysts", exact=True)).to_be_visible()
    roles.get_by_label("Agent").select_option(label="Bob Collab (No role (everything))")
    roles.get_by_label("Role", exact=True).select_option(label="Analysts")
    roles.get_by_role("button", name="Give the role").click()
    expect(roles.get_by_role("status")).to_have_text("Saved.")
    b.reload()
    expect(b.get_by_role("link", name="Statistics")).to_be_visible()
    expect(b.get_by_role("navigation").get_by_role("link", name="Inbox")).to_have_count(0)

    assert errors == []
    ctx_a.close()
    ctx_b.close()


def test_forgot_password_reset_and_account(web_stage, browser, artifacts):
    stage = web_stage
    admin = stage.login()
    demo = stage.call("GET", "/v1/stores", token=admin).json()["items"][0]["id"]
    sent = stage.call("POST", "/v1/invitations", {"email": "carol.account@demo.test", "store_id": demo}, token=admin)
    assert sent.status_code in (200, 201), sent.text
    mail = [m for m in stage.call("GET", "/sandbox/mail").json()["items"] if m["to"] == "carol.account@demo.test"][0]
    invitation = re.search(r"/invitations/[A-Za-z0-9_.\-]+", mail["body"])
    assert invitation, mail["body"]
    ctx = _context(browser)
    page = ctx.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))

    # The e-mailed invitation opens the client: names and a password, then the new agent is in.
    page.goto(stage.base + invitation.group(0))
    expect(page.get_by_role("heading", name="Join your team")).to_be_visible()
    _axe(page, "invitation")
    page.get_by_label("First name").fill("Carol")
    page.get_by_label("Last name").fill("Account")
    page.get_by_label("New password (8 characters or more)").fill("carol-password-1")
    page.get_by_label("New password again").fill("carol-password-1")
    page.get_by_role("button", name="Create my account").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/#/inbox$"))
    page.get_by_role("button", name="Log out").click()

    page.goto(stage.base + "/")
    page.get_by_role("button", name="Forgot your password?").click()
    page.get_by_label("Your e-mail").fill("carol.account@demo.test")
    page.get_by_role("button", name="Send me a link").click()
    expect(page.get_by_role("status")).to_contain_text("on its way")
    mail = [m for m in stage.call("GET", "/sandbox/mail").json()["items"]
            if m["to"] == "carol.account@demo.test" and "/reset-password/" in m["body"]][0]
    link = re.search(r"https?://\S+/reset-password/\S+", mail["body"])
    assert link, mail["body"]

    page.goto(stage.base + link.group(0)[link.group(0).index("/reset-password/"):])
    expect(page.get_by_role("heading", name="Choose a new password")).to_be_visible()
    page.screenshot(path=str(artifacts / "25-reset-password.png"))
    _axe(page, "reset password")
    page.get_by_label("New password (8 characters or more)").fill("carol-new-pass-2")
    page.get_by_label("New password again").fill("carol-new-pass-2")
    page.get_by_role("button", name="Save and log in").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    stage.login("carol.account@demo.test", "carol-new-pass-2")

    # Account settings: names, e-mail notifications, password change (the session goes on).
    page.get_by_role("link", name="Carol").click()
    expect(page.get_by_role("heading", name="Account settings")).to_be_visible()
    profile = page.locator("section", has=page.get_by_role("heading", name="Profile"))
    profile.get_by_label("Last name").fill("Renamed")
    profile.get_by_role("button", name="Save").click()
    expect(profile.get_by_role("status")).to_have_text("Saved.")
    notify = page.locator("section", has=page.get_by_role("heading", name="E-mail notifications"))
    notify.get_by_label("a mention in a note").check()
    notify.get_by_role("button", name="Save").click()
    expect(notify.get_by_role("status")).to_have_text("Saved.")
    me = stage.call("GET", "/v1/me", token=stage.login("carol.account@demo.test", "carol-new-pass-2")).json()
    assert me["last_name"] == "Renamed" and me["notify_mention"] is True
    password = page.locator("section", has=page.get_by_role("heading", name="Password"))
    password.get_by_label("Current password").fill("wrong-password")
    password.get_by_label("New password (8 characters or more)").fill("carol-third-pass")
    password.get_by_label("New password again").fill("carol-third-pass")
    password.get_by_role("button", name="Change the password").click()
    expect(password.get_by_role("alert")).to_be_visible()
    password.get_by_label("Current password").fill("carol-new-pass-2")
    password.get_by_role("button", name="Change the password").click()
    expect(password.get_by_role("status")).to_have_text("Password changed.")
    page.wait_for_timeout(3500)  # the polls go on with the new session
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    page.screenshot(path=str(artifacts / "26-account.png"), full_page=True)
    _axe(page, "account")
    assert errors == []
    ctx.close()
