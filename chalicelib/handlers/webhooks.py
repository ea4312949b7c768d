"""Provider webhooks: no bearer token, the provider's signature instead (API.md "Provider webhooks")."""
from __future__ import annotations

from urllib.parse import parse_qsl, urlencode

from chalice import Blueprint, Response

from ..bootstrap import services
from .http import route

bp = Blueprint(__name__)
FORM = "application/x-www-form-urlencoded"
EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response/>'


def _form() -> dict[str, str]:
    raw_body = bp.current_request.raw_body or b""
    raw = raw_body.decode("utf-8", errors="replace") if isinstance(raw_body, bytes) else raw_body
    return dict(parse_qsl(raw, keep_blank_values=True))


def _signed_url(path: str, params: dict[str, str] | None = None) -> str:
    """The URL the provider signed: our public base URL, the path, and the query in the order we wrote it."""
    url = services().settings.public_base_url + path
    return f"{url}?{urlencode(sorted(params.items()))}" if params else url


@route(bp, "/webhooks/twilio/sms", "POST", "Twilio inbound SMS (X-Twilio-Signature checked)", auth=False,
       content_type=FORM, responses={200: "empty TwiML", 403: "bad signature"})
def twilio_sms():  # type: ignore[no-untyped-def]
    signature = bp.current_request.headers.get("x-twilio-signature")
    services().inbound.receive(_signed_url("/webhooks/twilio/sms"), _form(), signature)
    return Response(body=EMPTY_TWIML, status_code=200, headers={"Content-Type": "text/xml"})


@route(bp, "/webhooks/twilio/status", "POST", "Twilio delivery status callback", auth=False, content_type=FORM,
       responses={200: "empty TwiML", 403: "bad signature"})
def twilio_status():  # type: ignore[no-untyped-def]
    signature = bp.current_request.headers.get("x-twilio-signature")
    params = dict(bp.current_request.query_params or {})
    services().inbound.receive_status(_signed_url("/webhooks/twilio/status", params), params, _form(), signature)
    return Response(body=EMPTY_TWIML, status_code=200, headers={"Content-Type": "text/xml"})
