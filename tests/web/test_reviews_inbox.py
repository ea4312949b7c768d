"""The reviews inbox in real headless Chromium against the real local stage: a one-star review posted by the
integration is at the top of the alerts section, above a newer text; it shows its stars (read out "1 out of 5"),
source, type and category; the reply box says "Public reply" and the answer is kept on the review; the statistics
page counts it; in French too."""
from __future__ import annotations

from playwright.sync_api import expect

from tests.web.test_web_client import _axe_both

ALICE = "+33612345678"


def _login(page, base, email_label="E-mail", password_label="Password", button="Log in"):  # type: ignore[no-untyped-def]
    page.goto(base + "/#/inbox")
    page.get_by_label(email_label).fill("admin@demo.test")
    page.get_by_label(password_label).fill("demo-password")
    page.get_by_role("button", name=button).click()


def test_a_one_star_review_is_at_the_top_of_the_alerts_and_gets_a_public_reply(web_stage, browser, artifacts):
    token = web_stage.login()
    store_id = web_stage.call("GET", "/v1/stores", token=token).json()["items"][0]["id"]
    posted = web_stage.call("POST", f"/v1/stores/{store_id}/reviews", {
        "source": "google", "external_id": "g-web-1", "rating": 1, "text": "Une heure d'attente en caisse.",
        "category": "checkout", "author": {"name": "Camille R."}, "created_at": "2026-11-22T18:30:00Z"}, token=token)
    assert posted.status_code == 201, posted.text
    moved = web_stage.call("POST", "/sandbox/clock", {"advance_seconds": 60})
    assert moved.status_code == 200, moved.text
    texted = web_stage.call("POST", "/sandbox/sms", {"from": ALICE, "to": web_stage.call(
        "GET", "/v1/stores", token=token).json()["items"][0]["phone_number"], "body": "Bonjour, ma commande ?"})
    assert texted.status_code == 202, texted.text
    web_stage.settle()

    context = browser.new_context(locale="en-US", viewport={"width": 1400, "height": 900})
    errors: list[str] = []
    agent = context.new_page()
    agent.on("pageerror", lambda e: errors.append(str(e)))
    _login(agent, web_stage.base)
    threads = agent.get_by_test_id("thread")
    expect(threads).to_have_count(2, timeout=5000)
    first = threads.first
    expect(first).to_contain_text("Camille R.")  # the review, older, comes first: it is an alert
    expect(first.get_by_test_id("alert-marker")).to_be_visible()
    expect(first.get_by_role("img", name="1 out of 5")).to_be_visible()
    expect(agent.locator(".section-head").first).to_have_text("Alerts")
    first.click()
    review = agent.get_by_test_id("message").filter(has_text="Une heure d'attente en caisse.")
    head = review.get_by_test_id("review")
    expect(head.get_by_role("img", name="1 out of 5")).to_be_visible()
    expect(head).to_contain_text("on google")
    expect(head.get_by_test_id("review-type")).to_contain_text("Dissatisfied")
    expect(head.get_by_role("img", name="Dissatisfied")).to_be_visible()
    expect(head.get_by_test_id("review-category")).to_contain_text("checkout")
    expect(agent.get_by_test_id("review-answer-way")).to_contain_text("Public reply")
    agent.get_by_role("textbox", name="Reply").fill("Toutes nos excuses, nous renforçons l'équipe en caisse.")
    agent.get_by_role("button", name="Send").click()
    answer = agent.get_by_test_id("message").filter(has_text="Toutes nos excuses")
    expect(answer.get_by_test_id("public-review-reply")).to_have_text("Public reply")
    expect(answer).to_contain_text("Kept for the source (not sent)")
    agent.screenshot(path=str(artifacts / "review-one-star.png"))
    _axe_both(agent, "one-star review answered publicly")
    agent.get_by_role("link", name="Statistics").click()
    expect(agent.get_by_test_id("ind-reviews").locator("td").first).to_have_text("1", timeout=5000)
    expect(agent.get_by_test_id("ind-average_rating").locator("td").first).to_have_text("1")
    expect(agent.get_by_test_id("ind-reviews_answered_rate").locator("td").first).to_have_text("100%")
    expect(agent.get_by_test_id("by-channel")).to_contain_text("Reviews")
    web_stage.settle()
    assert [i for i in web_stage.call("GET", "/sandbox/outbox").json()["items"] if i["body"].startswith("Toutes")] == []
    context.close()

    french = browser.new_context(locale="fr-FR", viewport={"width": 1400, "height": 900})
    page = french.new_page()
    page.on("pageerror", lambda e: errors.append(str(e)))
    _login(page, web_stage.base, "E-mail", "Mot de passe", "Se connecter")
    page.get_by_test_id("thread").filter(has_text="Camille R.").click()
    head = page.get_by_test_id("review")
    expect(head.get_by_role("img", name="1 sur 5")).to_be_visible()
    expect(head.get_by_test_id("review-type")).to_contain_text("Insatisfait")
    expect(page.get_by_test_id("review-answer-way")).to_contain_text("Réponse publique")
    french.close()
    assert errors == []
