"""The world and the table machinery of the rights matrix (test_rights_matrix.py).

One world per test module, built through the real API: the demo brand with two stores, one agent per
persona, and customer threads. Rows name world objects by key ("demo_store", "thread"...) or ask for a
throw-away one ("fresh_thread"...), so that a write by one persona never changes what the next one meets.
"""
from __future__ import annotations

import itertools
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, ClassVar

from moto.dynamodb.models import dynamodb_backends

from chalicelib.services.domain import StoreRights
from chalicelib.services.usecases.conversations.common import thread_id_for
from local.seed import DEMO_BRAND_ID
from tests.functional.support import ALICE, DEMO_NUMBER, Answer, Stage
from tests.functional.test_sms_flow import invite_agent

# The order of the statuses in a row's `expect` string.
PERSONAS = ("admin", "store_admin", "agent", "reader", "outsider")
SECOND_NUMBER = "+15550000003"
OTHER_BRAND_NUMBER = "+15550000002"
UNKNOWN_FIELD = "matrix_unknown_field"
FRESH_PASSWORD = "matrix-password"
PLACEHOLDER = re.compile(r"^\{(\w+)\}$")

# What each persona may do on the demo store; nobody but the brand admin has a right on the second store.
RIGHTS = {
    "store_admin": {"perimeter": True, "contactable": True, "admin": True},
    "agent": {"perimeter": True, "contactable": True, "admin": False},
    "reader": {"perimeter": False, "contactable": True, "admin": False},
    "colleague": {"perimeter": True, "contactable": True, "admin": False},
}


