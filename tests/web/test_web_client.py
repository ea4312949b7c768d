"""The agent web client in real headless Chromium against the real local stage.

A customer texts the demo store from the sandbox phone page; the agent sees the thread appear live in the
inbox (no reload), answers with Ctrl+Enter, the reply reaches the phone page, and the agent resolves it.
"""
from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import expect

from tests.web.sign_in import log_in

AXE = Path(__file__).resolve().parents[2] / "web" / "node_modules" / "axe-core" / "axe.min.js"


def _axe(page, name: str) -> None:
    """No serious or critical accessibility violation (axe-core, a devDependency of web/, installed with the client)."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    bad = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]
           if v["impact"] in ("serious", "critical")]
    assert bad == [], f"{name}: {bad}"

PHONE = {"width": 390, "height": 844}


def _axe_both(page, name: str) -> None:
    """The same state checked by axe at the page's size (a laptop's), then at a phone's, then put back."""
    _axe(page, name)
    laptop = page.viewport_size
    page.set_viewport_size(PHONE)
    try:
        _axe(page, f"{name} (phone)")
    finally:
        page.set_viewport_size(laptop)


CUSTOMER = "+33699887766"
STORE_NUMBER = "+15550000001"


def _login(page, base: str) -> None:
    log_in(page, base)
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


