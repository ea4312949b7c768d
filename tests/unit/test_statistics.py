"""Statistics (SPEC I1-I14, the statistics guide and its worked examples), fed from the thread stream on fakes.

Maison Lune's stores are open 9:00-19:00 in Paris. November 2026: weeks W1 = 2-8, W2 = 9-15, W3 = 16-22.
"""
from __future__ import annotations

from datetime import date, datetime

import pytest

from tests.unit.stats_shop import (
    AFTER_SALES,
    AFTER_SALES_NUMBER,
    BOSS,
    CHLOE,
    HUGO,
    LEA,
    MAX,
    TRACKING,
    StatsShop,
    paris,
)

W1, W2, W3 = (date(2026, 11, 2), date(2026, 11, 8)), (date(2026, 11, 9), date(2026, 11, 15)), \
    (date(2026, 11, 16), date(2026, 11, 22))


def nov(day: int, hour: int, minute: int = 0) -> datetime:
    return paris(2026, 11, day, hour, minute)


def customer(n: int) -> str:
    return f"+336000000{n:02d}"


@pytest.fixture
def shop() -> StatsShop:
    return StatsShop(now=nov(2, 8))


# -- I6 response time: the guide's examples -------------------------------------------------------
def test_response_time_counts_opening_hours_only_customer_at_20h30_answered_9h05_is_5_minutes(shop: StatsShop) -> None:
    thread = shop.writes(nov(2, 20, 30))
    shop.answers(nov(3, 9, 5), thread)
    report = shop.report(*W1)
    assert report["response_time_seconds"]["value"] == 300.0
    assert report["response_time_seconds"]["median"] == 300.0


def test_response_time_counts_open_minutes_on_both_sides_of_the_night_and_across_the_clock_change() -> None:
    shop = StatsShop(now=paris(2026, 10, 20, 8))
    before = shop.writes(paris(2026, 10, 24, 20, 30))  # winter time starts in the night of 24 to 25 October
    shop.answers(paris(2026, 10, 25, 9, 5), before)
    late = shop.writes(paris(2026, 10, 26, 18, 55), sender=HUGO)  # 5 minutes before closing, 5 after opening
    shop.answers(paris(2026, 10, 27, 9, 5), late)
    assert shop.value("response_time_seconds", date(2026, 10, 19), date(2026, 10, 25)) == 300.0
    assert shop.value("response_time_seconds", date(2026, 10, 26), date(2026, 11, 1)) == 600.0


def test_response_time_after_a_transfer_counts_for_the_store_that_answers_and_is_na_for_the_first(
        shop: StatsShop) -> None:
    thread = shop.writes(nov(3, 13))
    shop.transfers(nov(3, 13, 45), thread, AFTER_SALES)
    shop.answers(nov(3, 14), thread, MAX)
    assert shop.value("response_time_seconds", *W1, store_id=AFTER_SALES) == 900.0
    assert shop.value("response_time_seconds", *W1, store_id=TRACKING) is None


def test_a_status_changed_by_hand_before_the_answer_removes_the_conversation_from_response_time(
        shop: StatsShop) -> None:
    thread = shop.writes(nov(3, 10))
    shop.closes(nov(3, 10, 10), thread)
    shop.answers(nov(3, 10, 20), thread)
    report = shop.report(*W1)
    assert report["response_time_seconds"]["value"] is None
    assert report["conversations"]["value"] == 1  # still answered first by the store (I1)


def test_extreme_response_times_are_left_out_by_tukeys_fences_with_at_least_4_values(shop: StatsShop) -> None:
    threads = [shop.writes(nov(3, 10), sender=customer(n)) for n in range(5)]
    answers = [nov(3, 10, 1), nov(3, 10, 2), nov(3, 10, 2), nov(3, 10, 4), nov(3, 15)]
    for thread, answer in zip(threads, answers, strict=True):
        shop.answers(answer, thread)  # 60, 120, 120, 240 and 18,000 seconds: the last is beyond Q3 + 1.5 IQR
    figure = shop.report(*W1)["response_time_seconds"]
    assert (figure["value"], figure["median"], figure["excluded"]) == (135.0, 120.0, 1)
    assert "Tukey" in figure["note"]


