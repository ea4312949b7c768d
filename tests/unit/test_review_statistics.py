"""Reviews in the statistics, fed from the thread stream on fakes: reviews received, their average rating and the
share answered, each against the previous period; and new customers of a review counted under `review`.

November 2026: W1 = 2-8, W2 = 9-15 (Maison Lune's stores, in Paris)."""
from __future__ import annotations

from datetime import date, datetime

import pytest

from chalicelib.services.usecases.conversations.reviews import ReviewIn
from tests.unit.stats_shop import AFTER_SALES, BOSS, CHLOE, TRACKING, StatsShop, paris

W1, W2 = (date(2026, 11, 2), date(2026, 11, 8)), (date(2026, 11, 9), date(2026, 11, 15))


def nov(day: int, hour: int, minute: int = 0) -> datetime:
    return paris(2026, 11, day, hour, minute)


@pytest.fixture
def shop() -> StatsShop:
    return StatsShop(now=nov(2, 8))


def reviewed(shop: StatsShop, when: datetime, rating: int, store_id: str = TRACKING) -> str:
    """A review arrives at `when`: its thread's id."""
    shop.go(when)
    thread, _ = shop.cases.reviews.post(shop.agent(BOSS), store_id, ReviewIn(
        source="google", external_id=f"g-{when.isoformat()}", rating=rating, created_at=when, text="Avis"))
    shop.settle()
    return thread.id


def figures(report: dict) -> dict[str, tuple]:
    return {name: (report[name]["value"], report[name]["previous"], report[name]["variation"])
            for name in ("reviews", "average_rating", "reviews_answered_rate")}


def test_reviews_received_average_rating_and_share_answered_with_their_variation(shop: StatsShop) -> None:
    one_star = reviewed(shop, nov(3, 10), 1)
    shop.answers(nov(3, 11), one_star)
    reviewed(shop, nov(4, 10), 4)  # never answered
    five = reviewed(shop, nov(10, 10), 5)
    three = reviewed(shop, nov(11, 10), 3)
    shop.answers(nov(11, 12), five)
    shop.answers(nov(11, 12, 5), three)
    shop.answers(nov(11, 12, 10), five)  # a second answer counts the review answered once
    report = shop.report(*W2)
    assert figures(report) == {"reviews": (2, 2, 0.0), "average_rating": (4.0, 2.5, 0.6),
                               "reviews_answered_rate": (1.0, 0.5, 1.0)}
    assert report["average_rating"]["variation_label"] == "+60 %"
    assert figures(shop.report(*W1))["reviews"] == (2, 0, None)


def test_without_reviews_the_average_rating_and_share_answered_are_not_applicable(shop: StatsShop) -> None:
    shop.writes(nov(3, 10))
    assert figures(shop.report(*W1)) == {"reviews": (0, 0, 0.0), "average_rating": (None, None, None),
                                         "reviews_answered_rate": (None, None, None)}


def test_a_late_answer_counts_on_the_reviews_day_for_the_store_it_arrived_at(shop: StatsShop) -> None:
    late = reviewed(shop, nov(6, 10), 2)
    shop.transfers(nov(9, 9), late, AFTER_SALES)
    shop.answers(nov(9, 10), late)
    assert shop.report(*W1)["reviews_answered_rate"]["value"] == 1.0
    assert shop.report(*W2, store_ids=[AFTER_SALES])["reviews"]["value"] == 0


def test_new_customers_of_reviews_are_counted_under_review(shop: StatsShop) -> None:
    shop.writes(nov(3, 10), sender=CHLOE)
    reviewed(shop, nov(3, 11), 5)
    reviewed(shop, nov(4, 11), 2)
    figure = shop.report(*W1)["new_inbound_customers"]
    assert (figure["value"], figure["by_channel"]) == (3, {"direct_sms": 1, "review": 2})


def test_top_stores_rank_by_average_rating() -> None:
    shop = StatsShop(now=nov(2, 8))
    reviewed(shop, nov(3, 10), 2)
    reviewed(shop, nov(3, 11), 5, store_id=AFTER_SALES)
    shop.feed()
    ranked = shop.statistics.top_stores(shop.agent(BOSS), *W1, "average_rating")
    assert [(r["store_id"], r["rank"], r["value"]) for r in ranked] == [(AFTER_SALES, 1, 5.0), (TRACKING, 2, 2.0)]
