"""The rights matrix: every route, called by every persona, answers what its rights allow (issue #6).

Personas (matrix_support.build_world): `admin` (brand admin of the demo brand), `store_admin` (admin of the
demo store only), `agent` (perimeter + contactable on the demo store), `reader` (contactable only on the demo
store: it sees it, read-only), `outsider` (brand admin of another brand). Only `admin` has a right on the
second store ("second_store", "second_thread", "second_agent_id"); "shared_thread" is a thread of the second
store shared with the demo store (its agents read it, write nothing in it).

The contract checked on every answer: 2xx as the row says; bad input 400, no token 401, a read-only agent
writing 403, what the caller cannot see 404 (a path id of a store the caller has no right on, or of another
brand); errors are application/problem+json; an outsider never gets 403 and never reads the demo brand's ids.
An id the caller cannot see in a request BODY is bad input (400 naming the field), the same answer as an id
that does not exist: the body is refused as a whole, and nothing tells another brand's ids from unknown ones.

ADDING A ROUTE: add one line to ROWS below, e.g.

    row("POST", "/v1/threads/{thread_id}/notes", "201 201 201 403 404", {"text": "Vu"}, thread_id="fresh_thread"),

- the path is the template exactly as registered with route(...);
- the statuses are those of admin, store_admin, agent, reader and outsider, in that order;
- then the body (any "{key}" string, as a value or a dict key, becomes that world object) and `query=`
  ("store_ids={demo_store}");
- path parameters are world keys: by default store_id -> "demo_store", thread_id -> "thread",
  agent_id -> "colleague_id", group_id -> "group", role_id -> "role", canned_id -> "brand_canned",
  mention_id -> "own_mention" (DEFAULT_PARAMS); say `thread_id="fresh_thread"` for a write that changes
  the object (a new one per call: "fresh_thread", "fresh_second_thread", "fresh_agent", "fresh_second_agent",
  "fresh_group", "fresh_role", "fresh_brand_canned", "fresh_agent_canned", "fresh_name", "fresh_email",
  "fresh_phone"). An "own_*" key is the caller's own object ("own_mention": "agent_mention" for the agent).
  A new kind of object: add it to World.ids in build_world, or a fresh_* to World.GENERATORS;
- a row that changes or ends the caller's own account (password, deletion) says `fresh_personas=True`: each
  call is made as a new account like the persona's, with the password FRESH_PASSWORD;
- more rows per route are welcome (the second store, the other brand's objects...);
- where the app does not meet the contract yet, keep the contract in the row and add `gap="why"`: the row
  becomes an expected failure (strict: it fails once the app is fixed, so that the gap is removed).

test_every_route_has_a_row fails naming any route without a row. Every authenticated route is also called
without a token (401), and every route with a JSON body with an unknown field (400 naming it).
"""
from __future__ import annotations

import re

import pytest
from moto import mock_aws

from app import app  # noqa: F401  (registers every route in ROUTES)
from chalicelib import runtime
from chalicelib.handlers.http import ROUTES
from local.seed import DEMO_BRAND_ID
from tests.functional.matrix_support import (
    FRESH_PASSWORD,
    PERSONAS,
    UNKNOWN_FIELD,
    Csv,
    Row,
    World,
    build_world,
    call,
    problems_with,
    row,
)
from tests.functional.support import Answer, Stage
from tests.functional.test_sms_flow import invite_agent

PERIOD = "from=2026-11-16&to=2026-11-23"

