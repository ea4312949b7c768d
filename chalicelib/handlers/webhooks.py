"""Provider webhooks: no bearer token, the provider's signature instead."""
from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import parse_qsl, urlencode

from chalice import Blueprint, Response

from ..runtime import services
from ..services.domain.channels import CHANNEL_RULES
from .fields import INBOUND_SMS_MAX
from .http import route
from .problems import problem

if TYPE_CHECKING:
    from ..services.ports.channels import WebhookRequest

bp = Blueprint(__name__)
FORM = "application/x-www-form-urlencoded"
EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response/>'


def _request(path: str, with_query: bool = False) -> WebhookRequest:
    """The provider's call as the channels read it, with the URL the provider signed (its query only if ours)."""
    # The channels load on the first webhook, not with the app: a cold start of any other route stays lean.
    from ..services.ports.channels import WebhookRequest

    request = bp.current_request
    raw = request.raw_body or b""
    body = raw if isinstance(raw, bytes) else raw.encode()
    query = dict(request.query_params or {}) if with_query else {}
    return WebhookRequest(url=_signed_url(path, query), headers={k.lower(): v for k, v in request.headers.items()},
                          params=dict(parse_qsl(body.decode("utf-8", errors="replace"), keep_blank_values=True)),
                          query=query, body=body)


def _signed_url(path: str, params: dict[str, str]) -> str:
    """The URL the provider signed: our public base URL, the path, and the query in the order we wrote it."""
    url = services().settings.public_base_url + path
    return f"{url}?{urlencode(sorted(params.items()))}" if params else url


@route(bp, "/webhooks/twilio/sms", "POST", "Twilio inbound SMS, or WhatsApp when From is `whatsapp:+...` "
       "(X-Twilio-Signature checked)", auth=False, content_type=FORM,
       responses={200: "empty TwiML", 403: "bad signature",
                  413: f"a Body over {INBOUND_SMS_MAX} characters (SMS) or "
                       f"{CHANNEL_RULES['whatsapp'].max_length} (WhatsApp), refused whole"})
def twilio_sms():  # type: ignore[no-untyped-def]
    from ..channels.twilio_whatsapp import twilio_channel_of

    request = _request("/webhooks/twilio/sms")
    channel = twilio_channel_of(request.params)
    # Twilio joins a long SMS into one Body of at most 1,600 characters (WhatsApp: 4,096): a longer one is not a
    # customer's message as sent, so it is refused whole (never cut, never stored) before anything is written.
    limit = INBOUND_SMS_MAX if channel == "sms" else CHANNEL_RULES[channel].max_length
    length = len(request.params.get("Body", ""))
    if length > limit:
        label = "SMS" if channel == "sms" else "WhatsApp"
        return problem(413, "Message too long", f"the {label} Body has {length} characters; at most {limit}",
                       {"Body": f"at most {limit} characters"})
    services().inbound.receive(channel, request)
    return Response(body=EMPTY_TWIML, status_code=200, headers={"Content-Type": "text/xml"})


@route(bp, "/webhooks/twilio/voice", "POST", "Twilio inbound call to a store's number: answers TwiML in the store's "
       "language (the store answers by text) then hangs up, and texts the caller (X-Twilio-Signature checked)",
       auth=False, content_type=FORM, responses={200: "TwiML: <Say> then <Hangup/>; a bare <Hangup/> for a number "
                                                      "that is no store's or a hidden caller id", 403: "bad signature"})
def twilio_voice():  # type: ignore[no-untyped-def]
    from ..channels.twilio_voice import twiml

    answer = services().conversations.calls.incoming.answer(_request("/webhooks/twilio/voice"))
    return Response(body=twiml(answer), status_code=200, headers={"Content-Type": "text/xml"})


@route(bp, "/webhooks/twilio/status", "POST", "Twilio delivery status callback", auth=False, content_type=FORM,
       responses={200: "empty TwiML", 403: "bad signature"})
def twilio_status():  # type: ignore[no-untyped-def]
    from ..channels.twilio_whatsapp import twilio_channel_of

    request = _request("/webhooks/twilio/status", with_query=True)
    services().inbound.receive_status(twilio_channel_of(request.params), request)
    return Response(body=EMPTY_TWIML, status_code=200, headers={"Content-Type": "text/xml"})


@route(bp, "/webhooks/meta", "GET", "Meta's webhook subscription check (hub.verify_token)", auth=False,
       responses={200: "the challenge, as plain text", 403: "not our verify token"})
def meta_subscription():  # type: ignore[no-untyped-def]
    params: dict[str, str] = dict(bp.current_request.query_params or {})
    answer = services().inbound.channels.webhook("meta").challenge(
        params.get("hub.mode"), params.get("hub.verify_token"), params.get("hub.challenge"))
    if answer is None:
        return problem(403, "Forbidden", "the verify token does not match", {"hub.verify_token": "not ours"})
    return Response(body=answer, status_code=200, headers={"Content-Type": "text/plain"})


@route(bp, "/webhooks/meta", "POST", "Meta notifications: Messenger, Instagram, WhatsApp Cloud API "
       "(X-Hub-Signature-256 checked)", auth=False, responses={200: "received", 403: "bad signature"})
def meta_notification():  # type: ignore[no-untyped-def]
    services().inbound.receive_batch("meta", _request("/webhooks/meta"))
    return Response(body="EVENT_RECEIVED", status_code=200, headers={"Content-Type": "text/plain"})
