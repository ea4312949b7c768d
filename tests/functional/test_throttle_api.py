"""Throttling through the API: login locks, reset mails, invitations, texts started, and what a login costs."""
from bench import ddbcount
from tests.functional.test_admin import demo_store
from tests.functional.test_bad_input_and_tenancy import assert_problem

RECORDER = ddbcount.install()  # before the stage makes its DynamoDB clients: every call is seen
WRONG = {"email": "admin@demo.test", "password": "wrong-password"}
RIGHT = {"email": "admin@demo.test", "password": "demo-password"}


def test_five_failed_logins_lock_the_email_until_the_window_is_over(stage):
    for _ in range(5):
        assert_problem(stage.call("POST", "/v1/auth/login", WRONG), 401)
    locked = stage.call("POST", "/v1/auth/login", RIGHT)
    assert_problem(locked, 429)
    assert locked.headers["Retry-After"] == str(15 * 60)  # the stage's clock starts on a window's first second
    assert locked.headers["Content-Type"] == "application/problem+json"
    stage.clock.advance(10 * 60)
    answer = stage.call("POST", "/v1/auth/login", WRONG)
    assert_problem(answer, 429)
    assert answer.headers["Retry-After"] == str(5 * 60)
    stage.clock.advance(5 * 60)
    assert stage.call("POST", "/v1/auth/login", RIGHT).status == 200
    trail = stage.call("GET", "/v1/audit", token=stage.login()).body["items"]
    locked_entries = [e for e in trail if e["action"] == "login.locked"]
    assert len(locked_entries) == 1 and locked_entries[0]["actor"] == {"id": None, "email": None}  # the system did
    assert locked_entries[0]["target"]["kind"] == "agent"


def test_an_unknown_email_answers_as_a_known_one_and_is_locked_the_same(stage):
    unknown = {"email": "nobody@demo.test", "password": "wrong-password"}
    answers = [stage.call("POST", "/v1/auth/login", unknown) for _ in range(6)]
    known = [stage.call("POST", "/v1/auth/login", WRONG) for _ in range(6)]
    assert [a.status for a in answers] == [a.status for a in known] == [401] * 5 + [429]
    assert answers[0].body == known[0].body


def test_a_login_costs_one_dynamodb_call_more_whether_it_succeeds_or_fails(stage):
    stage.login()  # connections made
    for attempt, expected in [(RIGHT, 200), (WRONG, 401)]:
        with RECORDER.counting() as calls:
            assert stage.call("POST", "/v1/auth/login", attempt).status == expected
        throttle_calls = [c for c in calls if "THROTTLE#" in c.describe()]
        assert len(throttle_calls) == 1, ddbcount.sequence(calls)


def test_fifty_reset_requests_send_three_mails_and_all_answer_202(stage):
    answers = [stage.call("POST", "/v1/auth/password-reset", {"email": "admin@demo.test"}) for _ in range(50)]
    assert {a.status for a in answers} == {202}
    assert len(stage.call("GET", "/sandbox/mail?to=admin@demo.test").body["items"]) == 3
    stage.clock.advance(3600)
    assert stage.call("POST", "/v1/auth/password-reset", {"email": "admin@demo.test"}).status == 202
    assert len(stage.call("GET", "/sandbox/mail?to=admin@demo.test").body["items"]) == 4


def test_invitations_beyond_the_hourly_limit_are_429_and_send_nothing(stage):
    admin = stage.login()
    store_id = demo_store(stage, admin)
    for i in range(30):
        assert stage.call("POST", "/v1/invitations", {"email": f"p{i}@demo.test", "store_id": store_id},
                          token=admin).status == 201
    refused = stage.call("POST", "/v1/invitations", {"email": "late@demo.test", "store_id": store_id}, token=admin)
    assert_problem(refused, 429)
    assert int(refused.headers["Retry-After"]) == 3600
    assert stage.call("GET", "/sandbox/mail?to=late@demo.test").body["items"] == []


def test_conversations_started_beyond_the_hourly_limit_are_429(stage):
    admin = stage.login()
    store_id = demo_store(stage, admin)
    for i in range(60):
        start = {"store_id": store_id, "channel": "sms", "to": f"+336123456{i:02d}", "text": "Bonjour"}
        assert stage.call("POST", "/v1/threads", start, token=admin).status == 201
    late = {"store_id": store_id, "channel": "sms", "to": "+33612349999", "text": "Bonjour"}
    assert_problem(stage.call("POST", "/v1/threads", late, token=admin), 429)