def test_receive_answer_resolve(web_stage, browser, artifacts):
    base = web_stage.base
    context = browser.new_context(locale="en-US", viewport={"width": 1400, "height": 900})
    errors: list[str] = []
    agent = context.new_page()
    agent.on("pageerror", lambda e: errors.append(str(e)))

    # Login screen, then the (empty) inbox with presence switch always visible.
    agent.goto(base + "/")
    expect(agent.get_by_role("heading", name="Log in")).to_be_visible()
    expect(agent.get_by_test_id("demo-hint")).to_contain_text("admin@demo.test")
    agent.screenshot(path=str(artifacts / "01-login.png"))
    _axe(agent, "login")
    _login(agent, base)
    presence = agent.get_by_test_id("presence")
    with agent.expect_response(lambda r: r.url.endswith("/v1/me/presence") and r.request.method == "PUT") as put:
        presence.select_option("available")
    assert put.value.ok
    expect(agent.locator(".presence .dot.available")).to_be_visible()
    assert web_stage.call("GET", "/v1/me/presence", token=web_stage.login()).json()["chat"] == "available"
    expect(agent.get_by_test_id("thread")).to_have_count(0)

    # The customer's phone, in another tab: text the store.
    phone = context.new_page()
    phone.on("pageerror", lambda e: errors.append(str(e)))
    phone.goto(base + "/#/sandbox")
    phone.get_by_label("Customer number").fill(CUSTOMER)
    phone.get_by_label("Store number").fill(STORE_NUMBER)
    phone.get_by_label("Text").fill("Bonjour, is my order ready?")
    phone.get_by_role("button", name="Send text").click()
    expect(phone.get_by_test_id("phone-sent")).to_contain_text("is my order ready")

    # The inbox shows it live, without reloading.
    thread = agent.get_by_test_id("thread").filter(has_text=CUSTOMER)
    expect(thread).to_be_visible(timeout=5000)
    expect(thread).to_contain_text("Waiting")
    expect(agent.get_by_test_id("count-waiting")).to_have_text("1")
    thread.click()
    expect(agent.get_by_test_id("message").filter(has_text="is my order ready")).to_be_visible()
    expect(agent.locator("aside.customer")).to_contain_text(CUSTOMER)
    expect(agent.locator("aside.customer")).to_contain_text("Demo store")

    # Answer with Ctrl+Enter; Enter alone is a new line.
    box = agent.get_by_label("Reply")
    box.fill("Yes, it is ready.")
    box.press("Enter")
    box.type("See you soon!")
    expect(agent.locator(".reply .count")).to_have_text("31 / 1000")
    expect(box).to_have_value("Yes, it is ready.\nSee you soon!")
    agent.screenshot(path=str(artifacts / "02-inbox-typing.png"))
    box.press("Control+Enter")
    expect(agent.get_by_test_id("message").filter(has_text="See you soon!")).to_be_visible()
    expect(box).to_have_value("")
    expect(thread).to_contain_text("Replied", timeout=5000)
    # Emoji picker: inserts at the cursor, works from the keyboard, closes on Escape.
    box.fill("Thanks!")
    box.press("End")
    box.press("ArrowLeft")
    picker = agent.get_by_role("button", name="Insert an emoji")
    picker.click()
    grid = agent.get_by_test_id("emoji-grid")
    expect(grid.get_by_role("button")).to_have_count(24)
    expect(grid.get_by_role("button").first).to_be_focused()
    agent.keyboard.press("ArrowRight")
    agent.keyboard.press("Enter")
    expect(grid).to_have_count(0)
    expect(box).to_have_value("Thanks\U0001F60A!")
    expect(box).to_be_focused()
    picker.click()
    expect(grid).to_be_visible()
    expect(grid.get_by_role("button").first).to_be_focused()
    agent.screenshot(path=str(artifacts / "02b-inbox-emoji.png"))
    agent.keyboard.press("Escape")
    expect(grid).to_have_count(0)
    expect(picker).to_be_focused()
    picker.click()
    grid.get_by_role("button", name="\U0001F44D").click()
    expect(box).to_have_value("Thanks\U0001F60A\U0001F44D!")  # at the cursor, after the first one
    box.fill("")
    # An attachment: a file's link goes with the reply (as MMS media) and shows in the history.
    agent.get_by_text("Attach a file link").click()
    agent.get_by_label("File address (https://…)").fill("https://cdn.demo.test/notice.pdf")
    agent.get_by_role("button", name="Attach", exact=True).click()
    expect(agent.get_by_role("button", name="Remove notice.pdf")).to_be_visible()
    box.fill("The manual:")
    box.press("Control+Enter")
    sent = agent.get_by_test_id("message").filter(has_text="The manual:")
    expect(sent.get_by_role("link", name="notice.pdf")).to_have_attribute("href", "https://cdn.demo.test/notice.pdf")
    expect(agent.get_by_role("button", name="Remove notice.pdf")).to_have_count(0)
    web_stage.call("POST", "/sandbox/settle")
    outbox = web_stage.call("GET", "/sandbox/outbox").json()["items"]
    media = [m["media"] for m in outbox if m["body"].startswith("The manual")]
    assert media == [["https://cdn.demo.test/notice.pdf"]]
    agent.screenshot(path=str(artifacts / "03-inbox-replied.png"))
    _axe(agent, "inbox")

    # The reply reaches the phone.
    expect(phone.get_by_test_id("phone-received").filter(has_text="See you soon!")).to_be_visible(timeout=5000)
    manual = phone.get_by_test_id("phone-received").filter(has_text="The manual:")
    expect(manual.get_by_role("link", name="notice.pdf")).to_be_visible(timeout=5000)
    phone.screenshot(path=str(artifacts / "04-sandbox-phone.png"))
    _axe(phone, "sandbox")

    # The sandbox clock moves forward.
    before = phone.get_by_test_id("clock").get_attribute("datetime")
    phone.get_by_role("button", name="Advance 1 hour").click()
    expect(phone.get_by_test_id("clock")).not_to_have_attribute("datetime", before or "")

    # Resolve: the thread leaves the default filter (waiting + replied) and shows under "resolved".
    agent.get_by_role("button", name="Resolve").click()
    expect(agent.get_by_role("button", name="Reopen")).to_be_visible()
    expect(agent.get_by_test_id("count-resolved")).to_have_text("1", timeout=5000)
    expect(agent.get_by_test_id("thread").filter(has_text=CUSTOMER)).to_have_count(0)
    agent.screenshot(path=str(artifacts / "05-inbox-resolved.png"))

    assert errors == []
    context.close()


