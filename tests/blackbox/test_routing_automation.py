"""Black box: routing and automation on the real local stage (G2, G3, H1-H3, F2, F3), driven by the sandbox clock.

Never sleeps: the clock moves with POST /sandbox/clock {advance_seconds}, then POST /sandbox/settle drains the
stream and runs the minute sweep at the sandbox's now. Tokens last 12 h of sandbox time, so every test logs in
again rather than keeping tokens across tests. Every test texts from its own customer number.

The tests share one stage (the module-scoped `stage` fixture of conftest.py) and run in file order; each one
puts back the store settings it changed (escalation off, no automatic messages, 5 slots).
"""
from datetime import datetime, timedelta
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

import pytest

PARIS = ZoneInfo("Europe/Paris")
PASSWORD = "agent-password"
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


# -- helpers ---------------------------------------------------------------------------------------------------------
def ok(answer, status=200):
    assert answer.status_code == status, f"{answer.request.method} {answer.request.url}: {answer.status_code} " \
                                         f"{answer.text}"
    return answer.json()


def demo_store_id(stage, admin):
    stores = ok(stage.call("GET", "/v1/stores", token=admin))["items"]
    return next(s["id"] for s in stores if s["name"] == "Demo store")


def invite(stage, admin, store_id, email, first_name):
    """An agent of the store through the invitation e-mail; returns (agent id, token)."""
    ok(stage.call("POST", "/v1/invitations", {"email": email, "store_id": store_id}, token=admin), 201)
    mail = ok(stage.call("GET", "/sandbox/mail", params={"to": email}))["items"][0]
    link = next(word for word in mail["body"].split() if "/invitations/" in word)
    accepted = ok(stage.call("POST", f"/v1/invitations/{link.rsplit('/', 1)[1]}/accept",
                             {"password": PASSWORD, "first_name": first_name, "last_name": "Test"}))
    return accepted["agent"]["id"], accepted["token"]


def contactable_and_available(stage, admin, store_id, agent_id, email):
    """Rights on the demo store (perimeter + contactable) and chat presence available; returns a fresh token."""
    rights = {"stores": {store_id: {"perimeter": True, "contactable": True, "admin": False}}}
    saved = ok(stage.call("PUT", f"/v1/agents/{agent_id}/rights", rights, token=admin))
    assert saved["stores"][store_id]["contactable"] is True
    token = stage.login(email, PASSWORD)
    presence = ok(stage.call("PUT", "/v1/me/presence", {"channel": "chat", "state": "available"}, token=token))
    assert presence["effective"]["chat"] == "available", presence
    return token


@pytest.fixture(scope="module")
def team(stage):
    """Two invited agents of the demo store, contactable and available on chat: {name: (id, e-mail)}."""
    admin = stage.login()
    store_id = demo_store_id(stage, admin)
    people = {}
    for name in ("ana", "ben"):
        email = f"{name}@routing.test"
        agent_id, _ = invite(stage, admin, store_id, email, name.title())
        contactable_and_available(stage, admin, store_id, agent_id, email)
        people[name] = (agent_id, email)
    return people


def login_as(stage, team, name):
    return stage.login(team[name][1], PASSWORD)


def threads(stage, token, **query):
    return ok(stage.call("GET", "/v1/threads?" + urlencode(query), token=token))["items"]


def thread_of(stage, token, phone):
    """The customer's thread as the inbox list shows it (every status)."""
    found = [t for t in threads(stage, token, status="waiting,replied,resolved") if t["customer"]["phone"] == phone]
    assert len(found) == 1, found
    return found[0]


def notifications(stage, token):
    return ok(stage.call("GET", "/v1/notifications", token=token))["items"]


def notified_about(stage, token, thread_id):
    """Kinds of the agent's notifications about one thread, oldest first."""
    return [n["kind"] for n in reversed(notifications(stage, token)) if n["thread_id"] == thread_id]


def outbox_bodies(stage, phone):
    """Bodies of the SMS sent to the customer, oldest first."""
    return [m["body"] for m in reversed(ok(stage.call("GET", "/sandbox/outbox", params={"to": phone}))["items"])]


def advance(stage, seconds):
    before = ok(stage.call("GET", "/sandbox/clock"))["now"]
    after = ok(stage.call("POST", "/sandbox/clock", {"advance_seconds": seconds}))["now"]
    assert after > before
    stage.settle()


def sandbox_now(stage):
    raw = ok(stage.call("GET", "/sandbox/clock"))["now"]
    return datetime.fromisoformat(raw.replace("Z", "+00:00"))


