"""Applying a batch of customer messages from the stream reads the brand's stores and agents once for the whole
batch, and again for the next batch (a setting changed between batches is seen). On fakes."""
from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from chalicelib.services.usecases.conversations.receive import lookups_per_batch
from tests.unit.routing_shop import INES, RoutingShop


@pytest.fixture
def shop() -> RoutingShop:
    return RoutingShop()


def counted(shop: RoutingShop) -> Counter[str]:
    reads: Counter[str] = Counter()
    for name in ("get_store", "list_agents"):
        real = getattr(shop.directory, name)

        def read(*args: Any, _real: Any = real, _name: str = name) -> Any:
            reads[_name] += 1
            return _real(*args)

        setattr(shop.directory, name, read)
    return reads


def test_a_batch_reads_the_store_and_the_agents_once_for_all_its_messages(shop: RoutingShop) -> None:
    for n in range(3):
        shop.receive("Bonjour", sender=f"+3361200000{n}")
    reads = counted(shop)

    with lookups_per_batch():
        for image in shop.pending_images():
            shop.reactions.message_written(image)

    assert reads == Counter(get_store=1, list_agents=1)
    assert shop.pending_images() == []
    assert shop.notified(INES) == ["new_message"] * 3  # each message applied and told as before


def test_the_next_batch_and_messages_outside_a_batch_read_them_again(shop: RoutingShop) -> None:
    reads = counted(shop)
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