@dataclass
class World:
    """Tokens of the personas and ids of the objects the rows act on."""

    stage: Stage
    tokens: dict[str, str] = field(default_factory=dict)
    ids: dict[str, str] = field(default_factory=dict)
    counter: itertools.count = field(default_factory=lambda: itertools.count(1))
    unspent: dict[str, str] = field(default_factory=dict)  # fresh objects nobody has changed yet

    # -- throw-away objects ----------------------------------------------------------------------
    def fresh_phone(self) -> str:
        return f"+336{next(self.counter) + 20_000_000:08d}"

    def fresh_email(self) -> str:
        return f"matrix{next(self.counter)}@demo.test"

    def fresh_thread(self, number: str = DEMO_NUMBER) -> str:
        """A new customer texts a store: a waiting, unread thread nobody holds yet."""
        phone = self.fresh_phone()
        self.stage.text("Bonjour", sender=phone, to=number)
        return thread_id_for(DEMO_BRAND_ID, "sms", phone)

    def fresh_agent(self) -> str:
        """A new agent of the demo store (an invitation accepted), for rows that change an agent."""
        token = invite_agent(self.stage, self.tokens["admin"], self.ids["demo_store"], self.fresh_email())
        agent_id = self.stage.call("GET", "/v1/me", token=token).body["id"]
        self.set_rights(agent_id, {self.ids["demo_store"]: RIGHTS["colleague"]})
        return agent_id

    def fresh_second_agent(self) -> str:
        """A new agent of both stores, for rows that change an agent's rights on the second store."""
        agent_id = self.fresh_agent()
        self.set_rights(agent_id, {self.ids["demo_store"]: RIGHTS["colleague"],
                                   self.ids["second_store"]: RIGHTS["colleague"]})
        return agent_id

    def fresh_name(self) -> str:
        return f"Matrix {next(self.counter)}"

    def created(self, path: str, body: dict, token: str = "admin") -> str:
        """The id of an object the brand admin (or another persona) creates with POST."""
        answer = self.stage.call("POST", path, body, token=self.tokens[token])
        assert answer.status == 201, answer.body
        return answer.body["id"]

    def fresh_group(self) -> str:
        return self.created("/v1/store-groups", {"name": self.fresh_name(), "store_ids": [self.ids["demo_store"]]})

    def fresh_role(self) -> str:
        return self.created("/v1/roles", {"name": self.fresh_name(), "sections": ["inbox"], "channels": ["sms"]})

    def fresh_canned(self, scope: str = "brand", token: str = "admin") -> str:
        return self.created("/v1/canned-responses", {"title": self.fresh_name(), "text": "Bonjour {first_name}",
                                                     "scope": scope}, token)

    def fresh_persona(self, persona: str) -> str:
        """The token of a new account like the persona's (same brand, rights, brand admin or not), for rows that
        change or end the caller's own account. Made through the services: no route makes a brand admin."""
        container = self.stage.container
        outsider = persona == "outsider"
        email = f"matrix{next(self.counter)}@{'other' if outsider else 'demo'}.test"
        rights = {self.ids["demo_store"]: StoreRights(**RIGHTS[persona])} if persona in RIGHTS else {}
        agent = container.accounts.new_agent(brand_id=self.ids["outsider_brand"] if outsider else DEMO_BRAND_ID,
                                             email=email, password=FRESH_PASSWORD, first_name="Fresh",
                                             brand_admin=persona in ("admin", "outsider"), rights=rights)
        container.directory.add_agent(agent)
        return self.stage.login(email, FRESH_PASSWORD)

    def fresh_customer(self) -> str:
        """The number of a new customer who texted the demo store (for an erasure)."""
        phone = self.fresh_phone()
        self.stage.text("Bonjour", sender=phone)
        return phone

    def others_email_confirmation(self) -> str:
        """The token of an e-mail change link of an agent who is none of the personas."""
        email = self.fresh_email()
        token = invite_agent(self.stage, self.tokens["admin"], self.ids["demo_store"], email)
        answer = self.stage.call("PATCH", "/v1/me", {"email": f"new-{email}", "current_password": "bob-password"},
                                 token=token)
        assert answer.status == 200, answer.body
        mails = self.stage.call("GET", f"/sandbox/mail?to=new-{email}").body["items"]
        return next(w for m in mails for w in m["body"].split() if "/email-confirmations/" in w).rsplit("/", 1)[1]

    def fresh_page_id(self) -> str:
        """A Facebook page id no store has connected."""
        return f"9{next(self.counter) + 100_000_000_000:014d}"

    def fresh_channel(self) -> str:
        """A Messenger page newly connected to the demo store, for rows that change or disconnect a channel."""
        return self.created(f"/v1/stores/{self.ids['demo_store']}/channels",
                            {"kind": "messenger", "external_id": self.fresh_page_id(), "access_token": "EAAmatrix"})

    GENERATORS: ClassVar[dict[str, Callable[[World], str]]] = {
        "fresh_page_id": fresh_page_id,
        "fresh_channel": fresh_channel,
        "fresh_customer": fresh_customer,
        "others_email_confirmation": others_email_confirmation,
        "fresh_phone": fresh_phone,
        "fresh_email": fresh_email,
        "fresh_thread": fresh_thread,
        "fresh_second_thread": lambda w: w.fresh_thread(SECOND_NUMBER),
        "fresh_agent": fresh_agent,
        "fresh_second_agent": fresh_second_agent,
        "fresh_name": fresh_name,
        "fresh_group": fresh_group,
        "fresh_role": fresh_role,
        "fresh_brand_canned": fresh_canned,
        "fresh_agent_canned": lambda w: w.fresh_canned("personal", "agent"),
    }

    def resolve(self, key: str, persona: str | None = None) -> str:
        """A world id by key, or a throw-away object for a `fresh_*` key: a new one, unless the last one
        was only refused so far (a refused call changes nothing, so the next persona may meet it as is).
        An `own_*` key is the caller's own object: "own_mention" is "agent_mention" for the agent."""
        if key.startswith("own_"):
            if persona is None:
                raise KeyError(f"'{key}' is the caller's own object: only for a persona's call")
            key = f"{persona}_{key[len('own_'):]}"
        if key in self.GENERATORS:
            if key not in self.unspent:
                self.unspent[key] = self.GENERATORS[key](self)
            return self.unspent[key]
        if key not in self.ids:
            raise KeyError(f"no world object '{key}': add it to World.ids or World.GENERATORS")
        return self.ids[key]

    def fill(self, value: Any, persona: str | None = None) -> Any:
        """A body with every "{key}" string (value or dict key) replaced by the world's object."""
        if isinstance(value, dict):
            return {self.fill(k, persona): self.fill(v, persona) for k, v in value.items()}
        if isinstance(value, list):
            return [self.fill(v, persona) for v in value]
        if isinstance(value, str) and (match := PLACEHOLDER.match(value)):
            return self.resolve(match.group(1), persona)
        return value

    def set_rights(self, agent_id: str, stores: dict[str, dict[str, bool]]) -> None:
        answer = self.stage.call("PUT", f"/v1/agents/{agent_id}/rights", {"stores": stores},
                                 token=self.tokens["admin"])
        assert answer.status == 200, answer.body

    def demo_ids(self, persona: str) -> set[str]:
        """Ids of the demo brand that an outsider must never read back."""
        own = self.ids.get(f"{persona}_id")
        # The customer's number is not the demo brand's: the same person texts the other brand too.
        return {v for k, v in self.ids.items() if not k.startswith("outsider") and v != own and k != "customer_phone"}


