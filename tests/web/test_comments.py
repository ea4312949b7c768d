"""The agent web client on an Instagram comment, in real headless Chromium against the real local stage: the
comment is labelled as one, "Reply publicly" answers under it (past the direct messages' window too), and the reply
says which comment it answers; in French as in English."""
from __future__ import annotations

from playwright.sync_api import expect

from tests.web.sign_in import log_in
from tests.web.test_web_client import _axe_both

ACCOUNT = "17841400000000077"
COMMENTER = "7300000000000777"
COMMENTER_NAME = "sandbox.customer"  # the username the comment carries names the customer


def test_an_agent_replies_publicly_to_a_comment(web_stage, browser, artifacts):
    token = web_stage.login()
    store_id = web_stage.call("GET", "/v1/stores", token=token).json()["items"][0]["id"]
    connected = web_stage.call("POST", f"/v1/stores/{store_id}/channels", {
        "kind": "instagram", "external_id": ACCOUNT, "name": "Demo Instagram", "access_token": "EAA-ig"}, token=token)
    assert connected.status_code == 201, connected.text
    written = web_stage.call("POST", "/sandbox/meta", {"channel": "instagram", "from": COMMENTER, "to": ACCOUNT,
                                                       "text": "Elle existe en rouge ?", "comment": True})
    assert written.status_code == 202, written.text
    web_stage.settle()
    moved = web_stage.call("POST", "/sandbox/clock", {"advance_seconds": 8 * 86400})  # past the 7-day window
    assert moved.status_code == 200, moved.text

    context = browser.new_context(locale="en-US", viewport={"width": 1400, "height": 900})
    errors: list[str] = []
    agent = context.new_page()
    agent.on("pageerror", lambda e: errors.append(str(e)))
    log_in(agent, web_stage.base)
    thread = agent.get_by_test_id("thread").filter(has_text=COMMENTER_NAME)
    expect(thread).to_be_visible(timeout=5000)
    thread.click()
    comment = agent.get_by_test_id("message").filter(has_text="Elle existe en rouge ?")
    expect(comment.get_by_test_id("comment-label")).to_contain_text("Comment on a post")
    comment.get_by_role("button", name="Reply publicly to: Elle existe en rouge ?").click()
    expect(agent.get_by_test_id("replying-to")).to_contain_text("Public reply to the comment")
    expect(agent.get_by_test_id("window-closed")).to_have_count(0)  # no window for a public reply
    agent.get_by_role("textbox", name="Reply").fill("Oui, en rouge et en bleu.")
    agent.get_by_role("button", name="Send").click()
    reply = agent.get_by_test_id("message").filter(has_text="Oui, en rouge et en bleu.")
    expect(reply.get_by_test_id("public-reply")).to_contain_text("Public reply to “Elle existe en rouge ?”")
    expect(agent.get_by_test_id("replying-to")).to_have_count(0)
    expect(agent.get_by_test_id("window-closed")).to_be_visible()  # a private message would need a tag again
    comment.get_by_role("button", name="Reply privately to: Elle existe en rouge ?").click()
    expect(agent.get_by_test_id("replying-to")).to_contain_text("Private message to the author of")
    agent.get_by_test_id("replying-to").get_by_role("button", name="Cancel").click()
    expect(agent.get_by_test_id("replying-to")).to_have_count(0)
    agent.screenshot(path=str(artifacts / "comment-public-reply.png"))
    _axe_both(agent, "Instagram comment answered publicly")
    web_stage.settle()
    outbox = web_stage.call("GET", "/sandbox/outbox").json()["items"]
    [sent] = [i for i in outbox if i["to"] == COMMENTER]
    assert sent["channel"] == "instagram" and sent["reply_to_comment"] and sent["body"].startswith("Oui, en rouge")

    context.close()

    french = browser.new_context(locale="fr-FR", viewport={"width": 1400, "height": 900})
    page = french.new_page()
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(web_stage.base + "/#/inbox")
    page.get_by_label("E-mail").fill("admin@demo.test")
    page.get_by_label("Mot de passe").fill("demo-password")
    page.get_by_role("button", name="Se connecter").click()
    page.get_by_test_id("thread").filter(has_text=COMMENTER_NAME).click()
    labelled = page.get_by_test_id("message").filter(has_text="Elle existe en rouge ?")
    expect(labelled.get_by_test_id("comment-label")).to_contain_text("Commentaire sur une publication")
    expect(labelled.get_by_test_id("reply-publicly")).to_have_text("Répondre publiquement")
    expect(page.get_by_test_id("public-reply")).to_contain_text("Réponse publique à « Elle existe en rouge ? »")
    french.close()
    assert errors == []
