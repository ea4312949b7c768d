"""The agent web client with Meta's customers, in real headless Chromium against the real local stage: a Messenger
customer's picture (kept from the Graph twin) in the thread list and the thread's header, initials where there is
none; a customer who only commented gets no free text box, only a reply under the comment."""
from __future__ import annotations

from playwright.sync_api import expect

from tests.web.sign_in import log_in
from tests.web.test_web_client import _axe_both

PAGE, ACCOUNT = "104060654500000", "17841400000000088"
MESSENGER_CUSTOMER, COMMENTER = "6200000000000888", "7300000000000888"
SMS_CUSTOMER = "+33699008811"  # SMS gives no picture


def test_pictures_and_a_comment_only_thread(web_stage, browser, artifacts):
    token = web_stage.login()
    store_id = web_stage.call("GET", "/v1/stores", token=token).json()["items"][0]["id"]
    for kind, external_id in (("messenger", PAGE), ("instagram", ACCOUNT)):
        connected = web_stage.call("POST", f"/v1/stores/{store_id}/channels", {
            "kind": kind, "external_id": external_id, "name": f"Demo {kind}", "access_token": "EAA-x"}, token=token)
        assert connected.status_code == 201, connected.text
    for body in ({"channel": "messenger", "from": MESSENGER_CUSTOMER, "to": PAGE, "text": "Photo de profil ?"},
                 {"channel": "instagram", "from": COMMENTER, "to": ACCOUNT, "text": "Elle existe en 38 ?",
                  "comment": True}):
        written = web_stage.call("POST", "/sandbox/meta", body)
        assert written.status_code == 202, written.text
    texted = web_stage.call("POST", "/sandbox/sms", {"from": SMS_CUSTOMER, "to": "+15550000001", "body": "Bonjour"})
    assert texted.status_code == 202, texted.text
    web_stage.settle()
    threads = web_stage.call("GET", "/v1/threads?status=waiting,replied,resolved", token=token).json()["items"]
    pictured = next(t for t in threads if t["customer"]["phone"] == MESSENGER_CUSTOMER)
    commenter = next(t for t in threads if t["customer"]["phone"] == COMMENTER)
    assert pictured["customer"]["picture_url"]

    context = browser.new_context(locale="en-US", viewport={"width": 1400, "height": 900})
    errors: list[str] = []
    agent = context.new_page()
    agent.on("pageerror", lambda e: errors.append(str(e)))
    log_in(agent, web_stage.base)
    row = agent.locator(f'a[href="#/inbox/{pictured["id"]}"]')
    expect(row.get_by_test_id("customer-picture")).to_be_visible(timeout=5000)
    loaded = row.get_by_test_id("customer-picture").evaluate("img => img.complete && img.naturalWidth > 0")
    assert loaded
    row.click()
    expect(agent.locator(".actions").get_by_test_id("customer-picture")).to_be_visible()
    texter = next(t for t in threads if t["customer"]["phone"] == SMS_CUSTOMER)
    assert texter["customer"]["picture_url"] is None
    expect(agent.locator(f'a[href="#/inbox/{texter["id"]}"]').get_by_test_id("customer-initials")).to_be_visible()

    agent.locator(f'a[href="#/inbox/{commenter["id"]}"]').click()
    notice = agent.get_by_test_id("window-closed")
    expect(notice).to_contain_text("The customer has only commented")
    expect(notice).to_contain_text("Answer under a comment")
    expect(agent.get_by_role("textbox", name="Reply")).to_be_disabled()
    comment = agent.get_by_test_id("message").filter(has_text="Elle existe en 38 ?")
    comment.get_by_role("button", name="Reply privately to: Elle existe en 38 ?").click()
    box = agent.get_by_role("textbox", name="Reply")
    expect(box).to_be_enabled()
    box.fill("Oui, en 38.")
    agent.get_by_role("button", name="Send").click()
    expect(agent.get_by_test_id("message").filter(has_text="Oui, en 38.")).to_be_visible()
    agent.screenshot(path=str(artifacts / "comment-only-thread.png"))
    _axe_both(agent, "Instagram commenter with pictures in the list")
    assert errors == []
    context.close()
