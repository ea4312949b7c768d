"""The built client under the Content-Security-Policy CloudFront adds on AWS: every page works and nothing is refused.

The local stage sends no such header; the browser gets it here on each page, exactly as the template sets it.
"""
from __future__ import annotations

from playwright.sync_api import Page, Route, expect

from infra.web import CONTENT_SECURITY_POLICY
from tests.web.sign_in import log_in

WATCH_VIOLATIONS = """
window.__refused = [];
document.addEventListener('securitypolicyviolation',
  (e) => window.__refused.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));
"""


def _with_policy(route: Route) -> None:
    if route.request.resource_type != "document":
        route.continue_()
        return
    answer = route.fetch()
    route.fulfill(response=answer, headers={**answer.headers, "content-security-policy": CONTENT_SECURITY_POLICY})


def _refused(page: Page) -> list[str]:
    refused: list[str] = page.evaluate("window.__refused")
    return refused


def test_every_page_of_the_client_works_under_the_policy(web_stage, browser):
    customer = "+33677001122"
    web_stage.text("Is the blue one back in stock?", sender=customer)
    admin = web_stage.login()
    [thread] = [t for t in web_stage.call("GET", "/v1/threads", token=admin).json()["items"]
                if t["customer"]["phone"] == customer]
    context = browser.new_context(locale="en-US", viewport={"width": 1400, "height": 900})
    context.add_init_script(WATCH_VIOLATIONS)
    context.route("**/*", _with_policy)
    console: list[str] = []
    page = context.new_page()
    page.on("console", lambda m: console.append(m.text))
    refused: list[str] = []

    document = page.goto(web_stage.base + "/invitations/tok_unknown")
    assert document is not None and document.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    refused += _refused(page)
    log_in(page, web_stage.base)
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    page.goto(f"{web_stage.base}/threads/{thread['id']}")  # the e-mailed thread link
    expect(page.get_by_test_id("message").filter(has_text="blue one")).to_be_visible()
    refused += _refused(page)
    for hash_route, heading in [("#/stats", "Statistics"), ("#/admin", None), ("#/account", None),
                                ("#/mentions", None)]:
        page.goto(f"{web_stage.base}/{hash_route}")
        page.reload()  # a fresh document: each page is checked from its first script on
        if heading:
            expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible()
        page.wait_for_load_state("networkidle")
        refused += _refused(page)
    context.close()

    assert refused == []
    assert [m for m in console if "Content Security Policy" in m] == []
