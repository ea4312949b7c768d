"""Links the stage e-mails open the web client on the same host, while the API's own paths stay the API's."""
from __future__ import annotations

import re

import pytest
import requests

from tests.blackbox.stage import LocalStage

BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}


@pytest.fixture(scope="module")
def client_page(stage: LocalStage) -> str:
    page = stage.call("GET", "/", headers=dict(BROWSER))
    assert page.status_code == 200 and '<div id="app">' in page.text
    return page.text


def mailed_link(stage: LocalStage, to: str, path: str) -> str:
    mails = stage.call("GET", "/sandbox/mail", params={"to": to}).json()["items"]
    links = [link for mail in mails for link in re.findall(r"https?://\S+", mail["body"]) if path in link]
    assert links, f"no {path} link in the mails to {to}"
    assert links[-1].startswith(stage.base + path)  # the stage's own host: the same origin as the client
    return links[-1]


def opened_in_a_browser(link: str) -> requests.Response:
    return requests.get(link, headers=dict(BROWSER), timeout=30)


def test_an_invitation_link_opens_the_client(stage: LocalStage, client_page: str) -> None:
    token = stage.login()
    store_id = stage.call("GET", "/v1/stores", token=token).json()["items"][0]["id"]
    assert stage.call("POST", "/v1/invitations", {"email": "lea@demo.test", "store_id": store_id},
                      token=token).status_code == 201

    page = opened_in_a_browser(mailed_link(stage, "lea@demo.test", "/invitations/"))

    assert page.status_code == 200 and page.headers["Content-Type"].startswith("text/html")
    assert page.text == client_page


def test_a_password_reset_link_opens_the_client(stage: LocalStage, client_page: str) -> None:
    assert stage.call("POST", "/v1/auth/password-reset", {"email": "admin@demo.test"}).status_code == 202

    page = opened_in_a_browser(mailed_link(stage, "admin@demo.test", "/reset-password/"))

    assert page.status_code == 200 and page.text == client_page


def test_a_thread_link_opens_the_client_and_the_same_thread_stays_in_the_api(stage: LocalStage,
                                                                             client_page: str) -> None:
    stage.text("Bonjour, ma commande est-elle prête ?", sender="+33611112222")
    token = stage.login()
    [thread] = [t for t in stage.call("GET", "/v1/threads", token=token).json()["items"]
                if t["customer"]["phone"] == "+33611112222"]

    page = opened_in_a_browser(f"{stage.base}/threads/{thread['id']}")
    api = stage.call("GET", f"/v1/threads/{thread['id']}", token=token, headers=dict(BROWSER))

    assert page.status_code == 200 and page.text == client_page
    assert api.status_code == 200 and api.json()["id"] == thread["id"]


def test_the_api_answers_a_browser_as_the_api(stage: LocalStage) -> None:
    refused = stage.call("GET", "/v1/me", headers=dict(BROWSER))
    assert refused.status_code == 401 and refused.headers["Content-Type"] == "application/problem+json"
    assert stage.call("GET", "/openapi.json", headers=dict(BROWSER)).json()["openapi"].startswith("3.")