def put_escalation(stage, admin, store_id, mode, delay_minutes=5, agent_ids=()):
    return stage.call("PUT", f"/v1/stores/{store_id}/escalation",
                      {"mode": mode, "delay_minutes": delay_minutes, "agent_ids": list(agent_ids)}, token=admin)


def put_auto_messages(stage, admin, store_id, greetings=None, closed=None):
    return stage.call("PUT", f"/v1/stores/{store_id}/auto-messages",
                      {"greetings": greetings or {}, "closed": closed or {"text": "", "hours": []}}, token=admin)


def messages(stage, token, thread_id):
    return ok(stage.call("GET", f"/v1/threads/{thread_id}/messages", token=token))["items"]


# -- (a) escalation ------------------------------------------------------------------------------------------------
def test_ordered_escalation_walks_the_list_round_and_stops_at_an_answer(stage, team):
    customer = "+33610000001"
    admin = stage.login()
    store_id = demo_store_id(stage, admin)
    ana_id, ben_id = team["ana"][0], team["ben"][0]
    saved = ok(put_escalation(stage, admin, store_id, "ordered", 5, [ana_id, ben_id]))
    assert saved == {"store_id": store_id, "mode": "ordered", "delay_minutes": 5, "agent_ids": [ana_id, ben_id]}
    try:
        stage.text("Bonjour, quelqu'un ?", sender=customer)
        ana, ben = login_as(stage, team, "ana"), login_as(stage, team, "ben")
        thread = thread_of(stage, admin, customer)
        assert thread["status"] == "waiting"
        assert thread["escalation"]["agent_id"] == ana_id
        # Only the agent escalated to is told, not every connected agent.
        assert notified_about(stage, ana, thread["id"]) == ["new_message"]
        assert notified_about(stage, ben, thread["id"]) == []

        advance(stage, 5 * 60)  # nobody answered within 5 minutes: the next agent of the list
        thread = thread_of(stage, admin, customer)
        assert thread["escalation"]["agent_id"] == ben_id
        assert notified_about(stage, ben, thread["id"]) == ["escalation"]
        assert notified_about(stage, ana, thread["id"]) == ["new_message"]

        advance(stage, 5 * 60)  # the end of the list: round to the top
        thread = thread_of(stage, admin, customer)
        assert thread["escalation"]["agent_id"] == ana_id
        assert notified_about(stage, ana, thread["id"]) == ["new_message", "escalation"]
        assert notified_about(stage, ben, thread["id"]) == ["escalation"]

        ok(stage.call("POST", f"/v1/threads/{thread['id']}/messages", {"text": "Je suis là."}, token=ben), 201)
        stage.settle()
        answered = thread_of(stage, admin, customer)
        assert answered["status"] == "replied" and answered["escalation"] is None
        assert answered["assigned_agent_id"] == ben_id

        for _ in range(3):  # the pending step is stale: nobody new is told
            advance(stage, 5 * 60)
        assert notified_about(stage, ana, thread["id"]) == ["new_message", "escalation"]
        assert notified_about(stage, ben, thread["id"]) == ["escalation"]
        assert thread_of(stage, admin, customer)["escalation"] is None
    finally:
        ok(put_escalation(stage, stage.login(), store_id, "off", 5, []))


def test_escalation_delay_counts_only_while_the_store_is_open(stage, team):
    """Closed from 1 h before to 1 h after the sandbox's now (Paris wall clock): the 5 minutes start at opening."""
    customer = "+33610000007"
    admin = stage.login()
    store_id = demo_store_id(stage, admin)
    ana_id, ben_id = team["ana"][0], team["ben"][0]
    start = sandbox_now(stage).astimezone(PARIS).replace(second=0, microsecond=0) - timedelta(hours=1)
    closing = {"day": DAYS[start.weekday()], "from": start.strftime("%H:%M"),
               "to": (start + timedelta(hours=2)).strftime("%H:%M")}
    ok(put_auto_messages(stage, admin, store_id, closed={"text": "", "hours": [closing]}))
    ok(put_escalation(stage, admin, store_id, "ordered", 5, [ana_id, ben_id]))
    try:
        stage.text("Il y a quelqu'un ?", sender=customer)
        assert thread_of(stage, admin, customer)["escalation"]["agent_id"] == ana_id  # told at once, even closed
        advance(stage, 50 * 60)  # still closed: no open time has passed
        assert thread_of(stage, admin, customer)["escalation"]["agent_id"] == ana_id
        # Reopened at most 60 min after the text (the range starts on a whole minute): 67 min in, between 5 and 10
        # minutes of open time have passed, so exactly one step is due (at 10, the step after it would be too).
        advance(stage, 17 * 60)
        ben = login_as(stage, team, "ben")
        thread = thread_of(stage, stage.login(), customer)
        assert thread["escalation"]["agent_id"] == ben_id
        assert notified_about(stage, ben, thread["id"]) == ["escalation"]
        assert notified_about(stage, login_as(stage, team, "ana"), thread["id"]) == ["new_message"]
    finally:
        admin = stage.login()
        ok(put_escalation(stage, admin, store_id, "off", 5, []))
        ok(put_auto_messages(stage, admin, store_id))


