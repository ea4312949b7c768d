"""Black box: the local stage throttles failed logins and password reset mails on the sandbox clock."""
from datetime import datetime, timedelta

WRONG = {"email": "admin@demo.test", "password": "wrong-password"}
RIGHT = {"email": "admin@demo.test", "password": "demo-password"}


def next_hour(stage):
    """Moves the sandbox clock to the next full hour (and a second): every window starts with the test."""
    now = datetime.fromisoformat(stage.call("GET", "/sandbox/clock").json()["now"].replace("Z", "+00:00"))
    start = now.replace(minute=0, second=1, microsecond=0) + timedelta(hours=1)
    moved = stage.call("POST", "/sandbox/clock", {"now": start.isoformat().replace("+00:00", "Z")})
    assert moved.status_code == 200, moved.text


def test_five_wrong_passwords_lock_the_account_until_the_sandbox_clock_passes_the_window(stage):
    next_hour(stage)
    for _ in range(5):
        assert stage.call("POST", "/v1/auth/login", WRONG).status_code == 401
    locked = stage.call("POST", "/v1/auth/login", RIGHT)
    assert locked.status_code == 429, locked.text
    assert locked.headers["Content-Type"] == "application/problem+json"
    assert 0 < int(locked.headers["Retry-After"]) <= 15 * 60
    assert stage.call("POST", "/sandbox/clock", {"advance_seconds": 15 * 60}).status_code == 200
    assert stage.call("POST", "/v1/auth/login", RIGHT).status_code == 200


def test_fifty_reset_requests_send_three_mails_all_answered_202(stage):
    next_hour(stage)
    answers = [stage.call("POST", "/v1/auth/password-reset", {"email": "admin@demo.test"}) for _ in range(50)]
    assert {a.status_code for a in answers} == {202}
    mails = stage.call("GET", "/sandbox/mail", params={"to": "admin@demo.test"}).json()["items"]
    assert len([m for m in mails if "/reset-password/" in m["body"]]) == 3
