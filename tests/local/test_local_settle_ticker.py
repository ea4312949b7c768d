"""The ticker invokes the schedule as EventBridge would; settle() returns once nothing is left to do."""

from __future__ import annotations

import datetime as dt
import time

import pytest

from local.settle import make_settler


def test_the_ticker_sends_a_scheduled_event(fake, ticker):
    ticker.run_once()

    (event,) = fake.sweeps
    assert event["detail-type"] == "Scheduled Event"
    assert event["source"] == "aws.events"
    assert event["region"] == "eu-west-3"
    assert event["detail"] == {}
    assert event["resources"] == ["arn:aws:events:eu-west-3:123456789012:rule/comptoir-local-sweep_timers"]
    sent = dt.datetime.strptime(event["time"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.UTC)
    assert abs((dt.datetime.now(dt.UTC) - sent).total_seconds()) < 60


def test_the_ticker_thread_keeps_ticking_even_after_a_failure(fake, ticker, wait_for):
    def first_fails() -> None:
        if len(fake.sweeps) == 1:
            raise RuntimeError("sweep failed")

    fake.on_sweep = first_fails
    ticker.start()
    try:
        wait_for(lambda: len(fake.sweeps) >= 3)
    finally:
        ticker.stop()


def test_settle_returns_after_pending_records_are_delivered(fake, make_pump, ticker, put):
    pump = make_pump()
    pump.attach()  # no thread: only settle() can deliver
    put("p1")
    put("p2")

    make_settler(pump, ticker)()

    assert len(fake.delivered()) == 2
    assert len(fake.sweeps) == 1


def test_settle_also_delivers_what_the_sweep_wrote(fake, make_pump, ticker, put):
    def sweep_fires_a_timer_once() -> None:
        if len(fake.sweeps) == 1:
            put("timer-fired")

    fake.on_sweep = sweep_fires_a_timer_once
    pump = make_pump()
    pump.attach()

    make_settler(pump, ticker)()

    assert [r["dynamodb"]["Keys"]["pk"]["S"] for r in fake.delivered()] == ["timer-fired"]
    assert len(fake.sweeps) == 2  # the second sweep found nothing new to do


def test_settle_works_while_the_pump_thread_runs(fake, make_pump, ticker, put):
    pump = make_pump()
    pump.start()
    for n in range(20):
        put(f"p{n}")

    make_settler(pump, ticker)()

    keys = [r["dynamodb"]["Keys"]["pk"]["S"] for r in fake.delivered()]
    assert keys == [f"p{n}" for n in range(20)]  # each once, in order, whoever delivered it


def test_settle_gives_up_when_work_never_stops(fake, make_pump, ticker, put):
    fake.on_sweep = lambda: put(f"again-{len(fake.sweeps)}")  # every sweep finds more to do
    pump = make_pump()
    pump.attach()

    with pytest.raises(TimeoutError):
        make_settler(pump, ticker, timeout_seconds=0.3)()


def test_settle_drains_a_backlog_longer_than_its_timeout_while_the_pump_makes_progress(fake, make_pump, ticker, put):
    fake.on_record = lambda _record: time.sleep(0.03)  # 40 records: over a second of work
    pump = make_pump(batch_size=5)
    pump.attach()
    for n in range(40):
        put(f"p{n}")

    make_settler(pump, ticker, timeout_seconds=0.3)()

    assert len(fake.delivered()) == 40
