"""Statistics in DynamoDB: each thread's facts beside it, per-store per-day aggregates in the store's stats partition.

Keys and the report's single Query are described in keys.py; translation in translate/stats.py.
"""
from __future__ import annotations

from datetime import date

from ..services.domain.errors import StaleVersion
from ..services.domain.reports import DayAggregate
from ..services.domain.stats import Collector, ThreadFacts
from . import keys
from .items.stats import StoreDayItem, ThreadFactsItem
from .transactions import Transaction
from .translate import stats as translate

MAX_TRANSACTION = 100  # DynamoDB's limit of items in one transaction


class TooManyItems(ValueError):
    """The facts and days of a group of threads do not fit one transaction: write fewer threads at once."""


class DynamoStats:
    def facts(self, brand_id: str, thread_ids: list[str]) -> dict[str, ThreadFacts]:
        """The facts of these threads (new ones for threads never seen): one BatchGet per 100 threads."""
        unique = list(dict.fromkeys(thread_ids))
        wanted = [(keys.thread_pk(brand_id, t), keys.FACTS_SK) for t in unique]
        found = {facts.thread_id: facts for facts in map(translate.facts_of,
                                                          ThreadFactsItem.batch_get(wanted, consistent_read=True))}
        return {t: found.get(t) or ThreadFacts(brand_id=brand_id, thread_id=t) for t in unique}

    def apply(self, brand_id: str, before: dict[str, int], after: list[ThreadFacts], out: Collector) -> None:
        """Writes new facts (each conditional on the sequence it was read at) and the day deltas, atomically."""
        tx = Transaction()
        for facts in after:
            seen = before.get(facts.thread_id, 0)
            tx.put(f"facts:{facts.thread_id}", translate.facts_item(brand_id, facts),
                   ThreadFactsItem.pk.does_not_exist() | (ThreadFactsItem.last_sequence == seen))
        totals: dict[str, dict[str, int]] = {}  # store -> channel -> new threads
        for delta in out.days.values():
            tx.update(f"day:{delta.store_id}:{delta.day}", *translate.day_update(brand_id, delta))
            by_channel = totals.setdefault(delta.store_id, {})
            for channel, part in delta.parts.items():
                by_channel[channel] = by_channel.get(channel, 0) + part.counters.get("new_threads", 0)
        for store_id, new_threads in totals.items():  # one update per item: a transaction touches each once
            if any(new_threads.values()):
                tx.update(f"total:{store_id}", *translate.total_update(brand_id, store_id, new_threads))
        if len(tx) > MAX_TRANSACTION:
            raise TooManyItems(len(tx))
        if tx.commit():
            raise StaleVersion("the statistics of a thread changed meanwhile")

    def days(self, brand_id: str, store_id: str, first: date) -> tuple[list[DayAggregate], dict[str, int]]:
        """The store's days from `first` on, and its threads by channel: one Query (more pages only past 1 MB)."""
        aggregates: list[DayAggregate] = []
        total: dict[str, int] = {}
        result = StoreDayItem.query(keys.stats_pk(brand_id, store_id),
                                    StoreDayItem.sk.between(keys.stats_day_sk(first.isoformat()), keys.STATS_TOTAL_SK))
        for page in result.page_iter:  # raw pages: a day's named counters are not declared attributes
            for raw in page.get("Items", []):
                if translate.is_total(raw):
                    total = translate.total_of(raw)
                else:
                    aggregates.append(translate.aggregate_of(store_id, raw))
        return aggregates, total