ROWS: list[Row] = [
    # -- the caller's own account: anyone, each on their own ---------------------------------------------------
    row("GET", "/v1/me", "200 200 200 200 200"),
    row("PATCH", "/v1/me", "200 200 200 200 200", {"notify_new_message": False}),
    row("GET", "/v1/me/presence", "200 200 200 200 200"),
    row("PUT", "/v1/me/presence", "200 200 200 200 200", {"channel": "call", "state": "unavailable"}),
    row("GET", "/v1/notifications", "200 200 200 200 200"),
    row("POST", "/v1/me/password", "204 204 204 204 204",
        {"current_password": FRESH_PASSWORD, "new_password": "matrix-password-2"}, fresh_personas=True),
    row("DELETE", "/v1/me", "204 204 204 204 204", {"password": FRESH_PASSWORD}, fresh_personas=True),
    row("PATCH", "/v1/me", "200 200 200 200 200", {"email": "{fresh_email}", "current_password": FRESH_PASSWORD},
        fresh_personas=True),
    row("POST", "/v1/me/email-confirmations/{token}", "404 404 404 404 404", token="others_email_confirmation"),
    row("GET", "/v1/mentions", "200 200 200 200 200"),
    row("POST", "/v1/mentions/{mention_id}/read", "200 200 200 200 200"),  # each their own
    row("POST", "/v1/mentions/{mention_id}/read", "404 404 200 404 404", mention_id="agent_mention"),
    # -- agents, invitations, rights ---------------------------------------------------------------------------
    row("GET", "/v1/agents", "200 200 200 200 200"),
    row("GET", "/v1/agents", "200 200 200 200 404", query="store_id={demo_store}"),
    row("GET", "/v1/agents", "200 404 404 404 404", query="store_id={second_store}"),
    row("POST", "/v1/invitations", "201 201 403 403 400", {"email": "{fresh_email}", "store_id": "{demo_store}"}),
    row("POST", "/v1/invitations", "201 400 400 400 400", {"email": "{fresh_email}", "store_id": "{second_store}"}),
    row("GET", "/v1/agents/{agent_id}/rights", "200 200 200 200 404"),
    row("PUT", "/v1/agents/{agent_id}/rights", "200 200 403 403 404",
        {"stores": {"{demo_store}": {"perimeter": True, "contactable": True, "admin": False}}}),
    row("PUT", "/v1/agents/{agent_id}/rights", "200 403 403 403 404",
        {"stores": {"{demo_store}": {"perimeter": True, "contactable": True},
                    "{second_store}": {"perimeter": True}}}, agent_id="fresh_agent"),
    row("GET", "/v1/agents/{agent_id}/serving-hours", "200 200 200 200 404"),
    row("PUT", "/v1/agents/{agent_id}/serving-hours", "200 200 403 403 404", {"hours": []}),
    row("PATCH", "/v1/agents/{agent_id}", "200 200 403 403 404", {"first_name": "Bob"}),
    row("PATCH", "/v1/agents/{agent_id}", "200 403 403 403 404", {"first_name": "Bob"}, agent_id="second_agent_id"),
    row("DELETE", "/v1/agents/{agent_id}", "204 403 403 403 404", agent_id="fresh_agent"),
    row("PUT", "/v1/agents/{agent_id}/role", "200 403 403 403 404", {"role_id": "{role}"}, agent_id="fresh_agent"),
    row("PATCH", "/v1/stores/{store_id}/agents/{agent_id}", "200 200 403 403 404", {"admin": True},
        agent_id="fresh_agent"),
    row("PATCH", "/v1/stores/{store_id}/agents/{agent_id}", "200 404 404 404 404", {"contactable": False},
        store_id="second_store", agent_id="fresh_second_agent"),
    row("DELETE", "/v1/stores/{store_id}/agents/{agent_id}", "204 204 403 403 404", agent_id="fresh_agent"),
    row("DELETE", "/v1/stores/{store_id}/agents/{agent_id}", "204 404 404 404 404", store_id="second_store",
        agent_id="fresh_second_agent"),
    # -- roles (brand admins write; everyone reads their own brand's) -------------------------------------------
    row("GET", "/v1/roles", "200 200 200 200 200"),
    row("POST", "/v1/roles", "201 403 403 403 201", {"name": "{fresh_name}", "sections": ["inbox"], "channels": []}),
    row("PATCH", "/v1/roles/{role_id}", "200 403 403 403 404", {"sections": ["inbox", "statistics"]}),
    row("DELETE", "/v1/roles/{role_id}", "204 403 403 403 404", role_id="fresh_role"),
    # -- the brand and its stores ------------------------------------------------------------------------------
    row("GET", "/v1/brand", "200 200 200 200 200"),
    row("PATCH", "/v1/brand", "200 403 403 403 200", {"picture_url": "https://example.test/logo.png"}),
    row("GET", "/v1/closing-reasons", "200 200 200 200 200"),
    row("PUT", "/v1/closing-reasons", "200 403 403 403 200", {"reasons": ["Sale", "Question"]}),
    row("GET", "/v1/stores", "200 200 200 200 200"),
    row("POST", "/v1/stores", "201 403 403 403 201", {"name": "Pop-up", "timezone": "Europe/Paris"}),
    row("GET", "/v1/stores/{store_id}", "200 200 200 200 404"),
    row("GET", "/v1/stores/{store_id}", "200 404 404 404 404", store_id="second_store"),
    row("PATCH", "/v1/stores/{store_id}", "200 200 403 403 404", {"address": "1 rue de la Paix, Paris"}),
    row("PATCH", "/v1/stores/{store_id}", "200 404 404 404 404", {"address": "2 rue de la Paix, Paris"},
        store_id="second_store"),
    # -- a store's channels: its admins -----------------------------------------------------------------------
    row("GET", "/v1/stores/{store_id}/channels", "200 200 403 403 404"),
    row("GET", "/v1/stores/{store_id}/channels", "200 404 404 404 404", store_id="second_store"),
    row("POST", "/v1/stores/{store_id}/channels", "201 201 403 403 404",
        {"kind": "messenger", "external_id": "{fresh_page_id}", "access_token": "EAAmatrix"}),
    row("POST", "/v1/stores/{store_id}/channels", "201 404 404 404 404",
        {"kind": "whatsapp", "external_id": "{fresh_page_id}", "access_token": "EAAmatrix"}, store_id="second_store"),
    row("PATCH", "/v1/stores/{store_id}/channels/{channel_id}", "200 200 403 403 404", {"receive_comments": False},
        channel_id="fresh_channel"),
    row("DELETE", "/v1/stores/{store_id}/channels/{channel_id}", "204 204 403 403 404", channel_id="fresh_channel"),
    # -- a store's reviews, posted by its integration: a brand admin's or the store's admin's token --------------
    row("POST", "/v1/stores/{store_id}/reviews", "201 201 403 403 404",
        {"source": "google", "external_id": "{fresh_page_id}", "rating": 1, "text": "Attente trop longue",
         "created_at": "2026-11-20T10:00:00Z"}),
    row("POST", "/v1/stores/{store_id}/reviews", "201 404 404 404 404",
        {"source": "google", "external_id": "{fresh_page_id}", "rating": 5, "author": {"name": "Léa"},
         "created_at": "2026-11-20T10:00:00Z"}, store_id="second_store"),
    row("GET", "/v1/stores/{store_id}/escalation", "200 200 200 200 404"),
    row("GET", "/v1/stores/{store_id}/escalation", "200 404 404 404 404", store_id="second_store"),
    row("PUT", "/v1/stores/{store_id}/escalation", "200 200 403 403 404",
        {"mode": "off", "delay_minutes": 5, "agent_ids": []}),
    row("PUT", "/v1/stores/{store_id}/escalation", "200 404 404 404 404",
        {"mode": "off", "delay_minutes": 5, "agent_ids": []}, store_id="second_store"),
    row("GET", "/v1/stores/{store_id}/auto-messages", "200 200 200 200 404"),
    row("PUT", "/v1/stores/{store_id}/auto-messages", "200 200 403 403 404",
        {"greetings": {}, "closed": {"text": "", "hours": []}}),
    row("PUT", "/v1/stores/{store_id}/auto-messages", "200 404 404 404 404",
        {"greetings": {}, "closed": {"text": "", "hours": []}}, store_id="second_store"),
    row("GET", "/v1/store-groups", "200 200 200 200 200"),
    row("POST", "/v1/store-groups", "201 403 403 403 400", {"name": "North", "store_ids": ["{demo_store}"]}),
    row("POST", "/v1/store-groups", "201 403 403 403 201", {"name": "Empty", "store_ids": []}),
    row("POST", "/v1/store-groups", "400 403 403 403 201", {"name": "Elsewhere", "store_ids": ["{outsider_store}"]}),
    row("PATCH", "/v1/store-groups/{group_id}", "200 403 403 403 404", {"name": "North and south"}),
    row("DELETE", "/v1/store-groups/{group_id}", "204 403 403 403 404", group_id="fresh_group"),
    # -- canned responses: the brand's (brand admins write) and each agent's own (nobody else sees them) --------
    row("GET", "/v1/canned-responses", "200 200 200 200 200"),
    row("GET", "/v1/canned-responses", "200 200 200 200 404", query="thread_id={thread}"),
    row("GET", "/v1/canned-responses", "200 404 404 404 404", query="thread_id={second_thread}"),
    row("POST", "/v1/canned-responses", "201 403 403 403 201", {"title": "Horaires", "text": "9h-19h",
                                                                "scope": "brand"}),
    row("POST", "/v1/canned-responses", "201 201 201 201 201", {"title": "Merci", "text": "Merci !",
                                                                "scope": "personal"}),
    row("PATCH", "/v1/canned-responses/{canned_id}", "200 403 403 403 404", {"text": "Bonjour {first_name} !"}),
    row("PATCH", "/v1/canned-responses/{canned_id}", "404 404 200 404 404", {"text": "Bonjour !"},
        canned_id="agent_canned"),
    row("DELETE", "/v1/canned-responses/{canned_id}", "204 403 403 403 404", canned_id="fresh_brand_canned"),
    row("DELETE", "/v1/canned-responses/{canned_id}", "404 404 204 404 404", canned_id="fresh_agent_canned"),
    # -- threads -----------------------------------------------------------------------------------------------
    row("GET", "/v1/threads", "200 200 200 200 200"),
    row("GET", "/v1/threads", "200 200 200 200 404", query="store_id={demo_store}"),
    row("GET", "/v1/threads", "200 404 404 404 404", query="store_id={second_store}"),
    row("GET", "/v1/threads", "200 200 200 200 200", query="q=bonjour"),
    row("GET", "/v1/threads", "200 404 404 404 404", query="q=bonjour&store_id={second_store}"),
    row("GET", "/v1/threads/{thread_id}/customer", "200 200 200 200 404"),
    row("GET", "/v1/threads/{thread_id}/customer", "200 404 404 404 404", thread_id="second_thread"),
    row("GET", "/v1/threads/{thread_id}/customer", "200 200 200 200 404", thread_id="shared_thread"),
    row("GET", "/v1/customers/{phone}", "200 200 200 200 200"),
    row("PUT", "/v1/customers/{phone}", "200 403 403 403 200", {"name": "Alice Martin"}),
    row("POST", "/v1/customers/import", "200 403 403 403 200", Csv("phone,segment\n+33612345678,gold\n")),
    # The outsider's brand described the same number (the PUT row above): its own record, not the demo brand's.
    row("GET", "/v1/customers/{phone}/export", "200 403 403 403 200"),
    row("GET", "/v1/customers/{phone}/export", "200 403 403 403 404", phone="fresh_customer"),
    row("DELETE", "/v1/customers/{phone}", "204 403 403 403 404", phone="fresh_customer"),
    row("GET", "/v1/audit", "200 403 403 403 200"),
    row("GET", "/v1/audit", "200 403 403 403 200", query="from=2026-11-01T00:00:00Z&to=2026-12-01T00:00:00Z"),
    row("POST", "/v1/threads", "201 201 201 403 400",
        {"store_id": "{demo_store}", "channel": "sms", "to": "{fresh_phone}", "text": "Bonjour"}),
    row("POST", "/v1/threads", "201 400 400 400 400",
        {"store_id": "{second_store}", "channel": "sms", "to": "{fresh_phone}", "text": "Bonjour"}),
    row("GET", "/v1/threads/{thread_id}", "200 200 200 200 404"),
    row("GET", "/v1/threads/{thread_id}", "200 404 404 404 404", thread_id="second_thread"),
    row("GET", "/v1/threads/{thread_id}/messages", "200 200 200 200 404"),
    row("GET", "/v1/threads/{thread_id}/messages", "200 404 404 404 404", thread_id="second_thread"),
    # No file kept in the world: a file id on a visible thread is 404 like one on a thread out of sight.
    row("GET", "/v1/threads/{thread_id}/files/{file_id}", "404 404 404 404 404", file_id="missing_file"),
    # The world's customers write by SMS, which gives no picture: 404 on a visible thread as on one out of sight.
    row("GET", "/v1/threads/{thread_id}/picture", "404 404 404 404 404"),
    row("POST", "/v1/threads/{thread_id}/messages", "201 201 201 403 404", {"text": "Bonjour"},
        thread_id="fresh_thread"),
    row("POST", "/v1/threads/{thread_id}/messages", "201 404 404 404 404", {"text": "Bonjour"},
        thread_id="fresh_second_thread"),
    row("POST", "/v1/threads/{thread_id}/calls", "201 201 201 403 404", {"outcome": "reached", "note": "Rappelé"},
        thread_id="fresh_thread"),
    row("POST", "/v1/threads/{thread_id}/calls", "201 404 404 404 404", {"outcome": "no_answer"},
        thread_id="fresh_second_thread"),
    row("POST", "/v1/threads/{thread_id}/calls", "201 403 403 403 404", {"outcome": "voicemail"},
        thread_id="shared_thread"),
    row("POST", "/v1/threads/{thread_id}/join", "200 200 200 403 404", thread_id="fresh_thread"),
    row("POST", "/v1/threads/{thread_id}/join", "200 404 404 404 404", thread_id="fresh_second_thread"),
    row("POST", "/v1/threads/{thread_id}/status", "200 200 200 403 404", {"status": "resolved"},
        thread_id="fresh_thread"),
    row("POST", "/v1/threads/{thread_id}/transfer", "200 200 200 403 404", {"store_id": "{second_store}"},
        thread_id="fresh_thread"),
    row("POST", "/v1/threads/{thread_id}/transfer", "200 404 404 404 404", {"store_id": "{demo_store}"},
        thread_id="fresh_second_thread"),
    row("POST", "/v1/threads/{thread_id}/transfer", "400 400 400 403 404", {"store_id": "no-such-store"},
        thread_id="fresh_thread"),  # the thread's rights come before the body's
    row("POST", "/v1/threads/{thread_id}/snooze", "200 200 200 403 404", {"until": "2026-11-24T09:00:00Z"},
        thread_id="fresh_thread"),
    row("POST", "/v1/threads/{thread_id}/close", "200 200 200 403 404", {"reason": "Sale"},
        thread_id="fresh_thread"),
    row("POST", "/v1/threads/{thread_id}/close", "400 400 400 403 404", {"reason": "Not a reason"},
        thread_id="fresh_thread"),
    row("POST", "/v1/threads/{thread_id}/transfer", "200 200 200 403 404", {"agent_id": "{colleague_id}"},
        thread_id="fresh_thread"),
    row("POST", "/v1/threads/{thread_id}/transfer", "400 400 400 403 404", {"agent_id": "{outsider_id}"},
        thread_id="fresh_thread"),
    row("POST", "/v1/threads/{thread_id}/folder", "200 200 200 403 404", {"folder": "done"},
        thread_id="fresh_thread"),
    row("POST", "/v1/threads/{thread_id}/folder", "200 404 404 404 404", {"folder": "spam"},
        thread_id="fresh_second_thread"),
    row("POST", "/v1/threads/{thread_id}/hold", "200 200 200 403 404", {"on_hold": True, "reason": "Stock"},
        thread_id="fresh_thread"),
    row("POST", "/v1/threads/{thread_id}/hold", "200 404 404 404 404", {"on_hold": True},
        thread_id="fresh_second_thread"),
    row("POST", "/v1/threads/{thread_id}/alert", "200 200 200 403 404", {"alert": True}, thread_id="fresh_thread"),
    row("POST", "/v1/threads/{thread_id}/alert", "200 404 404 404 404", {"alert": True},
        thread_id="fresh_second_thread"),
    # -- the invisible thread, delegation, sharing ---------------------------------------------------------------
    row("GET", "/v1/threads/{thread_id}/notes", "200 200 200 200 404"),
    row("GET", "/v1/threads/{thread_id}/notes", "200 404 404 404 404", thread_id="second_thread"),
    row("POST", "/v1/threads/{thread_id}/notes", "201 201 201 403 404", {"text": "Vu"}),
    row("POST", "/v1/threads/{thread_id}/notes", "201 404 404 404 404", {"text": "Vu"}, thread_id="second_thread"),
    row("POST", "/v1/threads/{thread_id}/delegate", "200 200 200 403 404", {"comment": "Pour vous"}),
    row("POST", "/v1/threads/{thread_id}/delegate", "200 404 404 404 404", {}, thread_id="second_thread"),
    row("POST", "/v1/threads/{thread_id}/share", "200 200 200 403 404", {"store_id": "{second_store}"},
        thread_id="fresh_thread"),
    row("POST", "/v1/threads/{thread_id}/share", "200 404 404 404 404", {"store_id": "{demo_store}"},
        thread_id="fresh_second_thread"),
    row("POST", "/v1/threads/{thread_id}/share", "400 400 400 403 404", {"store_id": "{outsider_store}"},
        thread_id="fresh_thread"),
    # a thread of the second store shared with the demo store: its agents read it, only its own store writes
    row("GET", "/v1/threads/{thread_id}", "200 200 200 200 404", thread_id="shared_thread"),
    row("GET", "/v1/threads/{thread_id}/notes", "200 200 200 200 404", thread_id="shared_thread"),
    row("POST", "/v1/threads/{thread_id}/notes", "201 403 403 403 404", {"text": "Vu"}, thread_id="shared_thread"),
    row("POST", "/v1/threads/{thread_id}/alert", "200 403 403 403 404", {"alert": True}, thread_id="shared_thread"),
    row("POST", "/v1/threads/{thread_id}/messages", "201 403 403 403 404", {"text": "Bonjour"},
        thread_id="shared_thread"),
    # -- statistics --------------------------------------------------------------------------------------------
    row("GET", "/v1/stats", "200 200 200 200 200", query=PERIOD),
    row("GET", "/v1/stats", "200 200 200 200 404", query=PERIOD + "&store_ids={demo_store}"),
    row("GET", "/v1/stats", "200 404 404 404 404", query=PERIOD + "&store_ids={second_store}"),
    row("GET", "/v1/stats/top-stores", "200 200 200 200 200", query=PERIOD),
    row("GET", "/v1/stats/top-stores.csv", "200 200 200 200 200", query=PERIOD),
    row("GET", "/v1/stats/realtime", "200 200 200 200 200"),
    row("GET", "/v1/stats/realtime", "200 200 200 200 404", query="store_ids={demo_store}"),
    row("GET", "/v1/stats/realtime", "200 404 404 404 404", query="store_ids={second_store}"),
]

