"""Inbox page of 50 threads: DynamoDB calls of GET /v1/threads with 10 and with 100,000 threads in the brand.

Only the listing's calls count against the budget; the auth read of the agent (every authenticated
route makes it) is left out and shown in `*_request_total_ddb_calls`.

Seeding: threads are synthetic domain Threads turned into items by translate.threads.thread_item. The small brand
goes through PynamoDB `ThreadItem.batch_write()` over HTTP. For the large one that path measured ~150 s
for 100,000 items on 2 cores (moto recomputes an item's size on every attribute it sets), so its items
(still built and serialized by the models) are put straight into the moto backend that the
ThreadedMotoServer serves: same table, same data, about half the time. The listing itself goes over HTTP.
"""
from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from . import ddbcount
from .stage import app as quiet_app

if TYPE_CHECKING:
    from chalicelib.services.domain import Thread, ThreadStatus

SIZES = (10, 100_000)
PAGE = 50
# 9 in 10 threads in the default view (waiting + replied)
STATUSES: tuple[ThreadStatus, ...] = ("waiting", "replied", "waiting", "replied", "waiting", "replied", "waiting",
                                      "replied", "waiting", "resolved")
BASE = datetime(2026, 11, 1, tzinfo=UTC)
DIRECT_SEED_ABOVE = 1_000
PASSWORD = "bench-password"
COUNTERS = ("waiting", "replied", "resolved", "new", "unanswered")  # the counts GET /v1/threads answers


def _threads(brand_id: str, store_ids: tuple[str, ...], n: int) -> Iterator[Thread]:
    from chalicelib.services.domain import Customer, Thread

    for i in range(n):
        at = BASE - timedelta(seconds=i)
        status = STATUSES[i % len(STATUSES)]
        yield Thread(brand_id=brand_id, id=f"t{i:024x}", store_id=store_ids[i % len(store_ids)], channel="sms",
                     customer=Customer(id=f"c{i:020x}", phone=f"+336{i:08d}"), status=status,
                     conversation_id=f"v{i:020x}", conversation_started_at=at, last_message_at=at, created_at=at,
                     waiting_since=at if status == "waiting" else None, last_inbound_at=at)


def _moto_backend(region: str, table: str) -> Any:
    from moto.dynamodb.models import dynamodb_backends

    for account in dynamodb_backends:
        backend = dynamodb_backends[account][region]
        if table in backend.tables:
            return backend
    raise RuntimeError(f"table {table} not found in the moto backend")


def seed(stage: Any, n: int) -> tuple[str, str, str, tuple[str, ...], dict[str, dict[str, int]]]:
    """A brand with two stores, an agent on both and n threads.

    Returns (admin e-mail, the agent's token, brand, stores, expected counts per store)."""
    from chalicelib.models import keys
    from chalicelib.models.items.threads import CountsItem, ThreadItem
    from chalicelib.models.translate import threads as translate
    from chalicelib.services.domain import Store

    c = stage.container
    brand_id = f"inbox{n}"
    email = f"admin@{brand_id}.bench.test"
    _, _, store = c.stores.provision_brand(name=f"Inbox {n}", admin_email=email, admin_password=PASSWORD,
                                           store_name="First store", timezone="Europe/Paris",
                                           phone_number=f"+1555{n % 10_000_000:07d}", brand_id=brand_id)
    second = Store(brand_id=brand_id, id=f"{store.id}b", name="Second store", timezone="Europe/Paris",
                   created_at=BASE)
    c.directory.add_store(second)
    stores = (store.id, second.id)
    # Every transaction first: moto deep-copies a table for each TransactWriteItems, slow once it holds 100,000 items.
    agent_token = _agent_on(stage, brand_id, stores)
    counts: dict[str, dict[str, int]] = {s: dict.fromkeys(COUNTERS, 0) for s in stores}
    if n <= DIRECT_SEED_ABOVE:
        with ThreadItem.batch_write() as batch:
            for thread in _threads(brand_id, stores, n):
                _add(counts[thread.store_id], thread)
                batch.save(translate.thread_item(thread))
    else:
        backend = _moto_backend(c.settings.region, c.settings.table)
        for thread in _threads(brand_id, stores, n):
            _add(counts[thread.store_id], thread)
            backend.put_item(c.settings.table, translate.thread_item(thread).serialize())
    for store_id, totals in counts.items():  # the maintained counters, as the stream would have left them
        CountsItem(keys.brand_pk(brand_id), keys.counts_sk(store_id), brand_id=brand_id, store_id=store_id,
                   waiting=totals["waiting"], replied=totals["replied"], resolved=totals["resolved"],
                   new=totals["new"], unanswered=totals["unanswered"]).save()
    return email, agent_token, brand_id, stores, counts