def test_problem_shown_in_plain_words_and_text_kept(web_stage, browser, artifacts):
    context = browser.new_context(locale="en-US", viewport={"width": 1400, "height": 900})
    page = context.new_page()
    _login(page, web_stage.base)
    page.get_by_role("link", name="New message").click()
    page.get_by_label("Customer number").fill("not a number")
    page.get_by_label("Message").fill("Hello from the store")
    page.get_by_role("button", name="Send").click()
    alert = page.get_by_role("alert")
    expect(alert).to_be_visible()
    assert alert.inner_text().strip()
    expect(page.get_by_label("Message")).to_have_value("Hello from the store")
    page.screenshot(path=str(artifacts / "06-new-message-error.png"))

    # A valid number starts the thread and opens it.
    page.get_by_label("Customer number").fill("+33611223344")
    page.get_by_role("button", name="Send").click()
    expect(page).to_have_url(re.compile(r"#/inbox/"))
    expect(page.get_by_test_id("message").filter(has_text="Hello from the store")).to_be_visible()
    context.close()


def test_french_and_admin_pages(web_stage, browser, artifacts):
    context = browser.new_context(locale="fr-FR", viewport={"width": 1400, "height": 900})
    page = context.new_page()
    page.goto(web_stage.base + "/")
    expect(page.get_by_role("heading", name="Connexion")).to_be_visible()
    page.get_by_label("E-mail").fill("admin@demo.test")
    page.get_by_label("Mot de passe").fill("demo-password")
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("button", name="Se déconnecter")).to_be_visible()
    page.get_by_role("link", name="Administration").click()
    expect(page.get_by_role("heading", name="Magasins", exact=True)).to_be_visible()
    stores = page.locator("section", has=page.get_by_role("heading", name="Magasins", exact=True))
    expect(stores.get_by_role("cell", name="Demo store", exact=True)).to_be_visible()
    # Rights matrix: make the admin a contactable agent of the demo store (escalation needs one).
    rights = page.locator("section", has=page.get_by_role("heading", name="Droits"))
    expect(rights.get_by_label("Demo store Périmètre")).to_be_enabled()  # loaded
    rights.get_by_label("Demo store Périmètre").check()
    rights.get_by_label("Demo store Contactable").check()
    rights.get_by_role("button", name="Enregistrer").click()
    expect(rights.get_by_role("status")).to_have_text("Enregistré.")
    # Closing types, used by "close" in the inbox.
    reasons = page.locator("section", has=page.get_by_role("heading", name="Types de clôture"))
    expect(reasons.get_by_label("Un par ligne.")).to_be_enabled()
    reasons.get_by_label("Un par ligne.").fill("Parcel found\nOther")
    reasons.get_by_role("button", name="Enregistrer").click()
    expect(reasons.get_by_role("status")).to_have_text("Enregistré.")
    escalation = page.locator("section", has=page.get_by_role("heading", name="Escalade"))
    expect(escalation.get_by_label("Mode")).to_be_enabled()  # loaded
    escalation.get_by_label("Mode").select_option("random")
    escalation.get_by_role("button", name="Enregistrer").click()
    # The API's problem+json, in plain words, next to the form.
    expect(escalation.get_by_role("alert")).to_contain_text("at least one agent")
    escalation.get_by_label("Agent").select_option(label="Admin")
    escalation.get_by_role("button", name="Ajouter").click()
    escalation.get_by_role("button", name="Enregistrer").click()
    expect(escalation.get_by_role("status")).to_have_text("Enregistré.")
    expect(escalation.get_by_role("alert")).to_have_count(0)
    # Invitations: the API's problem in plain words, then a sent invitation.
    invite = page.locator("section", has=page.get_by_role("heading", name="Inviter un agent"))
    invite.get_by_label("E-mail à inviter").fill("not-an-email")
    invite.get_by_role("button", name="Envoyer l'invitation").click()
    expect(invite.get_by_role("alert")).to_be_visible()
    invite.get_by_label("E-mail à inviter").fill("carol@demo.test")
    invite.get_by_role("button", name="Envoyer l'invitation").click()
    expect(invite.get_by_role("status")).to_contain_text("carol@demo.test")
    expect(invite.get_by_role("alert")).to_have_count(0)
    # Brand profile.
    brand = page.locator("section", has=page.get_by_role("heading", name="Profil de la marque"))
    expect(brand.get_by_label("Nom de la marque")).to_be_enabled()
    brand.get_by_label("Conversations par agent (places)").fill("0")
    brand.get_by_role("button", name="Enregistrer").click()
    expect(brand.get_by_role("alert")).to_be_visible()
    brand.get_by_label("Conversations par agent (places)").fill("8")
    brand.get_by_role("button", name="Enregistrer").click()
    expect(brand.get_by_role("status")).to_have_text("Enregistré.")
    assert web_stage.call("GET", "/v1/brand", token=web_stage.login()).json()["slots_per_agent"] == 8
    page.screenshot(path=str(artifacts / "07-admin-fr.png"), full_page=True)
    _axe(page, "admin")
    # Switch to English.
    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", name="Stores")).to_be_visible()
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()
    context.close()