def forget_consumed_stream_records() -> None:
    """Drops the table's stream records once the stream handler has read them all.

    moto deep-copies a table, its stream records included, for every item of every transaction: a world
    that lives for the whole module would make each write slower than the last. Call only when the stream
    is drained (the in-process reader's iterator then points past the last record, at the new start)."""
    for by_region in dynamodb_backends.values():
        for backend in by_region.values():
            for table in backend.tables.values():
                shard = table.stream_shard
                if shard is not None and shard.items:
                    shard.starting_sequence_number += len(shard.items)
                    shard.items = []


def settle_and_forget(stage: Stage) -> Callable[[], None]:
    settle = stage.settle

    def settled() -> None:
        settle()
        forget_consumed_stream_records()

    return settled


def build_world(stage: Stage) -> World:
    """The demo brand, a second store, the personas (invited, rights set), threads, and another brand."""
    stage.settle = settle_and_forget(stage)  # type: ignore[method-assign]
    world = World(stage)
    admin = world.tokens["admin"] = stage.login()
    world.ids["admin_id"] = stage.call("GET", "/v1/me", token=admin).body["id"]
    world.ids["demo_store"] = stage.call("GET", "/v1/stores", token=admin).body["items"][0]["id"]
    second = stage.call("POST", "/v1/stores", {"name": "Second store", "timezone": "Europe/Paris",
                                               "phone_number": SECOND_NUMBER}, token=admin)
    assert second.status == 201, second.body
    world.ids["second_store"] = second.body["id"]
    for persona, rights in RIGHTS.items():
        token = invite_agent(stage, admin, world.ids["demo_store"], f"{persona.replace('_', '-')}@demo.test")
        world.ids[f"{persona}_id"] = stage.call("GET", "/v1/me", token=token).body["id"]
        world.set_rights(world.ids[f"{persona}_id"], {world.ids["demo_store"]: rights})
        world.tokens[persona] = token
    reasons = stage.call("PUT", "/v1/closing-reasons", {"reasons": ["Sale", "Question"]}, token=admin)
    assert reasons.status == 200, reasons.body
    stage.text("Bonjour", sender=ALICE)
    world.ids["thread"] = thread_id_for(DEMO_BRAND_ID, "sms", ALICE)
    world.ids["customer_phone"] = ALICE
    world.ids["second_thread"] = world.fresh_thread(SECOND_NUMBER)
    world.ids["missing_file"] = "m_none-0"  # a well-formed id of a file nobody kept
    other = stage.call("POST", "/sandbox/brands", {
        "name": "Other brand", "admin_email": "admin@other.test", "admin_password": "other-password",
        "store": {"name": "Other store", "timezone": "Europe/Paris", "phone_number": OTHER_BRAND_NUMBER}})
    assert other.status == 201, other.body
    world.tokens["outsider"] = stage.login("admin@other.test", "other-password")
    world.ids["outsider_id"] = other.body["admin"]["id"]
    world.ids["outsider_store"] = other.body["store"]["id"]
    world.ids["outsider_brand"] = other.body["brand"]["id"]
    build_collaboration(world)
    build_administration(world)
    return world