def _add(totals: dict[str, int], thread: Any) -> None:
    """What a thread adds to its store's counters: its status and its indicator (new, unanswered)."""
    from chalicelib.services.domain.threads import indicator

    totals[thread.status] += 1
    shown = indicator(thread)
    if shown:
        totals[shown] += 1


def _is_auth(call: ddbcount.Call) -> bool:
    """The agent read of authenticate(): one Query of B#<brand>, sk begins_with AGENT#<id># (profile and load)."""
    return call.operation in ("GetItem", "Query") and "AGENT#" in call.describe()


def _list(client: Any, token: str, query: str, expected_items: int,
          expected_counts: dict[str, int]) -> tuple[list[ddbcount.Call], float]:
    with ddbcount.RECORDER.counting() as calls:
        started = time.perf_counter()
        response = client.http.get(f"/v1/threads{query}", headers={"Authorization": f"Bearer {token}"})
        elapsed = time.perf_counter() - started
    if response.status_code != 200:
        raise RuntimeError(f"GET /v1/threads{query} answered {response.status_code}: {response.body[:300]!r}")
    body = response.json_body
    if len(body["items"]) != expected_items or body["counts"] != expected_counts:
        raise RuntimeError(f"GET /v1/threads{query}: {len(body['items'])} items, counts {body['counts']}; "
                           f"expected {expected_items}, {expected_counts}")
    return list(calls), elapsed


def run(stage: Any, report: Any) -> None:
    from chalice.test import Client

    with Client(quiet_app()) as client:
        for n in SIZES:
            started = time.perf_counter()
            email, agent, brand_id, stores, counts = seed(stage, n)
            how = "ThreadItem.batch_write() over HTTP" if n <= DIRECT_SEED_ABOVE else "moto backend put_item"
            report.info(f"inbox_seed_seconds_{n}", round(time.perf_counter() - started, 1),
                        f"{n} threads in brand {brand_id}, 2 stores, via {how}")
            admin, _ = stage.container.accounts.login(email, PASSWORD)
            brand_totals = {s: sum(c[s] for c in counts.values()) for s in COUNTERS}
            views = [  # name, who, query, counts in view, budget (None: informational)
                ("inbox_page", admin, "", brand_totals, 2),
                ("inbox_store_page", admin, f"?store_id={stores[0]}", counts[stores[0]], 2),
                # Not a budgeted figure of the brief: an agent (not brand admin) with rights on both stores.
                ("inbox_agent_2stores_page", agent, "", brand_totals, None),
            ]
            client.http.get("/v1/threads?limit=1", headers={"Authorization": f"Bearer {admin}"})  # warm-up
            for name, token, query, totals, budget in views:
                in_view = totals["waiting"] + totals["replied"]
                calls, elapsed = _list(client, token, query, min(PAGE, in_view), totals)
                listing = [c for c in calls if not _is_auth(c)]
                who = "brand admin" if token is admin else "agent with rights on 2 stores"
                report.figure(f"{name}_ddb_calls_{n}", len(listing), budget,
                              f"GET /v1/threads{query} as {who}, {in_view} threads in view, "
                              f"{elapsed * 1e3:.0f} ms on moto: {ddbcount.sequence(listing)}")
                report.info(f"{name.replace('_page', '')}_request_total_ddb_calls_{n}", len(calls),
                            "with the auth read of the agent")


def _agent_on(stage: Any, brand_id: str, stores: tuple[str, ...]) -> str:
    """A non-admin agent with full rights on the given stores; returns its bearer token."""
    from chalicelib.services.domain import StoreRights

    c = stage.container
    email = f"agent@{brand_id}.bench.test"
    agent = c.accounts.new_agent(brand_id=brand_id, email=email, password=PASSWORD,
                                 rights={s: StoreRights(perimeter=True, contactable=True) for s in stores})
    c.directory.add_agent(agent)
    return c.accounts.login(email, PASSWORD)[0]
