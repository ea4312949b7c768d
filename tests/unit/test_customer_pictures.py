"""Customers' pictures: the platform's picture is copied to our storage when the customer's first thread opens,
served only to agents who may read the thread; a picture that cannot be had leaves none and never holds up the
name. On fakes."""
from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from chalicelib.adapters.media_files import MemoryMediaStore
from chalicelib.handlers.render import thread as render_thread
from chalicelib.services.domain.errors import NotFound
from chalicelib.services.domain.media import PICTURE, storage_key
from chalicelib.services.ports.channels import Channels, PlatformProfile
from chalicelib.services.ports.media import File, MediaUnavailable
from chalicelib.services.usecases.conversations.common import thread_id_for
from chalicelib.services.usecases.media import KeepMedia
from chalicelib.services.usecases.platform_names import PlatformNames
from tests.unit.conversation_shop import CHLOE, TRACKING_NUMBER, Shop
from tests.unit.test_channel_rules import FakeMetaChannel
from tests.unit.test_comment_window import written
from tests.unit.test_keep_media import Files, Source

PIC = "https://platform-lookaside.fbsbx.com/platform/profilepic/?psid=1&hash=x"
PNG = File(b"\x89PNG\r\n\x1a\nsmall", "image/png")


@dataclass
class ProfileChannel(FakeMetaChannel):
    profile: PlatformProfile | None = None
    asked: list[tuple[str, str]] = field(default_factory=list)

    def customer_profile(self, customer: str, sender: str) -> PlatformProfile | None:
        self.asked.append((customer, sender))
        return self.profile


@dataclass
class World:
    shop: Shop
    channel: ProfileChannel
    source: Source
    store: MemoryMediaStore
    names: PlatformNames
    media: KeepMedia


@pytest.fixture
def world() -> World:
    channel = ProfileChannel("messenger", profile=PlatformProfile(name="Chloé Martin", picture_url=PIC))
    shop = Shop(Channels([channel]))
    source, store = Source({PIC: PNG}), MemoryMediaStore()
    media = KeepMedia(source, store, Files(), shop.cases.thread_access)
    return World(shop, channel, source, store, PlatformNames(shop.threads, shop.cases.answer.channels, media), media)


def opened(world: World, comment: str | None = None) -> str:
    thread_id = written(world.shop, "messenger", "Bonjour", comment=comment)
    thread = world.shop.threads.get("maison", thread_id)
    assert thread is not None
    world.names.thread_opened(thread)
    return thread_id


def test_the_platform_s_picture_is_kept_and_served_to_agents_who_see_the_thread(world: World) -> None:
    thread_id = opened(world)
    thread = world.shop.threads.get("maison", thread_id)
    assert thread is not None and thread.customer.name == "Chloé Martin" and thread.customer.picture == PICTURE
    assert world.channel.asked == [(CHLOE, TRACKING_NUMBER)]
    assert world.source.calls[0][:3] == ("messenger", TRACKING_NUMBER, PIC)  # read as the store's account
    assert world.store.open(storage_key("maison", thread_id, PICTURE)) == PNG
    assert world.media.open_picture(world.shop.ines, thread_id) == PNG
    assert render_thread(thread)["customer"]["picture_url"] == f"/v1/threads/{thread_id}/picture"
    with pytest.raises(NotFound):
        world.media.open_picture(world.shop.rival, thread_id)  # another brand's agent


@pytest.mark.parametrize("failure", [MediaUnavailable("expired"), RuntimeError("connection reset"),
                                     File(b"<html>", "text/html"), File(b"x" * (3 * 1024 * 1024), "image/jpeg")])
def test_a_picture_that_cannot_be_had_leaves_none_and_the_name_still_comes(world: World, failure) -> None:  # type: ignore[no-untyped-def]
    world.source.files[PIC] = failure
    thread_id = opened(world)
    thread = world.shop.threads.get("maison", thread_id)
    assert thread is not None and thread.customer.name == "Chloé Martin" and thread.customer.picture is None
    assert world.store.open(storage_key("maison", thread_id, PICTURE)) is None
    assert world.media.open_picture(world.shop.ines, thread_id) is None
    assert render_thread(thread)["customer"]["picture_url"] is None


def test_a_customer_named_by_their_comment_still_gets_the_picture_and_keeps_the_name(world: World) -> None:
    world.shop.cases.receive.receive(
        brand_id="maison", store_id="s-tracking", store_address=TRACKING_NUMBER, channel="messenger",
        customer_address=CHLOE, text="Joli", attachments=[], provider_key="messenger:c-9", customer_name="Chloé M.")
    world.shop.settle()
    thread = world.shop.threads.get("maison", thread_id_for("maison", "messenger", CHLOE))
    assert thread is not None and thread.customer.name == "Chloé M."
    assert world.names.thread_opened(thread)
    after = world.shop.threads.get("maison", thread.id)
    assert after is not None and after.customer.name == "Chloé M." and after.customer.picture == PICTURE


def test_without_storage_a_named_customer_is_not_looked_up(world: World) -> None:
    world.names.pictures = None
    world.channel.profile = PlatformProfile(name=None, picture_url=PIC)
    thread_id = opened(world)
    thread = world.shop.threads.get("maison", thread_id)
    assert thread is not None and thread.customer.picture is None and world.source.calls == []
