"""Black box: statistics computed from the local stage's real stream, read over HTTP."""
from datetime import datetime
from zoneinfo import ZoneInfo

CUSTOMER = "+33612121212"


def paris_today(stage) -> str:
    now = datetime.fromisoformat(stage.call("GET", "/sandbox/clock").json()["now"].replace("Z", "+00:00"))
    return now.astimezone(ZoneInfo("Europe/Paris")).date().isoformat()


def test_an_answered_contact_then_an_unanswered_one(stage):
    token = stage.login()
    stage.text("Bonjour, une question", sender=CUSTOMER)
    threads = stage.call("GET", "/v1/threads", token=token).json()["items"]
    thread = next(t for t in threads if t["customer"]["phone"] == CUSTOMER)
    stage.call("POST", "/sandbox/clock", {"advance_seconds": 120})
    assert stage.call("POST", f"/v1/threads/{thread['id']}/messages", {"text": "Oui ?"}, token=token).status_code == 201
    stage.settle()
    day = paris_today(stage)
    report = stage.call("GET", f"/v1/stats?from={day}&to={day}", token=token).json()
    assert report["response_rate"]["value"] == 1.0 and report["contacts"]["value"] == 1
    assert report["response_time_seconds"]["value"] is not None
    stage.text("Et une autre", sender=CUSTOMER)
    report = stage.call("GET", f"/v1/stats?from={day}&to={day}", token=token).json()
    assert report["response_rate"]["value"] == 0.5 and report["contacts"]["value"] == 2
    top = stage.call("GET", f"/v1/stats/top-stores.csv?from={day}&to={day}", token=token)
    assert top.status_code == 200 and "Demo store" in top.text
    realtime = stage.call("GET", "/v1/stats/realtime", token=token).json()
    assert realtime["waiting"]["total"] >= 1
