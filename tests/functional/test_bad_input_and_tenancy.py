"""Bad input gets a problem naming the field and changes nothing; another brand's ids answer 404."""
import pytest

from tests.functional.support import ALICE


def assert_problem(answer, status, field=None):
    assert answer.status == status, answer.body
    assert answer.headers["Content-Type"] == "application/problem+json"
    assert {"type", "title", "status", "detail"} <= set(answer.body)
    if field:
        assert field in answer.body["errors"], answer.body


@pytest.mark.parametrize("raw, field", [
    ("{not json", "body"),
    ("", "body"),
    ('{"name": "X"}', "timezone"),
    ('{"name": "X", "timezone": "Europe/Paris", "colour": "red"}', "colour"),
    ('{"name": "X", "timezone": "Mars/Olympus"}', "timezone"),
    ('{"name": "", "timezone": "Europe/Paris"}', "name"),
    ('{"name": "X", "timezone": "Europe/Paris", "phone_number": "not a number"}', "phone_number"),
])
def test_bad_store_input_names_the_field_and_creates_nothing(stage, raw, field):
    token = stage.login()
    assert_problem(stage.call("POST", "/v1/stores", raw=raw, token=token), 400, field)
    assert len(stage.call("GET", "/v1/stores", token=token).body["items"]) == 1


def test_bad_phone_number_when_starting_a_thread(stage):
    token = stage.login()
    store_id = stage.call("GET", "/v1/stores", token=token).body["items"][0]["id"]
    answer = stage.call("POST", "/v1/threads", {"store_id": store_id, "channel": "sms", "to": "12", "text": "Hi"},
                        token=token)
    assert_problem(answer, 400, "to")


def test_unknown_store_when_starting_a_thread(stage):
    token = stage.login()
    answer = stage.call("POST", "/v1/threads", {"store_id": "nope", "channel": "sms", "to": ALICE, "text": "Hi"},
                        token=token)
    assert_problem(answer, 400, "store_id")


def test_empty_reply_is_refused(stage):
    token = stage.login()
    stage.text("Bonjour")
    thread = stage.only_thread(token)
    assert_problem(stage.call("POST", f"/v1/threads/{thread['id']}/messages", {"text": "  "}, token=token), 400, "text")


def test_missing_forged_and_expired_tokens_get_401(stage):
    token = stage.login()
    assert_problem(stage.call("GET", "/v1/me"), 401)
    assert_problem(stage.call("GET", "/v1/me", token=token[:-4] + "AAAA"), 401)
    assert_problem(stage.call("GET", "/v1/me", token="not.a.jwt"), 401)
    stage.clock.advance(13 * 3600)
    assert_problem(stage.call("GET", "/v1/me", token=token), 401)


def test_bad_login_is_401_without_saying_which_part_was_wrong(stage):
    wrong = stage.call("POST", "/v1/auth/login", {"email": "admin@demo.test", "password": "wrong-password"})
    unknown = stage.call("POST", "/v1/auth/login", {"email": "nobody@demo.test", "password": "wrong-password"})
    assert_problem(wrong, 401)
    assert wrong.body["detail"] == unknown.body["detail"]


def test_another_brands_thread_and_store_answer_404(stage):
    demo = stage.login()
    stage.text("Bonjour")
    thread = stage.only_thread(demo)
    demo_store = stage.call("GET", "/v1/stores", token=demo).body["items"][0]["id"]
    created = stage.call("POST", "/sandbox/brands", {
        "name": "Other", "admin_email": "admin@other.test", "admin_password": "other-password",
        "store": {"name": "Other store", "timezone": "Europe/Paris", "phone_number": "+15550000002"}})
    assert created.status == 201, created.body
    other = stage.login("admin@other.test", "other-password")
    for path in (f"/v1/threads/{thread['id']}", f"/v1/threads/{thread['id']}/messages", f"/v1/stores/{demo_store}"):
        assert_problem(stage.call("GET", path, token=other), 404)
    reply = stage.call("POST", f"/v1/threads/{thread['id']}/messages", {"text": "Hi"}, token=other)
    assert_problem(reply, 404)
    assert stage.call("GET", "/v1/threads", token=other).body["items"] == []
    stage.text("Encore")
    cursor = stage.call("GET", f"/v1/threads/{thread['id']}/messages?limit=1", token=demo).body["next_cursor"]
    assert cursor
    with_cursor = stage.call("GET", f"/v1/threads/{thread['id']}/messages?limit=1&cursor={cursor}", token=other)
    assert_problem(with_cursor, 404)


def test_a_cursor_cannot_be_forged_to_read_another_partition(stage):
    token = stage.login()
    assert_problem(stage.call("GET", "/v1/threads?cursor=eyJwIjp7IkIjb3RoZXIjaW5ib3gjb3BlbiI6e319fQ", token=token),
                   400, "cursor")
    assert_problem(stage.call("GET", "/v1/threads?cursor=%%%", token=token), 400, "cursor")


def test_bad_list_parameters(stage):
    token = stage.login()
    assert_problem(stage.call("GET", "/v1/threads?status=lost", token=token), 400, "status")
    assert_problem(stage.call("GET", "/v1/threads?limit=1000", token=token), 400, "limit")
    assert_problem(stage.call("GET", "/v1/threads?limit=abc", token=token), 400, "limit")
    assert_problem(stage.call("GET", "/v1/threads?sort=alphabetical", token=token), 400, "sort")
