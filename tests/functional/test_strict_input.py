"""Strict input: bodies strictly typed, a JSON media type required, sizes checked before anything is stored."""
import json
from urllib.parse import urlencode

from tests.functional.test_webhooks import FORM, URL, post_signed, twilio_form


def assert_problem(answer, status, field):
    assert answer.status == status, answer.body
    assert answer.headers["Content-Type"] == "application/problem+json"
    assert field in answer.body["errors"], answer.body


def test_a_string_is_not_a_number_nor_a_number_a_boolean(stage):
    admin = stage.login()
    assert_problem(stage.call("PATCH", "/v1/brand", {"slots_per_agent": "3"}, token=admin), 400, "slots_per_agent")
    assert_problem(stage.call("PATCH", "/v1/me", {"notify_mention": 0}, token=admin), 400, "notify_mention")
    assert_problem(stage.call("PATCH", "/v1/me", {"first_name": 5}, token=admin), 400, "first_name")
    assert stage.call("PATCH", "/v1/brand", {"slots_per_agent": 3}, token=admin).body["slots_per_agent"] == 3
    assert stage.call("PATCH", "/v1/me", {"notify_mention": False}, token=admin).body["notify_mention"] is False


def test_a_json_route_takes_json_only(stage):
    admin = stage.login()
    store = json.dumps({"name": "Lyon", "timezone": "Europe/Paris"})
    bare = stage.client.http.request("POST", "/v1/stores", headers={"Authorization": f"Bearer {admin}"}, body=store)
    assert bare.status_code == 415
    assert bare.headers["Content-Type"] == "application/problem+json"
    assert "Content-Type" in json.loads(bare.body)["errors"]
    as_text = stage.call("POST", "/v1/stores", raw=store, headers={"Content-Type": "text/plain"}, token=admin)
    assert_problem(as_text, 415, "Content-Type")
    with_charset = stage.call("POST", "/v1/stores", raw=store, token=admin,
                              headers={"Content-Type": "application/json; charset=utf-8"})
    assert with_charset.status == 201
    assert stage.call("GET", "/v1/stores", token=admin).body["items"]  # a GET without a body needs no type
    assert_problem(stage.call("POST", "/v1/stores", raw="[1, 2]", token=admin), 400, "body")


def test_no_store_or_agent_with_a_malformed_value(stage):
    admin = stage.login()
    for body, field in [({"name": "Lyon", "timezone": "Mars/Olympus"}, "timezone"),
                        ({"name": " ", "timezone": "Europe/Paris"}, "name"),
                        ({"name": "Lyon", "timezone": "Europe/Paris", "phone_number": "call me"}, "phone_number")]:
        assert_problem(stage.call("POST", "/v1/stores", body, token=admin), 400, field)
    invite = {"email": "not-an-address", "store_id": "x"}
    assert_problem(stage.call("POST", "/v1/invitations", invite, token=admin), 400, "email")


def test_a_body_over_the_size_limit_is_refused_before_it_is_read(stage):
    admin = stage.login()
    huge = json.dumps({"name": "x" * 300_000, "timezone": "Europe/Paris"})
    assert_problem(stage.call("POST", "/v1/stores", raw=huge, token=admin), 413, "body")


def test_an_sms_body_over_1600_characters_is_refused_whole_and_nothing_is_stored(stage):
    admin = stage.login()
    assert post_signed(stage, twilio_form(body="a" * 1600)).status == 200
    for size in (1601, 1_000_000):
        answer = post_signed(stage, twilio_form(sid=f"SM{size:032d}", body="b" * size))
        assert answer.status == 413, answer.body
        assert answer.headers["Content-Type"] == "application/problem+json"
    stage.settle()
    thread = stage.only_thread(admin)
    texts = [m["text"] for m in stage.call("GET", f"/v1/threads/{thread['id']}/messages", token=admin).body["items"]]
    assert texts == ["a" * 1600]


def test_a_long_signed_form_is_refused_by_size_not_parsed(stage):
    answer = stage.call("POST", URL.split("8000", 1)[1], raw=urlencode({"Body": "c" * 70_000}), headers=FORM)
    assert answer.status == 413


def test_query_values_are_checked_as_the_document_says(stage):
    """What schemathesis found: an empty or too large page size, an unknown sandbox switch, a blank address."""
    admin = stage.login()
    assert_problem(stage.call("GET", "/v1/notifications?limit=101", token=admin), 400, "limit")
    assert_problem(stage.call("GET", "/v1/notifications?limit=", token=admin), 400, "limit")
    assert_problem(stage.call("GET", "/v1/audit?limit=", token=admin), 400, "limit")
    assert stage.call("GET", "/v1/notifications?limit=100", token=admin).status == 200
    sms = {"from": "+33612345678", "to": "+15550000001", "body": "Bonjour"}
    assert_problem(stage.call("POST", "/sandbox/sms?webhook=AAA", sms), 400, "webhook")
    assert stage.call("POST", "/sandbox/sms?webhook=lost", sms).body["stored"] is False
    blank = stage.call("PATCH", "/v1/brand", {"service_email": " " * 70}, token=admin)
    assert blank.status == 200 and blank.body["service_email"] is None, blank.body  # blank takes the address away
    assert_problem(stage.call("PATCH", "/v1/me", {"email": "new@demo.test", "current_password": ""}, token=admin),
                   400, "current_password")


def test_an_empty_status_filter_is_the_default(stage):
    admin = stage.login()
    default = stage.call("GET", "/v1/threads", token=admin).body
    empty = stage.call("GET", "/v1/threads?status=", token=admin).body
    assert empty["counts"] == default["counts"] and len(empty["items"]) == len(default["items"])
    assert_problem(stage.call("GET", "/v1/threads?status=open", token=admin), 400, "status")


def test_a_search_is_at_most_200_characters(stage):
    admin = stage.login()
    assert_problem(stage.call("GET", "/v1/threads?q=" + "0" * 201, token=admin), 400, "q")
    assert stage.call("GET", "/v1/threads?q=" + "0" * 200, token=admin).status == 200
