"""Sending through Meta: the Send API payloads, the message ids Meta answers, refusals (a refused token puts the
account to be reconnected), the Graph client's timeouts and retries, and WhatsApp's Cloud-or-Twilio pick."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest
import requests

from chalicelib.channels.graph import GRAPH_VERSION, GraphError, HttpGraph
from chalicelib.channels.meta import (
    InstagramChannel,
    MessengerChannel,
    WhatsAppChannel,
    WhatsAppCloudChannel,
)
from chalicelib.channels.meta_webhook import MetaWebhook
from chalicelib.services.domain.errors import DeliveryDeferred, DeliveryFailed
from chalicelib.services.ports.channels import Outgoing


@dataclass(frozen=True)
class Account:
    id: str
    brand_id: str
    store_id: str
    kind: str
    external_id: str
    receive_comments: bool = True


@dataclass
class Accounts:
    known: list[Account]
    reconnect: list[Account] = field(default_factory=list)

    def find(self, kind: str, external_id: str) -> Account | None:
        return next((a for a in self.known if (a.kind, a.external_id) == (kind, external_id)), None)

    def token_for(self, account: Account) -> str:
        return f"token-of-{account.id}"

    def mark_needs_reconnect(self, account: Account) -> None:
        self.reconnect.append(account)


@dataclass
class Graph:
    answer: dict[str, Any] | None = None
    error: GraphError | None = None
    calls: list[tuple[str, str, dict[str, Any]]] = field(default_factory=list)

    def post(self, path: str, token: str, payload: dict[str, Any]) -> dict[str, Any]:
        self.calls.append((path, token, payload))
        if self.error:
            raise self.error
        return self.answer or {}


PAGE = Account("ca1", "b1", "s1", "messenger", "104060654500000")
IG = Account("ca2", "b1", "s1", "instagram", "17841400000000001")
WA = Account("ca3", "b1", "s1", "whatsapp", "106540352242922")
WEBHOOK = MetaWebhook("secret", "token")


@dataclass(frozen=True)
class Template:
    name: str
    language: str
    parameters: tuple[str, ...] = ()


@dataclass(frozen=True)
class Ruled(Outgoing):
    """An outgoing message with what the conversation rules add past the reply window."""

    tag: str | None = None
    template: Template | None = None


def test_messenger_sends_a_response_with_the_pages_token() -> None:
    graph = Graph({"recipient_id": "620", "message_id": "m_sent_1"})
    channel = MessengerChannel(WEBHOOK, graph, Accounts([PAGE]))
    assert channel.send(Outgoing(to="620", sender=PAGE.external_id, text="Oui")) == "m_sent_1"
    assert graph.calls == [(f"{PAGE.external_id}/messages", "token-of-ca1",
                            {"recipient": {"id": "620"}, "messaging_type": "RESPONSE", "message": {"text": "Oui"}})]


def test_a_tag_makes_it_a_tagged_message() -> None:
    graph = Graph({"message_id": "m_sent_2"})
    InstagramChannel(WEBHOOK, graph, Accounts([IG])).send(
        Ruled(to="730", sender=IG.external_id, text="Votre commande", tag="POST_PURCHASE_UPDATE"))
    assert graph.calls[0][2]["messaging_type"] == "MESSAGE_TAG"
    assert graph.calls[0][2]["tag"] == "POST_PURCHASE_UPDATE"


def test_a_public_reply_goes_under_the_comment_on_each_platform() -> None:
    graph = Graph({"id": "17900000000000099"})
    reply = Outgoing(to="730", sender=IG.external_id, text="En stock", reply_to_comment="17919697626119712")
    assert InstagramChannel(WEBHOOK, graph, Accounts([IG])).send(reply) == "17900000000000099"
    facebook = Outgoing(to="620", sender=PAGE.external_id, text="Oui, en 40",
                        reply_to_comment="122143920000000001_1093400000000001")
    MessengerChannel(WEBHOOK, graph, Accounts([PAGE])).send(facebook)
    assert graph.calls == [("17919697626119712/replies", "token-of-ca2", {"message": "En stock"}),
                           ("122143920000000001_1093400000000001/comments", "token-of-ca1",
                            {"message": "Oui, en 40"})]


def test_a_private_reply_goes_through_the_send_api_addressed_by_the_comment() -> None:
    graph = Graph({"recipient_id": "620", "message_id": "m_private"})
    private = Outgoing(to="620", sender=PAGE.external_id, text="Je vous écris en privé",
                       reply_to_comment="1221_1093", private_reply=True)
    assert MessengerChannel(WEBHOOK, graph, Accounts([PAGE])).send(private) == "m_private"
    assert graph.calls == [(f"{PAGE.external_id}/messages", "token-of-ca1",
                            {"recipient": {"comment_id": "1221_1093"}, "message": {"text": "Je vous écris en privé"}})]


def test_a_public_reply_without_the_posted_id_fails() -> None:
    graph = Graph({"message_id": "m_1"})  # a Send API answer, not a comment's
    with pytest.raises(DeliveryFailed):
        MessengerChannel(WEBHOOK, graph, Accounts([PAGE])).send(
            Outgoing(to="620", sender=PAGE.external_id, text="Oui", reply_to_comment="c1"))


def test_whatsapp_cloud_text_and_template() -> None:
    graph = Graph({"messaging_product": "whatsapp", "messages": [{"id": "wamid.SENT"}]})
    channel = WhatsAppCloudChannel(WEBHOOK, graph, Accounts([WA]))
    assert channel.send(Outgoing(to="+16505551234", sender=WA.external_id, text="Hello")) == "wamid.SENT"
    channel.send(Ruled(to="+16505551234", sender=WA.external_id, text="",
                       template=Template("order_update", "fr", ("A-1234", "demain"))))
    text, template = (call[2] for call in graph.calls)
    assert graph.calls[0][0] == f"{WA.external_id}/messages"
    assert text == {"messaging_product": "whatsapp", "recipient_type": "individual", "to": "16505551234",
                    "type": "text", "text": {"body": "Hello", "preview_url": False}}
    assert template["type"] == "template"
    assert template["template"] == {"name": "order_update", "language": {"code": "fr"}, "components": [
        {"type": "body", "parameters": [{"type": "text", "text": "A-1234"}, {"type": "text", "text": "demain"}]}]}


@pytest.mark.parametrize("code", [190, 10, 200, 299])
def test_a_refused_token_or_permission_fails_and_asks_for_a_reconnect(code: int) -> None:
    accounts = Accounts([PAGE])
    channel = MessengerChannel(WEBHOOK, Graph(error=GraphError(400, code, "Error validating access token")),
                               accounts)
    with pytest.raises(DeliveryFailed):
        channel.send(Outgoing(to="620", sender=PAGE.external_id, text="Oui"))
    assert accounts.reconnect == [PAGE]


def test_other_refusals_fail_and_outages_defer() -> None:
    accounts = Accounts([PAGE])
    with pytest.raises(DeliveryFailed):
        MessengerChannel(WEBHOOK, Graph(error=GraphError(400, 100, "Invalid parameter")), accounts).send(
            Outgoing(to="620", sender=PAGE.external_id, text="Oui"))
    for status in (0, 429, 500, 503):
        with pytest.raises(DeliveryDeferred):
            MessengerChannel(WEBHOOK, Graph(error=GraphError(status, None, "down")), accounts).send(
                Outgoing(to="620", sender=PAGE.external_id, text="Oui"))
    assert accounts.reconnect == []


def test_no_connected_account_or_no_message_id_fails() -> None:
    with pytest.raises(DeliveryFailed):
        MessengerChannel(WEBHOOK, Graph({"message_id": "x"}), None).send(Outgoing(to="1", sender="2", text="t"))
    with pytest.raises(DeliveryFailed):
        MessengerChannel(WEBHOOK, Graph({"message_id": "x"}), Accounts([])).send(
            Outgoing(to="1", sender=PAGE.external_id, text="t"))
    with pytest.raises(DeliveryFailed):
        MessengerChannel(WEBHOOK, Graph({}), Accounts([PAGE])).send(Outgoing(to="1", sender=PAGE.external_id,
                                                                             text="t"))


class Twilio:
    name = "whatsapp"
    status_path = "/webhooks/twilio/status"

    def __init__(self) -> None:
        self.sent: list[Outgoing] = []

    def send(self, message: Outgoing) -> str:
        self.sent.append(message)
        return "SM1"


def test_whatsapp_goes_through_cloud_from_a_connected_number_else_through_twilio() -> None:
    graph, twilio = Graph({"messages": [{"id": "wamid.X"}]}), Twilio()
    channel = WhatsAppChannel(WhatsAppCloudChannel(WEBHOOK, graph, Accounts([WA])), twilio)  # type: ignore[arg-type]
    assert channel.send(Outgoing(to="+1650", sender=WA.external_id, text="cloud")) == "wamid.X"
    assert channel.send(Outgoing(to="whatsapp:+1650", sender="whatsapp:+15550000001", text="twilio")) == "SM1"
    assert [m.text for m in twilio.sent] == ["twilio"] and len(graph.calls) == 1
    assert channel.status_path == "/webhooks/twilio/status"


class Response:
    def __init__(self, status: int, body: Any) -> None:
        self.status_code = status
        self._body = body

    def json(self) -> Any:
        if isinstance(self._body, Exception):
            raise self._body
        return self._body


class Session:
    def __init__(self, *answers: Any) -> None:
        self.answers = list(answers)
        self.calls: list[dict[str, Any]] = []

    def post(self, url: str, **kwargs: Any) -> Response:
        self.calls.append({"url": url, **kwargs})
        answer = self.answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer


def test_the_graph_client_names_the_version_sends_the_token_in_a_header_and_has_timeouts() -> None:
    session = Session(Response(200, {"message_id": "m1"}))
    graph = HttpGraph("http://graph.test/", session=session, sleep=lambda s: None)
    assert graph.post("123/messages", "tok", {"a": 1}) == {"message_id": "m1"}
    [call] = session.calls
    assert call["url"] == f"http://graph.test/{GRAPH_VERSION}/123/messages"
    assert call["headers"] == {"Authorization": "Bearer tok"} and call["json"] == {"a": 1}
    assert call["timeout"] == (2, 5)


def test_the_graph_client_retries_5xx_and_429_then_gives_up() -> None:
    slept: list[float] = []
    session = Session(Response(500, {"error": {"code": 2}}), Response(429, {"error": {"code": 4}}),
                      Response(200, {"message_id": "m1"}))
    assert HttpGraph("http://g", session=session, sleep=slept.append).post("p", "t", {}) == {"message_id": "m1"}
    assert slept == [0.5, 1.0]
    down = Session(*[Response(503, ValueError("html"))] * 3)
    with pytest.raises(GraphError) as failed:
        HttpGraph("http://g", session=down, sleep=lambda s: None).post("p", "t", {})
    assert failed.value.status == 503 and len(down.calls) == 3


def test_the_graph_client_does_not_retry_a_refusal_and_reads_metas_error() -> None:
    session = Session(Response(400, {"error": {"message": "Invalid OAuth access token.", "type": "OAuthException",
                                               "code": 190, "fbtrace_id": "A"}}))
    with pytest.raises(GraphError) as refused:
        HttpGraph("http://g", session=session, sleep=lambda s: None).post("p", "t", {})
    assert (refused.value.status, refused.value.code) == (400, 190) and len(session.calls) == 1


def test_an_unreachable_graph_is_status_zero_and_left_to_the_outbox_to_retry() -> None:
    # A timeout may come after Meta took the message: the client does not send it again by itself.
    session = Session(requests.ConnectionError("refused"))
    with pytest.raises(GraphError) as failed:
        HttpGraph("http://g", session=session, sleep=lambda s: None).post("p", "t", {})
    assert failed.value.status == 0 and len(session.calls) == 1
