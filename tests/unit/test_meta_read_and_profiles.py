"""Read marks and customers' profiles through Meta: the payloads the platforms document, the fields asked per
platform, and what a refusal does."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest

from chalicelib.channels.graph import GraphError
from chalicelib.channels.meta import (
    InstagramChannel,
    MessengerChannel,
    WhatsAppChannel,
    WhatsAppCloudChannel,
    profile_of,
)
from chalicelib.services.domain.errors import DeliveryDeferred, DeliveryFailed
from chalicelib.services.ports.channels import PlatformProfile, ReadSignal
from tests.unit.test_meta_send import IG, PAGE, WA, WEBHOOK, Accounts, Graph


@dataclass
class ProfileGraph(Graph):
    found: dict[str, Any] = field(default_factory=dict)
    asked: list[tuple[str, str, str]] = field(default_factory=list)

    def get(self, path: str, token: str, params: dict[str, str]) -> dict[str, Any]:
        self.asked.append((path, token, params["fields"]))
        if self.error:
            raise self.error
        return self.found


def test_messenger_and_instagram_mark_the_conversation_seen_by_the_customer() -> None:
    graph = ProfileGraph()
    MessengerChannel(WEBHOOK, graph, Accounts([PAGE])).mark_read(ReadSignal("620", PAGE.external_id, "m_in"))
    InstagramChannel(WEBHOOK, graph, Accounts([IG])).mark_read(ReadSignal("730", IG.external_id, None))
    assert graph.calls == [
        (f"{PAGE.external_id}/messages", "token-of-ca1", {"recipient": {"id": "620"}, "sender_action": "mark_seen"}),
        (f"{IG.external_id}/messages", "token-of-ca2", {"recipient": {"id": "730"}, "sender_action": "mark_seen"})]


def test_whatsapp_cloud_marks_the_message_read_by_its_wamid_and_twilio_numbers_send_nothing() -> None:
    graph = ProfileGraph()
    cloud = WhatsAppCloudChannel(WEBHOOK, graph, Accounts([WA]))
    cloud.mark_read(ReadSignal("+33611110101", WA.external_id, "wamid.IN"))
    cloud.mark_read(ReadSignal("+33611110101", WA.external_id, None))  # no id: nothing to mark
    assert graph.calls == [(f"{WA.external_id}/messages", "token-of-ca3",
                            {"messaging_product": "whatsapp", "status": "read", "message_id": "wamid.IN"})]

    class Twilio:
        status_path = "/webhooks/twilio/status"
        marked: list[ReadSignal] = []

        def mark_read(self, signal: ReadSignal) -> None:
            self.marked.append(signal)

    twilio = Twilio()
    WhatsAppChannel(cloud, twilio).mark_read(ReadSignal("+33611110101", "+15550000001", "SM1"))  # type: ignore[arg-type]
    assert len(graph.calls) == 1 and len(twilio.marked) == 1


def test_a_refused_mark_fails_and_an_outage_defers() -> None:
    channel = MessengerChannel(WEBHOOK, ProfileGraph(error=GraphError(400, 100, "bad")), Accounts([PAGE]))
    with pytest.raises(DeliveryFailed):
        channel.mark_read(ReadSignal("620", PAGE.external_id, None))
    channel = MessengerChannel(WEBHOOK, ProfileGraph(error=GraphError(503, None, "down")), Accounts([PAGE]))
    with pytest.raises(DeliveryDeferred):
        channel.mark_read(ReadSignal("620", PAGE.external_id, None))


def test_profiles_ask_each_platform_its_own_fields_with_the_accounts_token() -> None:
    graph = ProfileGraph(found={"first_name": "Chloé", "last_name": "Martin", "profile_pic": "https://p/1.jpg"})
    found = MessengerChannel(WEBHOOK, graph, Accounts([PAGE])).customer_profile("620", PAGE.external_id)
    assert found == PlatformProfile(name="Chloé Martin", picture_url="https://p/1.jpg")
    graph = ProfileGraph(found={"name": "", "username": "claire.m"})
    found = InstagramChannel(WEBHOOK, graph, Accounts([IG])).customer_profile("730", IG.external_id)
    assert found == PlatformProfile(name="claire.m")
    assert graph.asked == [("730", "token-of-ca2", "name,username,profile_pic")]
    assert WhatsAppCloudChannel(WEBHOOK, graph, Accounts([WA])).customer_profile("+336", WA.external_id) is None
    assert MessengerChannel(WEBHOOK, graph, Accounts([])).customer_profile("620", PAGE.external_id) is None


def test_a_profile_without_name_or_picture_is_none() -> None:
    assert profile_of({}) is None and profile_of({"first_name": 3}) is None