# Routes the matrix leaves to other tests: no bearer token there.
SKIPPED_PREFIXES = ("/sandbox/", "/webhooks/")
SKIPPED_ROUTES = {("GET", "/openapi.json"), ("POST", "/v1/auth/login"), ("POST", "/v1/invitations/{token}/accept"),
                  ("POST", "/v1/auth/password-reset"), ("POST", "/v1/auth/password-reset/{token}")}


def in_matrix(method: str, path: str) -> bool:
    return not path.startswith(SKIPPED_PREFIXES) and (method, path) not in SKIPPED_ROUTES


APP_ROUTES = sorted({(r.method, r.path): r for r in ROUTES if in_matrix(r.method, r.path)}.values(),
                    key=lambda r: (r.path, r.method))


@pytest.fixture(scope="module")
def world():
    """One world for the whole matrix: rows that change something act on throw-away objects."""
    with mock_aws():
        yield build_world(Stage())
    runtime.install(None)


def test_every_route_has_a_row():
    served = {(r.method, r.path) for r in APP_ROUTES}
    covered = {r.route for r in ROWS}
    missing = sorted(served - covered)
    assert not missing, "routes without a row in test_rights_matrix.ROWS: " + ", ".join(f"{m} {p}" for m, p in missing)
    stale = sorted(covered - served)
    assert not stale, "rows for routes the app does not serve: " + ", ".join(f"{m} {p}" for m, p in stale)
    unauthenticated = [f"{r.method} {r.path}" for r in APP_ROUTES if not r.auth]
    assert not unauthenticated, f"routes without a bearer token: skip them explicitly here: {unauthenticated}"


