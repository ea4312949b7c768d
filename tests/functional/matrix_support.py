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

from chalicelib.services.conversations import thread_id_for
from chalicelib.wiring import DEMO_BRAND_ID
from tests.functional.support import ALICE, DEMO_NUMBER, Answer, Stage
from tests.functional.test_sms_flow import invite_agent

# The order of the statuses in a row's `expect` string.
PERSONAS = ("admin", "store_admin", "agent", "reader", "outsider")
SECOND_NUMBER = "+15550000003"
OTHER_BRAND_NUMBER = "+15550000002"
UNKNOWN_FIELD = "matrix_unknown_field"
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

    GENERATORS: ClassVar[dict[str, Callable[[World], str]]] = {
        "fresh_phone": fresh_phone,
        "fresh_email": fresh_email,
        "fresh_thread": fresh_thread,
        "fresh_second_thread": lambda w: w.fresh_thread(SECOND_NUMBER),
        "fresh_agent": fresh_agent,
    }

    def resolve(self, key: str) -> str:
        """A world id by key, or a throw-away object for a `fresh_*` key: a new one, unless the last one
        was only refused so far (a refused call changes nothing, so the next persona may meet it as is)."""
        if key in self.GENERATORS:
            if key not in self.unspent:
                self.unspent[key] = self.GENERATORS[key](self)
            return self.unspent[key]
        if key not in self.ids:
            raise KeyError(f"no world object '{key}': add it to World.ids or World.GENERATORS")
        return self.ids[key]

    def fill(self, value: Any) -> Any:
        """A body with every "{key}" string (value or dict key) replaced by the world's object."""
        if isinstance(value, dict):
            return {self.fill(k): self.fill(v) for k, v in value.items()}
        if isinstance(value, list):
            return [self.fill(v) for v in value]
        if isinstance(value, str) and (match := PLACEHOLDER.match(value)):
            return self.resolve(match.group(1))
        return value

    def set_rights(self, agent_id: str, stores: dict[str, dict[str, bool]]) -> None:
        answer = self.stage.call("PUT", f"/v1/agents/{agent_id}/rights", {"stores": stores},
                                 token=self.tokens["admin"])
        assert answer.status == 200, answer.body

    def demo_ids(self, persona: str) -> set[str]:
        """Ids of the demo brand that an outsider must never read back."""
        own = self.ids.get(f"{persona}_id")
        return {v for k, v in self.ids.items() if not k.startswith("outsider") and v != own}


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
    stage.settle = stage.container.settler = settle_and_forget(stage)  # type: ignore[method-assign]
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
    world.ids["second_thread"] = world.fresh_thread(SECOND_NUMBER)
    other = stage.call("POST", "/sandbox/brands", {
        "name": "Other brand", "admin_email": "admin@other.test", "admin_password": "other-password",
        "store": {"name": "Other store", "timezone": "Europe/Paris", "phone_number": OTHER_BRAND_NUMBER}})
    assert other.status == 201, other.body
    world.tokens["outsider"] = stage.login("admin@other.test", "other-password")
    world.ids["outsider_id"] = other.body["admin"]["id"]
    world.ids["outsider_store"] = other.body["store"]["id"]
    return world


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

    @property
    def route(self) -> tuple[str, str]:
        return self.method, self.path

    @property
    def label(self) -> str:
        return f"{self.method} {self.path}{'?' + self.query if self.query else ''}"

    def url(self, world: World) -> str:
        path = self.path
        for name in re.findall(r"\{(\w+)\}", self.path):
            path = path.replace(f"{{{name}}}", world.resolve(self.params[name]))
        if self.query:
            query = re.sub(r"\{(\w+)\}", lambda m: world.resolve(m.group(1)), self.query)
            path = f"{path}?{query}"
        return path


# Path parameters filled by default when a row does not say: a world key per parameter name.
DEFAULT_PARAMS = {
    "store_id": "demo_store",
    "thread_id": "thread",
    "agent_id": "colleague_id",
}


def row(method: str, path: str, expect: str, body: Any = None, query: str = "", gap: str = "",
        **params: str) -> Row:
    """A row: `expect` lists the statuses of admin, store_admin, agent, reader and outsider, in that order."""
    statuses = [int(s) for s in expect.split()]
    assert len(statuses) == len(PERSONAS), f"{method} {path}: one status per persona {PERSONAS}"
    names = re.findall(r"\{(\w+)\}", path)
    unknown = set(params) - set(names)
    assert not unknown, f"{method} {path}: no path parameter {unknown}"
    filled = {n: params.get(n) or DEFAULT_PARAMS.get(n) for n in names}
    missing = [n for n, v in filled.items() if v is None]
    assert not missing, f"{method} {path}: say how to fill {missing} (a world key) or add it to DEFAULT_PARAMS"
    return Row(method, path, dict(zip(PERSONAS, statuses, strict=True)), filled,  # type: ignore[arg-type]
               body, query, gap)


def call(world: World, r: Row, persona: str | None, body: Any = None) -> Answer:
    """The row's call as a persona (None: without a token)."""
    token = world.tokens[persona] if persona else None
    sent = world.fill(r.body if body is None else body)
    answer = world.stage.call(r.method, r.url(world), sent, token=token)
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