def test_waiting_time_transfer_and_close(web_stage, browser, artifacts):
    token = web_stage.login()
    demo = web_stage.call("GET", "/v1/stores", token=token).json()["items"][0]["id"]
    # Escalation off (an earlier test turned it on): a day of 5-minute escalations makes /sandbox/settle slow.
    off = web_stage.call("PUT", f"/v1/stores/{demo}/escalation", {"mode": "off", "delay_minutes": 5}, token=token)
    assert off.status_code == 200, off.text
    other = web_stage.call("POST", "/v1/stores", {"name": "Lyon store", "timezone": "Europe/Paris",
                                                  "phone_number": "+15550000002"}, token=token)
    assert other.status_code == 201, other.text
    web_stage.text("Where is my parcel?", sender="+33655443322")
    assert web_stage.call("POST", "/sandbox/clock", {"advance_seconds": 86400 + 60}).status_code == 200
    web_stage.settle()

    context = browser.new_context(locale="en-US", viewport={"width": 1400, "height": 900})
    page = context.new_page()
    _login(page, web_stage.base)
    page.get_by_label("Sort").select_option("waiting")
    thread = page.get_by_test_id("thread").filter(has_text="+33655443322")
    expect(thread).to_contain_text("waiting 1 d")
    thread.click()
    expect(page.get_by_test_id("message").filter(has_text="Where is my parcel?")).to_be_visible()

    page.get_by_text("Transfer · Snooze · Close").click()
    page.get_by_label("Transfer to store").select_option(label="Lyon store")
    page.get_by_role("button", name="Transfer", exact=True).click()
    expect(page.locator("aside.customer")).to_contain_text("Lyon store")
    page.get_by_role("combobox", name=re.compile(r"^Store")).select_option(label="Lyon store")
    expect(page.get_by_test_id("thread").filter(has_text="+33655443322")).to_be_visible()
    page.screenshot(path=str(artifacts / "08-inbox-transferred.png"))

    page.get_by_label("Closing type").select_option("Parcel found")
    page.get_by_role("button", name="Close", exact=True).click()
    expect(page.locator("aside.customer")).to_contain_text("Parcel found")
    context.close()


def test_join_a_thread_held_by_another_agent(web_stage, browser, artifacts):
    admin = web_stage.login()
    demo = web_stage.call("GET", "/v1/stores", token=admin).json()["items"][0]["id"]
    invite = web_stage.call("POST", "/v1/invitations", {"email": "bob@demo.test", "store_id": demo}, token=admin)
    assert invite.status_code in (200, 201), invite.text
    mail = [m for m in web_stage.call("GET", "/sandbox/mail").json()["items"] if m["to"] == "bob@demo.test"][-1]
    link = re.search(r"/invitations/([A-Za-z0-9_.\-]+)", mail["body"])
    assert link, mail["body"]
    accepted = web_stage.call("POST", f"/v1/invitations/{link.group(1)}/accept",
                              {"password": "bob-password-123", "first_name": "Bob", "last_name": "Agent"})
    assert accepted.status_code in (200, 201), accepted.text
    bob = accepted.json()["token"]
    web_stage.text("Bob, are you there?", sender="+33677889900")
    threads = web_stage.call("GET", "/v1/threads?status=waiting", token=admin).json()["items"]
    tid = next(t["id"] for t in threads if t["customer"]["phone"] == "+33677889900")
    answer = web_stage.call("POST", f"/v1/threads/{tid}/messages", {"text": "Bob here."}, token=bob)
    assert answer.status_code == 201, answer.text

    context = browser.new_context(locale="en-US", viewport={"width": 1400, "height": 900})
    page = context.new_page()
    _login(page, web_stage.base)
    page.goto(f"{web_stage.base}/#/inbox/{tid}")
    expect(page.get_by_test_id("message").filter(has_text="Bob here.")).to_be_visible()
    join = page.get_by_role("button", name="Join this conversation")
    expect(join).to_be_visible()
    page.screenshot(path=str(artifacts / "09-inbox-join.png"))
    join.click()
    box = page.get_by_label("Reply")
    box.fill("Admin joining in.")
    box.press("Control+Enter")
    expect(page.get_by_test_id("message").filter(has_text="Admin joining in.")).to_be_visible()
    context.close()