@pytest.mark.parametrize("r", [pytest.param(r, id=r.label, marks=[pytest.mark.xfail(strict=True, reason=r.gap)]
                                            if r.gap else []) for r in ROWS])
def test_each_persona_gets_what_its_rights_allow(world: World, r: Row):
    found = []
    for persona in PERSONAS:
        found += problems_with(call(world, r, persona), r.expect[persona], persona, world)
    assert not found, f"{r.label}:\n  " + "\n  ".join(found)


@pytest.mark.parametrize("route", [pytest.param(r, id=f"{r.method} {r.path}") for r in APP_ROUTES if r.auth])
def test_no_token_is_401_before_anything_else(world: World, route):
    """Without a valid token nothing is looked at: not the body (none here), not the ids (unknown here)."""
    path = re.sub(r"\{\w+\}", "unknown", route.path)
    for token in (None, "not.a.token"):
        # In the route's own content type (a CSV import): another one is refused by the gateway (415) first.
        answer = world.stage.call(route.method, path, token=token, headers={"Content-Type": route.content_type})
        assert answer.status == 401, (token, answer.body)
        assert answer.headers["Content-Type"] == "application/problem+json"


@pytest.mark.parametrize("route", [pytest.param(r, id=f"{r.method} {r.path}") for r in APP_ROUTES if r.body])
def test_an_unknown_body_field_is_400_naming_it(world: World, route):
    """The brand admin sends a row's valid body plus one unknown field: only that field is named."""
    valid = next((r for r in ROWS if r.route == (route.method, route.path) and r.expect["admin"] < 300), None)
    assert valid is not None, f"{route.method} {route.path}: no row where the admin succeeds"
    answer = call(world, valid, "admin", body={**world.fill(valid.body, "admin"), UNKNOWN_FIELD: 1})
    assert answer.status == 400, answer.body
    assert answer.headers["Content-Type"] == "application/problem+json"
    assert set(answer.body["errors"]) == {UNKNOWN_FIELD}, answer.body