def test_with_fewer_than_4_values_no_response_time_is_left_out(shop: StatsShop) -> None:
    threads = [shop.writes(nov(3, 10), sender=customer(n)) for n in range(3)]
    for thread, answer in zip(threads, [nov(3, 10, 1), nov(3, 10, 2), nov(3, 15)], strict=True):
        shop.answers(answer, thread)
    figure = shop.report(*W1)["response_time_seconds"]
    assert (figure["value"], figure["median"], figure["excluded"]) == (6060.0, 120.0, 0)


# -- I5 response rate and I10 contacts --------------------------------------------------------------
def test_response_rate_answered_is_100_percent_then_an_unanswered_contact_makes_it_50_percent(
        shop: StatsShop) -> None:
    thread = shop.writes(nov(3, 10))
    shop.writes(nov(3, 10, 1), "Vous êtes là ?")  # the same contact (C3)
    shop.answers(nov(3, 10, 5), thread)
    assert shop.value("response_rate", *W1) == 1.0
    assert shop.value("contacts", *W1) == 1
    shop.writes(nov(3, 11), "Et maintenant ?")
    assert shop.value("response_rate", *W1) == 0.5
    assert shop.value("contacts", *W1) == 2


def test_a_contact_transferred_without_answer_is_0_percent_for_the_sender_and_na_for_the_receiver(
        shop: StatsShop) -> None:
    thread = shop.writes(nov(3, 10))
    shop.transfers(nov(3, 10, 5), thread, AFTER_SALES)
    shop.answers(nov(3, 10, 10), thread, MAX)
    assert shop.value("response_rate", *W1, store_id=TRACKING) == 0.0
    assert shop.value("response_rate", *W1, store_id=AFTER_SALES) is None
    assert shop.value("contacts", *W1, store_id=AFTER_SALES) == 0


# -- H3 automatic messages ----------------------------------------------------------------------------
def test_automatic_messages_change_no_indicator(shop: StatsShop) -> None:
    plain = StatsShop(now=nov(2, 8))
    shop.greeting(TRACKING, closed="Nous sommes fermés.")
    for each in (shop, plain):
        chloe = each.writes(nov(3, 10))
        each.writes(nov(3, 11), sender=LEA)
        each.answers(nov(3, 12, 5), chloe)
        hugo = each.writes(nov(3, 20, 30), sender=HUGO)
        each.answers(nov(4, 9, 5), hugo)
    assert shop.sent_to(CHLOE)[0] == "Bonjour, nous revenons vers vous vite."  # the greeting went out
    assert shop.sent_to(HUGO)[0] == "Nous sommes fermés."  # and the closed message
    assert plain.sent_to(HUGO) == ["Je regarde tout de suite."]
    assert shop.report(*W1) == plain.report(*W1)
    assert shop.value("response_rate", *W1) == 0.6667
    assert shop.value("response_time_seconds", *W1) == 3900.0  # 7,500 s and 300 s


# -- I1 conversations -----------------------------------------------------------------------------------
def test_a_conversation_counts_once_for_the_first_store_to_answer(shop: StatsShop) -> None:
    thread = shop.writes(nov(3, 10))
    shop.answers(nov(3, 10, 5), thread)
    shop.transfers(nov(3, 10, 10), thread, AFTER_SALES)
    shop.answers(nov(3, 10, 15), thread, MAX)
    assert shop.value("conversations", *W1, store_id=TRACKING) == 1
    assert shop.value("conversations", *W1, store_id=AFTER_SALES) == 0
    assert shop.report(*W1, store_ids=[TRACKING, AFTER_SALES])["conversations"]["value"] == 1
    assert shop.value("response_time_seconds", *W1, store_id=AFTER_SALES) is None


def test_an_unanswered_conversation_counts_for_the_last_store_holding_it(shop: StatsShop) -> None:
    thread = shop.writes(nov(3, 10))
    assert shop.value("conversations", *W1, store_id=TRACKING) == 1
    shop.transfers(nov(3, 10, 5), thread, AFTER_SALES)
    assert shop.value("conversations", *W1, store_id=TRACKING) == 0
    assert shop.value("conversations", *W1, store_id=AFTER_SALES) == 1


