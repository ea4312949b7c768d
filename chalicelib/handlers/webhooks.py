"""Provider webhooks: no bearer token, the provider's signature instead."""
from __future__ import annotations

from urllib.parse import parse_qsl, urlencode

from chalice import Blueprint, Response

from ..runtime import services
from ..services.ports.channels import WebhookRequest
from .http import route

bp = Blueprint(__name__)
FORM = "application/x-www-form-urlencoded"
EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response/>'


def _request(path: str, with_query: bool = False) -> WebhookRequest:
    """The provider's call as the channels read it, with the URL the provider signed (its query only if ours)."""
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


@route(bp, "/webhooks/twilio/sms", "POST", "Twilio inbound SMS (X-Twilio-Signature checked)", auth=False,
       content_type=FORM, responses={200: "empty TwiML", 403: "bad signature"})
def twilio_sms():  # type: ignore[no-untyped-def]
    services().inbound.receive("sms", _request("/webhooks/twilio/sms"))
    return Response(body=EMPTY_TWIML, status_code=200, headers={"Content-Type": "text/xml"})


@route(bp, "/webhooks/twilio/status", "POST", "Twilio delivery status callback", auth=False, content_type=FORM,
       responses={200: "empty TwiML", 403: "bad signature"})
def twilio_status():  # type: ignore[no-untyped-def]
    services().inbound.receive_status("sms", _request("/webhooks/twilio/status", with_query=True))
    return Response(body=EMPTY_TWIML, status_code=200, headers={"Content-Type": "text/xml"})
