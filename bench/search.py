"""Search across conversations: time and DynamoDB calls of GET /v1/threads?q= by a customer's number and by a
word, in a brand of 10,000 threads.

Runs on its own table (with its stream) and a FixedClock container, like bench/stats.py. Seeding: 10,000
synthetic threads (one store, one customer each), each with the customer's message ("Mon blender est cassé,
commande 4521"), then the app's indexer (`Search.index_messages`, what the stream step runs for each message)
makes their postings. Threads and messages are built and serialized by the models (translate.threads.thread_item,
translate.threads.message_item) and, as bench/inbox.py does for its large brand, put straight into the moto backend that
the ThreadedMotoServer serves; the indexer's postings go the same way (DynamoSearchIndex.put_words with the
backend's put_item in place of BatchWriteItem over HTTP: ~600 s on 2 busy cores otherwise). One message in 20
names a blender, so a word search reads its newest postings and leaves most of the partition unread.

Queries go through chalice.test.Client as bench/inbox.py's, as the brand admin, default page of 50; the auth
read of the agent is left out of the counts by the same rule. Number: "06 00 00 12 34" (national format: the
region comes from the brand's stores, one Query, then one BatchGet of the candidate thread). Word: "blender"
(the name index is read first, then the word's postings, then one BatchGet of their threads).

Times are medians of REPEATS runs after a warm-up, on the bench's in-process backend (moto with `bench.moto_speed`,
installed by bench/stage.py: a Query reads its partition, as DynamoDB does, where plain moto lists and sorts
every item of the table on every call).
"""
from __future__ import annotations

import statistics as pystats
import time
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from . import ddbcount
from .inbox import _is_auth
from .stage import app as quiet_app

if TYPE_CHECKING:
    from chalicelib.services.domain import WordPosting
    from chalicelib.services.ports.repositories import SearchIndex

TABLE = "comptoir-bench-search"
BUDGET_CALLS = {"search_number": 2, "search_word": 3}  # without the auth read; see the module docstring
THREADS = 10_000
REPEATS = 7
PASSWORD = "bench-password"
BRAND = "search10k"
BASE = datetime(2026, 11, 1, tzinfo=UTC)
PRODUCTS = ("blender", "cafetière", "aspirateur", "bouilloire", "grille-pain", "robot", "friteuse", "balance",
            "mixeur", "yaourtière", "centrifugeuse", "machine", "plancha", "raclette", "gaufrier", "hachoir",
            "extracteur", "cuiseur", "four", "hotte")


def _phone(i: int) -> str:
    return f"+336{i:08d}"


def _national(i: int) -> str:
    digits = f"06{i:08d}"
    return " ".join(digits[k:k + 2] for k in range(0, 10, 2))


def _moto_backend(c: Any) -> Any:
    from .inbox import _moto_backend as find

    return find(c.settings.region, c.settings.table)


def _direct_index(backend: Any, table: str) -> SearchIndex:
    """DynamoSearchIndex whose postings (serialized by the model) go straight into the moto backend."""
    from chalicelib.models.search import DynamoSearchIndex
    from chalicelib.models.translate.search import word_item

    class DirectIndex(DynamoSearchIndex):
        def put_words(self, postings: Sequence[WordPosting]) -> None:
            for posting in postings:
                backend.put_item(table, word_item(posting).serialize())

    return DirectIndex()