# -- I2, I3, I4, I11, I13: conversations over weeks ---------------------------------------------------------
def test_started_previously_counts_a_conversation_of_a_previous_week_with_an_exchange_in_the_period(
        shop: StatsShop) -> None:
    thread = shop.writes(nov(5, 10))
    shop.answers(nov(5, 10, 5), thread)
    shop.writes(nov(10, 10), "Toujours rien reçu")
    shop.answers(nov(10, 10, 5), thread)
    w1, w2 = shop.report(*W1), shop.report(*W2)
    assert (w1["started_previously"]["value"], w1["new_inbound_conversations"]["value"]) == (0, 1)
    assert (w2["started_previously"]["value"], w2["new_inbound_conversations"]["value"]) == (1, 0)
    assert (w1["conversations"]["value"], w2["conversations"]["value"]) == (1, 0)


def test_a_message_after_15_days_of_silence_starts_a_new_conversation_of_an_existing_customer(
        shop: StatsShop) -> None:
    chloe = shop.writes(nov(2, 10))
    shop.answers(nov(2, 10, 5), chloe)
    lea = shop.writes(nov(3, 10), sender=LEA)
    shop.answers(nov(3, 10, 5), lea)
    shop.writes(nov(17, 10), "Encore moi", sender=LEA)  # 14 days later: the same conversation
    shop.writes(nov(17, 10, 5), "Re-bonjour")  # 15 days after the last message: a new conversation
    shop.answers(nov(17, 10, 10), chloe)
    shop.answers(nov(17, 10, 15), lea)
    shop.writes(nov(18, 10), sender=HUGO)  # a new customer
    w3 = shop.report(*W3)
    assert w3["new_inbound_conversations"]["value"] == 2
    assert w3["existing_customers"]["value"] == 1
    assert w3["started_previously"]["value"] == 1
    assert w3["conversations"]["value"] == 2  # Chloé's new conversation, answered; Hugo's, unanswered
    assert w3["response_time_seconds"]["value"] == 300.0
    assert w3["new_inbound_customers"]["value"] == 1
    assert w3["connected_customers"]["value"] == 3


def test_connected_customers_at_the_end_of_a_past_period_leave_out_threads_opened_later(shop: StatsShop) -> None:
    shop.writes(nov(3, 10))
    shop.writes(nov(17, 10), sender=HUGO)
    shop.starts(nov(18, 10), to=LEA)
    w1, w3 = shop.report(*W1), shop.report(*W3)
    assert w1["connected_customers"]["value"] == 1
    assert (w3["connected_customers"]["value"], w3["connected_customers"]["previous"]) == (3, 1)


def test_new_inbound_customers_are_split_by_channel(shop: StatsShop) -> None:
    shop.writes(nov(3, 10))
    shop.writes(nov(4, 10), sender=HUGO)
    shop.starts(nov(4, 11), to=LEA)
    figure = shop.report(*W1)["new_inbound_customers"]
    assert (figure["value"], figure["by_channel"]) == (2, {"direct_sms": 2})


# -- I7, I8, I9, I14 outbound -------------------------------------------------------------------------------
def test_outbound_conversations_with_customer_response_rate_and_time(shop: StatsShop) -> None:
    shop.starts(nov(2, 10), to=HUGO)
    shop.writes(nov(2, 10, 30), "Merci, je passe demain", sender=HUGO)
    shop.starts(nov(2, 11), to=LEA)
    report = shop.report(*W1)
    values = {name: report[name]["value"] for name in (
        "new_outbound_conversations", "outbound_customer_response_rate", "outbound_customer_response_time_seconds",
        "new_outbound_customers", "new_inbound_customers", "new_inbound_conversations", "contacts")}
    assert values == {"new_outbound_conversations": 2, "outbound_customer_response_rate": 0.5,
                      "outbound_customer_response_time_seconds": 1800.0, "new_outbound_customers": 2,
                      "new_inbound_customers": 0, "new_inbound_conversations": 0, "contacts": 1}
    assert report["outbound_customer_response_time_seconds"]["median"] == 1800.0