def build_collaboration(world: World) -> None:
    """A thread of the second store shared with the demo store, each persona's own mention (one mention id
    per note: the agent's comes from a note of its own, so that nobody else holds that id), the brand's
    customer-service e-mail for delegation."""
    stage, admin = world.stage, world.tokens["admin"]
    answer = stage.call("PATCH", "/v1/brand", {"service_email": "service@demo.test"}, token=admin)
    assert answer.status == 200, answer.body
    world.ids["shared_thread"] = world.fresh_thread(SECOND_NUMBER)
    answer = stage.call("POST", f"/v1/threads/{world.ids['shared_thread']}/share",
                        {"store_id": world.ids["demo_store"]}, token=admin)
    assert answer.status == 200, answer.body
    thread = world.ids["thread"]
    mentioned = " ".join(f"@[{world.ids[p + '_id']}]" for p in ("admin", "store_admin", "reader"))
    mention = mention_by(world, world.tokens["colleague"], thread, f"Vu {mentioned}")
    for persona in ("admin", "store_admin", "reader"):
        world.ids[f"{persona}_mention"] = mention
    world.ids["agent_mention"] = mention_by(world, world.tokens["colleague"], thread,
                                            f"Vu @[{world.ids['agent_id']}]")
    outsider_colleague = invite_agent(stage, world.tokens["outsider"], world.ids["outsider_store"],
                                      "colleague@other.test")
    stage.text("Bonjour", sender=ALICE, to=OTHER_BRAND_NUMBER)
    world.ids["outsider_thread"] = thread_id_for(world.ids["outsider_brand"], "sms", ALICE)
    world.ids["outsider_mention"] = mention_by(world, outsider_colleague, world.ids["outsider_thread"],
                                               f"Vu @[{world.ids['outsider_id']}]")


def mention_by(world: World, token: str, thread_id: str, text: str) -> str:
    """A note mentioning colleagues; the id of its mentions (the same for every colleague it names)."""
    answer = world.stage.call("POST", f"/v1/threads/{thread_id}/notes", {"text": text}, token=token)
    assert answer.status == 201, answer.body
    note_id = answer.body["id"]
    for persona in PERSONAS:
        mentions = world.stage.call("GET", "/v1/mentions", token=world.tokens[persona]).body["items"]
        found = [m["id"] for m in mentions if m["note_id"] == note_id]
        if found:
            return found[0]
    raise AssertionError(f"no persona is mentioned in {text}")


def build_administration(world: World) -> None:
    """An agent of the second store only, a store group, a role, a canned response of the brand and one of
    the agent's own."""
    world.ids["second_agent_id"] = invite_agent_to(world, world.ids["second_store"])
    world.ids["group"] = world.fresh_group()
    world.ids["role"] = world.fresh_role()
    world.ids["brand_canned"] = world.fresh_canned()
    world.ids["agent_canned"] = world.fresh_canned("personal", "agent")


def invite_agent_to(world: World, store_id: str) -> str:
    token = invite_agent(world.stage, world.tokens["admin"], store_id, world.fresh_email())
    return world.stage.call("GET", "/v1/me", token=token).body["id"]


@dataclass(frozen=True)
class Row:
    """One call of a route, and the status each persona must get."""

    method: str
    path: str  # the template, exactly as registered with route(...)
    expect: dict[str, int]
    params: dict[str, str]  # path parameter -> world key
    body: Any = None
    query: str = ""  # "store_id={demo_store}": world keys in braces
    gap: str = ""  # the app does not meet this row yet: why (the row is an expected failure)
    fresh_personas: bool = False  # each call as a new account like the persona's (World.fresh_persona)

    @property
    def route(self) -> tuple[str, str]:
        return self.method, self.path

    @property
    def label(self) -> str:
        return f"{self.method} {self.path}{'?' + self.query if self.query else ''}"

    def url(self, world: World, persona: str | None = None) -> str:
        path = self.path
        for name in re.findall(r"\{(\w+)\}", self.path):
            path = path.replace(f"{{{name}}}", world.resolve(self.params[name], persona))
        if self.query:
            query = re.sub(r"\{(\w+)\}", lambda m: world.resolve(m.group(1), persona), self.query)
            path = f"{path}?{query}"
        return path