def _seed(c: Any, store_id: str, number: str) -> int:
    """Returns how many postings the indexer wrote."""
    from chalicelib.models.translate import threads as translate
    from chalicelib.services.domain import Customer, Message, Thread
    from chalicelib.services.usecases.conversations.common import customer_id_for, thread_id_for
    from chalicelib.services.usecases.search import Search, postings_of

    backend, table = _moto_backend(c), c.settings.table
    messages: list[Message] = []
    for i in range(THREADS):
        at = BASE - timedelta(seconds=i)
        phone = _phone(i)
        thread_id = thread_id_for(BRAND, "sms", phone)
        thread = Thread(brand_id=BRAND, id=thread_id, store_id=store_id, channel="sms",
                        customer=Customer(id=customer_id_for(BRAND, phone), phone=phone), status="waiting",
                        conversation_id=f"v{i}", conversation_started_at=at, last_message_at=at, created_at=at)
        backend.put_item(table, translate.thread_item(thread).serialize())
        message = Message(brand_id=BRAND, thread_id=thread_id, id=f"m{i:020x}", direction="in", author="customer",
                          text=f"Mon {PRODUCTS[i % len(PRODUCTS)]} est cassé, commande {4000 + i % 1000}",
                          created_at=at, channel="sms", store_id=store_id, customer_address=phone,
                          store_address=number, status="received", applied=True)
        backend.put_item(table, translate.message_item(message).serialize())
        messages.append(message)
    Search(_direct_index(backend, table), c.directory, c.search.channels).index_messages(messages)
    return sum(len(postings_of(m)) for m in messages)


def _search(client: Any, token: str, q: str) -> tuple[list[ddbcount.Call], float, dict[str, Any]]:
    from urllib.parse import quote

    with ddbcount.RECORDER.counting() as calls:
        started = time.perf_counter()
        response = client.http.get(f"/v1/threads?q={quote(q)}", headers={"Authorization": f"Bearer {token}"})
        elapsed = time.perf_counter() - started
    if response.status_code != 200:
        raise RuntimeError(f"GET /v1/threads?q={q} answered {response.status_code}: {response.body[:300]!r}")
    return list(calls), elapsed, response.json_body


def run(stage: Any, report: Any) -> None:
    from chalice.test import Client

    from chalicelib.services.ports.clock import FixedClock

    c = stage.container_on(TABLE, FixedClock(BASE + timedelta(days=1)))
    email = f"admin@{BRAND}.bench.test"
    number = "+33170000099"
    c.stores.provision_brand(name="Search bench", admin_email=email, admin_password=PASSWORD,
                             store_name="Paris", timezone="Europe/Paris", phone_number=number, brand_id=BRAND)
    store_id = c.directory.list_stores(BRAND)[0].id
    started = time.perf_counter()
    postings = _seed(c, store_id, number)
    report.info("search_seed_seconds", round(time.perf_counter() - started, 1),
                f"{THREADS} threads, {THREADS} messages, {postings} postings in brand {BRAND}, "
                "via moto backend put_item")
    token, _ = c.accounts.login(email, PASSWORD)
    target = 1234
    cases = [  # figure prefix, query, check of the answer
        ("search_number", _national(target), lambda body: [i["customer"]["phone"] for i in body["items"]]
         == [_phone(target)] and body["items"][0]["match"]["kind"] == "number"),
        ("search_word", "blender", lambda body: len(body["items"]) == 50
         and all(i["match"]["kind"] == "text" and "blender" in i["match"]["excerpt"] for i in body["items"])),
    ]
    with Client(quiet_app()) as client:
        for name, q, check in cases:
            _search(client, token, q)  # warm-up
            times: list[float] = []
            calls: list[ddbcount.Call] = []
            for _ in range(REPEATS):
                calls, elapsed, body = _search(client, token, q)
                if not check(body):
                    raise RuntimeError(f"search {q!r} answered unexpectedly: {str(body)[:300]}")
                times.append(elapsed)
            listing = [call for call in calls if not _is_auth(call)]
            report.figure(f"{name}_ms", round(pystats.median(times) * 1e3, 1), 1000,
                          f"GET /v1/threads?q={q} as brand admin, {THREADS} threads; median of {REPEATS} on moto "
                          f"(the bench's in-process backend)")
            report.figure(f"{name}_ddb_calls", len(listing), BUDGET_CALLS[name], ddbcount.sequence(listing))