# -- variations against the previous period -------------------------------------------------------------
def test_each_indicator_comes_with_the_previous_period_and_its_variation(shop: StatsShop) -> None:
    for n, day in enumerate([3, 4, 10, 11, 12, 17, 18, 19]):  # contacts: 2 in W1, 3 in W2, 3 in W3, 1 in W4
        shop.writes(nov(day, 10), sender=customer(n))
    shop.writes(nov(24, 10), sender=customer(9))
    w2 = shop.report(*W2)
    assert w2["previous"] == {"from": "2026-11-02", "to": "2026-11-08"}
    assert w2["contacts"] == {"value": 3, "previous": 2, "variation": 0.5, "variation_label": "+50 %"}
    assert shop.report(*W3)["contacts"]["variation_label"] == "="
    w4 = shop.report(date(2026, 11, 23), date(2026, 11, 29))["contacts"]
    assert (w4["value"], w4["previous"], w4["variation_label"]) == (1, 3, "-67 %")


# -- at least once delivery -------------------------------------------------------------------------------------
def test_changes_delivered_twice_count_nothing_twice(shop: StatsShop) -> None:
    thread = shop.writes(nov(3, 10))
    shop.answers(nov(3, 10, 5), thread)
    shop.writes(nov(3, 11), sender=HUGO)
    once = shop.report(*W1)
    shop.statistics.observe(shop.changes())  # the whole stream again
    shop.statistics.observe(shop.changes(1))
    assert shop.report(*W1) == once
    assert (once["contacts"]["value"], once["conversations"]["value"], once["response_rate"]["value"]) == (2, 2, 0.5)


# -- I12 top stores ----------------------------------------------------------------------------------------------
def top_shop() -> StatsShop:
    """Tracking answers in 5 minutes and After-sales in 15 in W1; the other way round in W2."""
    shop = StatsShop(now=nov(2, 8))
    for day, tracking_wait, after_sales_wait in ((3, 5, 15), (10, 15, 5)):
        first = shop.writes(nov(day, 10), sender=customer(day))
        second = shop.writes(nov(day, 10), sender=customer(day + 50), to=AFTER_SALES_NUMBER)
        for thread, wait in sorted([(first, tracking_wait), (second, after_sales_wait)], key=lambda p: p[1]):
            shop.answers(nov(day, 10, wait), thread)
    shop.writes(nov(11, 10), sender=customer(99))  # one more contact for Tracking in W2
    shop.feed()
    return shop


def test_top_stores_rank_response_time_lower_first_with_the_previous_rank() -> None:
    shop = top_shop()
    table = shop.statistics.top_stores(shop.agent(MAX), *W2, "response_time_seconds")
    assert [(r["store_id"], r["rank"], r["previous_rank"], r["value"], r["previous"], r["in_perimeter"])
            for r in table] == [(AFTER_SALES, 1, 2, 300.0, 900.0, True), (TRACKING, 2, 1, 900.0, 300.0, False)]
    contacts = shop.statistics.top_stores(shop.agent(BOSS), *W2, "contacts")
    assert [(r["store_id"], r["rank"], r["previous_rank"]) for r in contacts] == [(TRACKING, 1, 1),
                                                                                 (AFTER_SALES, 2, 1)]


def test_top_stores_csv_starts_with_a_bom_and_has_a_header_and_one_row_per_store() -> None:
    shop = top_shop()
    text = shop.statistics.top_stores_csv(shop.agent(BOSS), *W2, "response_time_seconds")
    assert text.startswith("\ufeff")
    rows = [line.split(",") for line in text[1:].splitlines()]
    assert len(rows) == 3
    assert rows[0][:5] == ["rank", "previous_rank", "store", "in_perimeter", "conversations"]
    assert [row[:4] for row in rows[1:]] == [["1", "2", "After-sales", "yes"], ["2", "1", "Order tracking", "yes"]]
    assert rows[1][rows[0].index("response_time_seconds")] == "300.0"