# -- (b) closed hours and greeting -------------------------------------------------------------------------------
def test_closed_message_once_per_closed_period_then_greeting_once_open(stage):
    customer = "+33610000002"
    admin = stage.login()
    store_id = demo_store_id(stage, admin)
    greeting = {"sms": {"text": "Bonjour, on arrive !", "resend_after_hours": 24}}
    # Closed all week: every day 00:00 -> 00:00 is a 24 h range, so the sandbox's now is closed whatever it is.
    all_week = [{"day": d, "from": "00:00", "to": "00:00"} for d in DAYS]
    closed = {"text": "Fermé pour le moment, on revient vite.", "hours": all_week}
    saved = ok(put_auto_messages(stage, admin, store_id, greeting, closed))
    assert saved["closed"] == closed and saved["timezone"] == "Europe/Paris"
    try:
        stage.text("Vous êtes ouverts ?", sender=customer)
        stage.text("Allô ?", sender=customer)
        assert outbox_bodies(stage, customer) == ["Fermé pour le moment, on revient vite.\n-- Demo store"]
        thread = thread_of(stage, admin, customer)
        assert thread["status"] == "waiting"

        ok(put_auto_messages(stage, admin, store_id, greeting, {"text": closed["text"], "hours": []}))  # open
        stage.text("Et maintenant ?", sender=customer)
        assert outbox_bodies(stage, customer) == ["Fermé pour le moment, on revient vite.\n-- Demo store",
                                                  "Bonjour, on arrive !\n-- Demo store"]
        thread = thread_of(stage, admin, customer)
        assert thread["status"] == "waiting"  # automatic messages never answer (H3)
        authors = [m["author"] for m in reversed(messages(stage, admin, thread["id"]))]
        assert authors == ["customer", "auto", "customer", "customer", "auto"]
    finally:
        ok(put_auto_messages(stage, stage.login(), store_id))


def test_closed_range_around_now_in_the_stores_time_zone(stage):
    """Closing ranges are wall-clock times of Europe/Paris: a range from 1 h before to 1 h after the sandbox's
    now (in Paris) closes the store now; a range 3 h to 2 h before now does not."""
    customer, later = "+33610000003", "+33610000004"
    admin = stage.login()
    store_id = demo_store_id(stage, admin)
    local = sandbox_now(stage).astimezone(PARIS).replace(second=0, microsecond=0)

    def range_of(start, hours):
        return {"day": DAYS[start.weekday()], "from": start.strftime("%H:%M"),
                "to": (start + timedelta(hours=hours)).strftime("%H:%M")}

    greeting = {"sms": {"text": "Bonjour !", "resend_after_hours": 0}}
    past_only = {"text": "Fermé.", "hours": [range_of(local - timedelta(hours=3), 1)]}
    around_now = {"text": "Fermé.", "hours": [range_of(local - timedelta(hours=1), 2)]}
    try:
        ok(put_auto_messages(stage, admin, store_id, greeting, past_only))
        stage.text("Ouvert ?", sender=later)
        assert outbox_bodies(stage, later) == ["Bonjour !\n-- Demo store"]
        ok(put_auto_messages(stage, admin, store_id, greeting, around_now))
        stage.text("Ouvert ?", sender=customer)
        assert outbox_bodies(stage, customer) == ["Fermé.\n-- Demo store"]  # closed wins over the greeting
    finally:
        ok(put_auto_messages(stage, stage.login(), store_id))


