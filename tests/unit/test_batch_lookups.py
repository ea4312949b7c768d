"""Applying a batch of customer messages from the stream reads the brand's stores and agents once for the whole
batch, and again for the next batch (a setting changed between batches is seen). On fakes."""
from __future__ import annotations

from collections import Counter
from dataclasses import replace
from typing import Any

import pytest

from chalicelib.services.usecases.conversations.receive import lookups_per_batch
from tests.unit.routing_shop import INES, RoutingShop


@pytest.fixture
def shop() -> RoutingShop:
    return RoutingShop()


def counted(target: Any, names: tuple[str, ...] = ("get_store", "list_agents")) -> Counter[str]:
    """Counts the calls of these methods of `target` (by default the reads of the shop's directory)."""
    reads: Counter[str] = Counter()
    for name in names:
        real = getattr(target, name)

        def read(*args: Any, _real: Any = real, _name: str = name) -> Any:
            reads[_name] += 1
            return _real(*args)

        setattr(target, name, read)
    return reads


def test_a_batch_reads_the_store_and_the_agents_once_for_all_its_messages(shop: RoutingShop) -> None:
    for n in range(3):
        shop.receive("Bonjour", sender=f"+3361200000{n}")
    reads = counted(shop.directory)

    with lookups_per_batch():
        for image in shop.pending_images():
            shop.reactions.message_written(image)

    assert reads == Counter(get_store=1, list_agents=1)
    assert shop.pending_images() == []
    assert shop.notified(INES) == ["new_message"] * 3  # each message applied and told as before


def test_the_next_batch_and_messages_outside_a_batch_read_them_again(shop: RoutingShop) -> None:
    reads = counted(shop.directory)
    for batch in range(2):
        shop.receive("Bonjour", sender=f"+3361200001{batch}")
        with lookups_per_batch():
            (image,) = shop.pending_images()
            shop.reactions.message_written(image)
    assert reads == Counter(get_store=2, list_agents=2)

    for n in range(2):  # no batch: each message reads for itself, as before
        shop.receive("Bonjour", sender=f"+3361200002{n}")
    for image in shop.pending_images():
        shop.reactions.message_written(image)
    assert reads == Counter(get_store=4, list_agents=4)


def counted_threads(shop: RoutingShop) -> Counter[str]:
    return counted(shop.threads, ("get", "get_many"))


def test_a_batch_reads_its_messages_threads_in_one_read(shop: RoutingShop) -> None:
    returning = shop.text("Bonjour", sender="+33612000099")  # a customer with a thread already
    for n in range(3):
        shop.receive("Bonjour", sender=f"+3361200003{n}")
    shop.receive("Encore moi", sender="+33612000099")
    reads = counted_threads(shop)

    with lookups_per_batch():
        images = shop.pending_images()
        shop.reactions.batch_written(images)
        for image in images:
            shop.reactions.message_written(image)

    assert reads == Counter(get_many=1)
    assert shop.pending_images() == []
    assert all(m.applied for m in shop.stored())
    thread = shop.threads.get("maison", returning)
    assert thread is not None and thread.version == 2  # the returning customer's message went on their thread


def test_a_thread_changed_after_the_read_ahead_is_read_again_and_nothing_is_lost(shop: RoutingShop) -> None:
    thread_id = shop.text("Bonjour", sender="+33612000098")
    shop.receive("Vous êtes là ?", sender="+33612000098")
    reads = counted_threads(shop)
    with lookups_per_batch():
        (image,) = shop.pending_images()
        shop.reactions.batch_written([image])
        before = shop.threads.get("maison", thread_id)
        assert before is not None
        # The thread moves on after the read ahead (an agent tags it, say).
        shop.threads.save(before, replace(before, alert=True, version=before.version + 1))
        shop.reactions.message_written(image)

    assert reads["get"] >= 2  # the stale copy was refused by the write's version check, then read again
    after = shop.threads.get("maison", thread_id)
    assert after is not None and after.alert and after.version == before.version + 2
    assert all(m.applied for m in shop.stored() if m.direction == "in")


def test_outside_a_batch_the_read_ahead_does_nothing(shop: RoutingShop) -> None:
    shop.receive("Bonjour", sender="+33612000097")
    reads = counted_threads(shop)
    images = shop.pending_images()
    shop.reactions.batch_written(images)
    assert reads == Counter()
    shop.settle()
    assert reads["get"] >= 1 and reads["get_many"] == 0