def test_statistics_page(web_stage, browser, artifacts):
    admin = web_stage.login()
    web_stage.text("Do you have it in blue?", sender="+33644556677")
    threads = web_stage.call("GET", "/v1/threads?status=waiting", token=admin).json()["items"]
    tid = next(t["id"] for t in threads if t["customer"]["phone"] == "+33644556677")
    answer = web_stage.call("POST", f"/v1/threads/{tid}/messages", {"text": "Yes, in blue."}, token=admin)
    assert answer.status_code == 201, answer.text
    web_stage.text("Still waiting here", sender="+33600000001")  # someone in the real-time panel
    web_stage.settle()

    context = browser.new_context(locale="en-US", viewport={"width": 1400, "height": 900})
    errors: list[str] = []
    page = context.new_page()
    page.on("pageerror", lambda e: errors.append(str(e)))
    _login(page, web_stage.base)
    page.get_by_role("link", name="Statistics").click()
    expect(page.get_by_role("heading", name="Statistics", exact=True)).to_be_visible()
    contacts = page.get_by_test_id("ind-contacts")
    expect(contacts.locator("td").first).to_have_text(re.compile(r"^[1-9]\d*$"))
    expect(page.get_by_test_id("ind-response_rate").locator("td").first).to_have_text(re.compile(r"^\d+(\.\d+)?%$"))
    expect(page.get_by_test_id("ind-response_time_seconds")).to_contain_text("extreme values excluded")
    # The daily charts: SVG images named by a summary, with a hidden table of every value.
    summary = re.compile(r"^Contacts per day\. From \d{4}-\d\d-\d\d to .*: [1-9]\d* contacts in all")
    bars = page.get_by_role("img", name=summary)
    expect(bars).to_be_visible()
    expect(bars.locator("rect.bar-rect").first).to_be_visible()
    line = page.get_by_role("img", name=re.compile(r"^Response time per day\. "))
    expect(line).to_be_visible()
    expect(line.locator("circle.point")).not_to_have_count(0)
    expect(page.get_by_test_id("chart-contacts").locator("table caption")).to_have_text("Contacts per day")
    expect(page.get_by_test_id("chart-contacts").locator("tbody tr")).to_have_count(7)
    top = page.get_by_test_id("top-stores")
    expect(top.locator("strong", has_text="Demo store")).to_be_visible()
    expect(page.get_by_role("link", name="Download CSV")).to_be_visible()
    realtime = page.get_by_test_id("realtime")
    expect(realtime.get_by_role("heading", name=re.compile(r"Customers waiting: [1-9]"))).to_be_visible()
    expect(realtime.get_by_test_id("colleagues")).to_contain_text("Admin")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download CSV").click()
    assert "Demo store" in Path(download.value.path()).read_text()
    page.locator("main").evaluate("m => m.scrollTo(0, 0)")
    page.screenshot(path=str(artifacts / "10-stats.png"))
    page.locator(".charts").screenshot(path=str(artifacts / "10b-stats-charts.png"))
    _axe(page, "stats")
    assert errors == []
    context.close()