# -- (c) snooze ------------------------------------------------------------------------------------------------------
def test_snoozed_thread_leaves_the_inbox_and_comes_back_to_the_same_agent(stage, team):
    customer = "+33610000005"
    stage.text("Rappelez-moi dans une heure", sender=customer)
    ana_id = team["ana"][0]
    ana = login_as(stage, team, "ana")
    thread = thread_of(stage, ana, customer)
    until = sandbox_now(stage) + timedelta(hours=1)
    snoozed = ok(stage.call("POST", f"/v1/threads/{thread['id']}/snooze",
                            {"until": until.strftime("%Y-%m-%dT%H:%M:%SZ")}, token=ana))
    assert snoozed["snoozed_until"] is not None and snoozed["assigned_agent_id"] == ana_id
    stage.settle()
    assert thread["id"] not in [t["id"] for t in threads(stage, ana, status="waiting,replied,resolved")]

    advance(stage, 30 * 60)  # not yet
    assert thread["id"] not in [t["id"] for t in threads(stage, ana)]

    advance(stage, 31 * 60)
    ana = login_as(stage, team, "ana")
    back = [t for t in threads(stage, ana) if t["id"] == thread["id"]]
    assert len(back) == 1, threads(stage, ana)
    assert back[0]["snoozed_until"] is None
    assert back[0]["assigned_agent_id"] == ana_id
    assert back[0]["status"] == "waiting"


# -- (d) slots -------------------------------------------------------------------------------------------------------
def test_closing_with_a_type_frees_the_agents_slot(stage):
    customer = "+33610000006"
    admin = stage.login()
    store_id = demo_store_id(stage, admin)
    # An agent of its own, holding no thread yet (the team holds some from the tests above).
    email = "cleo@routing.test"
    cleo_id, _ = invite(stage, admin, store_id, email, "Cléo")
    cleo = contactable_and_available(stage, admin, store_id, cleo_id, email)
    reasons = ok(stage.call("PUT", "/v1/closing-reasons", {"reasons": ["Commande", "SAV"]}, token=admin))
    assert reasons == {"reasons": ["Commande", "SAV"]}
    brand = ok(stage.call("PATCH", "/v1/brand", {"slots_per_agent": 1}, token=admin))
    assert brand["slots_per_agent"] == 1
    try:
        stage.text("Bonjour, ma commande ?", sender=customer)
        thread = thread_of(stage, cleo, customer)
        presence = ok(stage.call("GET", "/v1/me/presence", token=cleo))
        assert presence["effective"]["chat"] == "available" and presence["open_threads"] == 0

        ok(stage.call("POST", f"/v1/threads/{thread['id']}/messages", {"text": "Je regarde."}, token=cleo), 201)
        stage.settle()
        presence = ok(stage.call("GET", "/v1/me/presence", token=cleo))
        assert presence["chat"] == "available"  # as set by hand
        assert presence["effective"]["chat"] == "busy" and presence["open_threads"] == 1

        unknown = stage.call("POST", f"/v1/threads/{thread['id']}/close", {"reason": "Autre"}, token=cleo)
        assert unknown.status_code == 400 and "reason" in unknown.json()["errors"]
        closed = ok(stage.call("POST", f"/v1/threads/{thread['id']}/close", {"reason": "Commande"}, token=cleo))
        assert closed["status"] == "resolved" and closed["closed_reason"] == "Commande"
        assert closed["closed_by"] == cleo_id
        stage.settle()
        presence = ok(stage.call("GET", "/v1/me/presence", token=cleo))
        assert presence["effective"]["chat"] == "available" and presence["open_threads"] == 0
    finally:
        ok(stage.call("PATCH", "/v1/brand", {"slots_per_agent": 5}, token=stage.login()))


# -- (e) bad input ---------------------------------------------------------------------------------------------------
def test_bad_settings_are_refused_naming_the_field(stage, team):
    admin = stage.login()
    store_id = demo_store_id(stage, admin)
    before = ok(stage.call("GET", f"/v1/stores/{store_id}/escalation", token=admin))
    unknown = put_escalation(stage, admin, store_id, "ordered", 5, [team["ana"][0], "nobody"])
    assert unknown.status_code == 400, unknown.text
    assert unknown.headers["Content-Type"] == "application/problem+json"
    assert "agent_ids.1" in unknown.json()["errors"], unknown.json()
    first = put_escalation(stage, admin, store_id, "ordered", 5, ["nobody"])
    assert first.status_code == 400 and "agent_ids.0" in first.json()["errors"], first.text
    assert ok(stage.call("GET", f"/v1/stores/{store_id}/escalation", token=admin)) == before  # nothing changed

    late = put_auto_messages(stage, admin, store_id, closed={
        "text": "Fermé.", "hours": [{"day": "mon", "from": "09:00", "to": "12:00"},
                                    {"day": "tue", "from": "25:00", "to": "09:00"}]})
    assert late.status_code == 400, late.text
    assert late.headers["Content-Type"] == "application/problem+json"
    assert list(late.json()["errors"]) == ["closed.hours.1.from"], late.json()
    assert ok(stage.call("GET", f"/v1/stores/{store_id}/auto-messages", token=admin))["closed"]["hours"] == []