# Path parameters filled by default when a row does not say: a world key per parameter name.
DEFAULT_PARAMS = {
    "store_id": "demo_store",
    "thread_id": "thread",
    "agent_id": "colleague_id",
    "group_id": "group",
    "role_id": "role",
    "canned_id": "brand_canned",
    "mention_id": "own_mention",
    "phone": "customer_phone",
}


class Csv(str):
    """A row body sent as it is with `Content-Type: text/csv` (the customer import), not as JSON."""


def row(method: str, path: str, expect: str, body: Any = None, query: str = "", gap: str = "",
        fresh_personas: bool = False, **params: str) -> Row:
    """A row: `expect` lists the statuses of admin, store_admin, agent, reader and outsider, in that order.
    `fresh_personas`: each call is made as a new account like the persona's (for a caller's own account)."""
    statuses = [int(s) for s in expect.split()]
    assert len(statuses) == len(PERSONAS), f"{method} {path}: one status per persona {PERSONAS}"
    names = re.findall(r"\{(\w+)\}", path)
    unknown = set(params) - set(names)
    assert not unknown, f"{method} {path}: no path parameter {unknown}"
    filled = {n: params.get(n) or DEFAULT_PARAMS.get(n) for n in names}
    missing = [n for n, v in filled.items() if v is None]
    assert not missing, f"{method} {path}: say how to fill {missing} (a world key) or add it to DEFAULT_PARAMS"
    return Row(method, path, dict(zip(PERSONAS, statuses, strict=True)), filled,  # type: ignore[arg-type]
               body, query, gap, fresh_personas)


def call(world: World, r: Row, persona: str | None, body: Any = None) -> Answer:
    """The row's call as a persona (None: without a token)."""
    token = (world.fresh_persona(persona) if r.fresh_personas else world.tokens[persona]) if persona else None
    if isinstance(r.body, Csv) and body is None:
        answer = world.stage.call(r.method, r.url(world, persona), token=token, raw=str(r.body),
                                  headers={"Content-Type": "text/csv"})
    else:
        sent = world.fill(r.body if body is None else body, persona)
        answer = world.stage.call(r.method, r.url(world, persona), sent, token=token)
    if answer.status < 300:
        world.unspent.clear()  # the call may have changed its objects: the next persona gets new ones
    return answer


def problems_with(answer: Answer, expected: int, persona: str, world: World) -> list[str]:
    """What is wrong with one persona's answer: status, problem+json on errors, no 403 or leak to outsiders."""
    found = []
    if answer.status != expected:
        found.append(f"{persona}: expected {expected}, got {answer.status} {_short(answer.body)}")
    if answer.status >= 400:
        if answer.headers.get("Content-Type") != "application/problem+json":
            found.append(f"{persona}: error {answer.status} without Content-Type application/problem+json")
        elif not isinstance(answer.body, dict) or not {"type", "title", "status", "detail"} <= set(answer.body):
            found.append(f"{persona}: problem without type/title/status/detail: {_short(answer.body)}")
    if persona == "outsider":
        if answer.status == 403:
            found.append("outsider: 403 hints that another brand's object exists; 404 is due")
        if answer.status < 300:
            text = json.dumps(answer.body) if not isinstance(answer.body, str) else answer.body
            leaked = sorted(i for i in world.demo_ids(persona) if i in text)
            if leaked:
                found.append(f"outsider: the answer shows the demo brand's ids {leaked}")
    return found


def _short(body: Any) -> str:
    text = json.dumps(body) if not isinstance(body, str) else body
    return text if len(text) <= 200 else text[:200] + "..."
