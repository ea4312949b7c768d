"""The WSGI adapter maps HTTP to and from the Chalice app as API Gateway does, and serves the web client."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from chalice.app import Chalice
from werkzeug.test import Client

from local.gateway import GatewayApp, web_root


@pytest.fixture
def web(tmp_path: Path) -> Path:
    (tmp_path / "web").mkdir()
    (tmp_path / "web" / "index.html").write_text("<html>client</html>")
    (tmp_path / "web" / "app.js").write_text("console.log('hi')")
    (tmp_path / "secret.txt").write_text("not served")
    return tmp_path / "web"


@pytest.fixture
def http(fake, web: Path) -> Client:
    return Client(GatewayApp(fake.app, static_dir=web))


def test_method_path_query_headers_and_body_reach_the_route(http):
    answer = http.post(
        "/echo/caf%C3%A9?q=hello+world&tag=a&tag=b",
        data=b'{"text": "hi"}',
        headers={"Content-Type": "application/json", "X-Twilio-Signature": "sig", "Authorization": "Bearer t"},
    )

    assert answer.status_code == 200
    echoed = answer.get_json()
    assert echoed["method"] == "POST"
    assert echoed["name"] == "café"
    assert echoed["query"] == {"q": "hello world", "tag": "b"}
    assert echoed["headers"]["x-twilio-signature"] == "sig"
    assert echoed["headers"]["authorization"] == "Bearer t"
    assert echoed["body"] == '{"text": "hi"}'


def test_path_parameters_arrive_decoded_and_encoded_separators_stay_inside_them(http):
    assert http.get("/echo/a%23b%3Fc%2Fd%20e").get_json()["name"] == "a#b?c/d e"


def test_status_headers_and_body_come_back(http):
    answer = http.post("/created")

    assert answer.status_code == 201
    assert answer.headers["Content-Type"] == "text/xml"
    assert answer.headers["Location"] == "/things/1"
    assert answer.get_data(as_text=True) == "<Response/>"


def test_binary_bodies_go_both_ways(http):
    answer = http.post(
        "/picture", data=b"\x89PNG\x00\xff", headers={"Content-Type": "image/png", "Accept": "image/png"}
    )

    assert answer.status_code == 200
    assert answer.headers["Content-Type"] == "image/png"
    assert answer.get_data() == b"\xff\x00GNP\x89"


def test_an_unknown_path_answers_as_api_gateway_does(http):
    answer = http.get("/v1/nothing-here")

    assert answer.status_code == 403
    assert answer.get_json() == {"message": "Missing Authentication Token"}


def test_a_method_the_route_lacks_is_refused(http):
    assert http.patch("/echo/x").status_code == 405


def test_the_web_client_is_served(http):
    assert http.get("/").get_data(as_text=True) == "<html>client</html>"
    script = http.get("/app.js")
    assert script.status_code == 200
    assert script.get_data(as_text=True) == "console.log('hi')"
    assert "javascript" in script.headers["Content-Type"]


def test_built_assets_are_kept_by_the_browser_and_the_page_is_checked_again(http, web: Path):
    (web / "assets").mkdir()
    (web / "assets" / "index-abc123.js").write_text("console.log('built')")

    asset = http.get("/assets/index-abc123.js")
    page = http.get("/")
    unchanged = http.get("/", headers={"If-None-Match": page.headers["ETag"]})

    assert "immutable" in asset.headers["Cache-Control"] and "max-age=31536000" in asset.headers["Cache-Control"]
    assert "no-cache" in page.headers["Cache-Control"]
    assert unchanged.status_code == 304
    assert "immutable" not in http.get("/app.js").headers["Cache-Control"]


def test_a_browser_opening_a_client_link_gets_the_client(http):
    answer = http.get("/invitations/tok123", headers={"Accept": "text/html,application/xhtml+xml"})
    assert answer.get_data(as_text=True) == "<html>client</html>"


def test_an_api_route_stays_the_api_even_for_a_browser(http):
    answer = http.get("/echo/x", headers={"Accept": "text/html"})
    assert answer.get_json()["name"] == "x"


def test_files_outside_the_web_folder_are_not_served(http):
    assert http.get("/../secret.txt").status_code == 403  # reaches the API, which has no such route
    assert http.get("/%2e%2e/secret.txt").status_code == 403


def test_without_a_web_folder_everything_goes_to_the_api(fake):
    http = Client(GatewayApp(fake.app, static_dir=None))
    assert http.get("/").status_code == 403


def test_the_built_client_is_preferred_to_the_sources(tmp_path: Path):
    assert web_root(tmp_path) is None
    (tmp_path / "web").mkdir()
    assert web_root(tmp_path) == tmp_path / "web"
    (tmp_path / "web" / "dist").mkdir()
    assert web_root(tmp_path) == tmp_path / "web" / "dist"


def test_concurrent_requests_each_see_their_own_current_request(fake, web: Path):
    http = GatewayApp(fake.app, static_dir=web)
    answers: list[dict[str, str]] = []

    def ask(name: str) -> None:
        for _ in range(3):
            answers.append(Client(http).get(f"/whoami/{name}").get_json())

    threads = [threading.Thread(target=ask, args=(f"n{i}",)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(answers) == 12
    assert all(answer["current_request"] == answer["name"] for answer in answers)


@pytest.fixture
def comptoir_shaped(web: Path) -> Client:
    """The e-mailed links' API twins, as Comptoir's routes have them: each link opens the client, each twin the API."""
    app = Chalice(app_name="comptoir-shaped")

    @app.route("/v1/threads/{thread_id}")
    def thread(thread_id: str) -> dict[str, str]:
        return {"thread": thread_id}

    @app.route("/v1/invitations/{token}/accept", methods=["POST"])
    def accept(token: str) -> dict[str, str]:
        return {"accepted": token}

    @app.route("/v1/auth/password-reset/{token}", methods=["POST"])
    def reset(token: str) -> dict[str, str]:
        return {"reset": token}

    return Client(GatewayApp(app, static_dir=web))


BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}


@pytest.mark.parametrize("link", ["/invitations/tok_3fa9", "/reset-password/rst_81c2", "/threads/th_01J9Z"])
def test_each_e_mailed_link_opens_the_client(comptoir_shaped: Client, link: str) -> None:
    answer = comptoir_shaped.get(link, headers=BROWSER)
    assert answer.status_code == 200
    assert answer.get_data(as_text=True) == "<html>client</html>"


def test_the_links_api_twins_stay_the_api(comptoir_shaped: Client) -> None:
    assert comptoir_shaped.get("/v1/threads/th_01J9Z", headers=BROWSER).get_json() == {"thread": "th_01J9Z"}
    assert comptoir_shaped.post("/v1/invitations/tok_3fa9/accept").get_json() == {"accepted": "tok_3fa9"}
    assert comptoir_shaped.post("/v1/auth/password-reset/rst_81c2").get_json() == {"reset": "rst_81c2"}