def test_the_checks_see_a_wrong_status_a_plain_error_a_403_to_an_outsider_and_a_leak():
    world = World(stage=None, ids={"demo_store": "s-demo", "outsider_id": "a-out"})  # type: ignore[arg-type]
    problem = {"Content-Type": "application/problem+json"}
    body = {"type": "t", "title": "t", "status": 404, "detail": "d"}
    assert problems_with(Answer(404, body, problem), 404, "outsider", world) == []
    assert problems_with(Answer(200, {"items": ["a-out"]}, {}), 200, "outsider", world) == []
    assert "expected 404, got 200" in problems_with(Answer(200, {}, {}), 404, "agent", world)[0]
    assert "problem+json" in problems_with(Answer(404, body, {"Content-Type": "application/json"}), 404,
                                           "agent", world)[0]
    assert "type/title/status/detail" in problems_with(Answer(404, {"detail": "d"}, problem), 404, "agent", world)[0]
    assert any("403 hints" in p for p in problems_with(Answer(403, body, problem), 403, "outsider", world))
    assert "s-demo" in problems_with(Answer(200, {"items": ["s-demo"]}, {}), 200, "outsider", world)[0]


def test_a_password_reset_request_says_nothing_of_the_account(world: World):
    """The reset routes take no token (skipped above): the request answers alike for an account, an address
    without one, a deleted account and another brand's admin; a link that is not one is 404 whatever it names."""
    stage = world.stage
    deleted = world.fresh_email()
    token = invite_agent(stage, world.tokens["admin"], world.ids["demo_store"], deleted)
    deleted_id = stage.call("GET", "/v1/me", token=token).body["id"]
    assert stage.call("DELETE", f"/v1/agents/{deleted_id}", token=world.tokens["admin"]).status == 204
    answers = [stage.call("POST", "/v1/auth/password-reset", {"email": email})
               for email in ("admin@demo.test", "Reader@Demo.test", "nobody@demo.test", deleted, "admin@other.test")]
    assert {a.status for a in answers} == {202}
    assert all(a.body == answers[0].body for a in answers), [a.body for a in answers]
    mails = stage.call("GET", "/sandbox/mail?to=reader@demo.test").body["items"]
    assert any("/reset-password/" in m["body"] for m in mails)  # the account's e-mail did go
    for address in ("nobody@demo.test", deleted):  # nothing said, nothing sent
        assert all("/reset-password/" not in m["body"]
                   for m in stage.call("GET", f"/sandbox/mail?to={address}").body["items"])
    for token in ("unknown", f"{world.ids['outsider_brand']}.unknown", f"{DEMO_BRAND_ID}.unknown", "."):
        answer = stage.call("POST", f"/v1/auth/password-reset/{token}", {"password": "matrix-password-3"})
        assert answer.status == 404, (token, answer.body)
        assert answer.headers["Content-Type"] == "application/problem+json"
