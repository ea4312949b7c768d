"""The sandbox (local stage only; 404 on AWS stages): a customer's phone, the outbox, the mailbox, the clock."""
from __future__ import annotations

import secrets
from typing import TYPE_CHECKING

from chalice import Blueprint

from ..runtime import services
from ..services.domain.errors import InvalidInput, NotFound
from ..services.ports.clock import iso, parse_iso
from . import render
from .http import body, json_response, query, route
from .problems import problem

if TYPE_CHECKING:
    from ..bootstrap import Sandbox, Services

bp = Blueprint(__name__)


def _sandbox() -> tuple[Services, Sandbox]:
    c = services()
    if c.sandbox is None:
        raise NotFound("the sandbox exists only on the local stage")
    return c, c.sandbox


@route(bp, "/sandbox/brands", "POST", "Create another brand with its admin and first store", body="SandboxBrand",
       auth=False, responses={201: "brand, admin and store"})
def create_brand():  # type: ignore[no-untyped-def]
    c, _ = _sandbox()
    data = body(bp, "SandboxBrand")
    brand, admin, store = c.stores.provision_brand(
        name=data.name, admin_email=data.admin_email, admin_password=data.admin_password, store_name=data.store.name,
        timezone=data.store.timezone, phone_number=data.store.phone_number)
    return json_response({"brand": render.brand(brand), "admin": render.agent(admin), "store": render.store(store)},
                         status=201)


@route(bp, "/sandbox/sms", "POST", "A customer texts a store's number (a signed Twilio webhook), or writes on WhatsApp "
       "from `whatsapp:+...`; STOP and START on SMS are handled by the network first, as Twilio's Advanced Opt-Out "
       "does; ?webhook=lost: the webhook never reaches the app", body="SandboxSms", auth=False,
       responses={202: "accepted"})
def customer_texts():  # type: ignore[no-untyped-def]
    from ..channels.twilio_whatsapp import PREFIX, twilio_channel_of  # loaded on use: the app starts lean

    c, box = _sandbox()
    data = body(bp, "SandboxSms")
    sender, to = data.from_, data.to
    if sender.startswith(PREFIX) and not to.startswith(PREFIX):  # Twilio prefixes both numbers
        to = PREFIX + to
    params = {"MessageSid": "SM" + secrets.token_hex(16), "AccountSid": "ACsandbox", "From": sender,
              "To": to, "Body": data.body, "NumMedia": "0"}
    channel = twilio_channel_of(params)
    opt_out_type = _network_keyword(box, sender, to, data.body) if channel == "sms" else None
    if opt_out_type:
        params["OptOutType"] = opt_out_type
    lost = query(bp).get("webhook")
    if lost not in (None, "lost"):
        raise InvalidInput.field("webhook", "only 'lost' (the webhook never reaches the app)")
    if lost:
        return json_response({"message_sid": params["MessageSid"], "stored": False}, status=202)
    request = box.channel.signed_request(c.settings.public_base_url + "/webhooks/twilio/sms", params)
    stored = c.inbound.receive(channel, request)
    return json_response({"message_sid": params["MessageSid"], "stored": stored}, status=202)


@route(bp, "/sandbox/call", "POST", "A customer calls a store's number: Twilio's signed voice webhook, answered in "
       "TwiML; the store then texts the caller", body="SandboxCall", auth=False, responses={200: "the TwiML answer"})
def customer_calls():  # type: ignore[no-untyped-def]
    from ..channels.twilio_voice import twiml

    c, box = _sandbox()
    data = body(bp, "SandboxCall")
    params = {"CallSid": "CA" + secrets.token_hex(16), "AccountSid": "ACsandbox", "From": data.from_, "To": data.to,
              "CallStatus": "ringing", "Direction": "inbound"}
    request = box.channel.signed_request(c.settings.public_base_url + "/webhooks/twilio/voice", params)
    answer = c.conversations.calls.incoming.answer(request)
    return json_response({"call_sid": params["CallSid"], "twiml": twiml(answer)})


def _network_keyword(box: Sandbox, customer: str, store_number: str, text: str) -> str | None:
    """The network's own opt-out handling, on the numbers as the channel reads them."""
    from ..services.domain.phone import to_e164

    return box.outbox.opt_outs.inbound(customer=to_e164(customer, "from"), store_number=to_e164(store_number, "to"),
                                       body=text)


@route(bp, "/sandbox/meta", "POST", "Meta delivers a notification (signed with the local app secret) to the "
       "webhook: `payload` as given, or a customer's text on a channel (`comment: true`: a public comment on a post, "
       "`post_id` or a new one)", body="SandboxMeta", auth=False,
       responses={202: "accepted"})
def meta_notifies():  # type: ignore[no-untyped-def]
    from ..sandbox.meta import customer_comment, customer_text

    c, _ = _sandbox()
    data = body(bp, "SandboxMeta")
    payload = data.payload
    if payload is None and data.comment:
        payload = customer_comment(data.channel, customer=data.from_, account=data.to, text=data.text,
                                   post_id=data.post_id, millis=int(c.clock.now().timestamp() * 1000))
    elif payload is None:
        payload = customer_text(data.channel, customer=data.from_, account=data.to, text=data.text,
                                millis=int(c.clock.now().timestamp() * 1000), attachment=data.attachment)
    request = c.inbound.channels.webhook("meta").signed_request(c.settings.public_base_url + "/webhooks/meta",
                                                                payload)
    return json_response({"stored": c.inbound.receive_batch("meta", request)}, status=202)


@route(bp, "/sandbox/outbox", "GET", "Messages the stores sent on every channel, newest first (?to=)", auth=False)
def outbox():  # type: ignore[no-untyped-def]
    _, box = _sandbox()
    to = query(bp).get("to")
    if to:
        from ..channels.twilio_whatsapp import PREFIX, without_prefix
        from ..services.domain.phone import to_e164

        # WhatsApp numbers are kept as Twilio writes them, prefixed.
        to = PREFIX + to_e164(without_prefix(to), "to") if to.startswith(PREFIX) else to_e164(to, "to")
    return json_response({"items": box.outbox.read(to)})


@route(bp, "/sandbox/seen", "GET", "Read marks the stores sent on Messenger, Instagram and WhatsApp, newest first",
       auth=False)
def seen():  # type: ignore[no-untyped-def]
    from ..sandbox.meta import seen_marks

    _sandbox()  # 404 outside the local stage
    return json_response({"items": seen_marks()})


@route(bp, "/sandbox/mail", "GET", "E-mails sent, newest first (?to=)", auth=False)
def mail():  # type: ignore[no-untyped-def]
    _, box = _sandbox()
    return json_response({"items": box.mailbox.read(query(bp).get("to"))})


@route(bp, "/sandbox/clock", "GET", "The sandbox clock", auth=False)
def get_clock():  # type: ignore[no-untyped-def]
    return json_response({"now": iso(_sandbox()[0].clock.now())})


@route(bp, "/sandbox/clock", "POST", "Move the sandbox clock forward", body="SandboxClockSet", auth=False)
def set_clock():  # type: ignore[no-untyped-def]
    _, box = _sandbox()
    data = body(bp, "SandboxClockSet")
    if (data.now is None) == (data.advance_seconds is None):
        raise InvalidInput.field("body", "give either now or advance_seconds")
    if data.now is not None:
        try:
            when = parse_iso(data.now)
        except ValueError as error:
            raise InvalidInput.field("now", str(error)) from None
        now = box.clock.set(when)
    else:
        now = box.clock.advance(float(data.advance_seconds or 0))
    return json_response({"now": iso(now)})


@route(bp, "/sandbox/settle", "POST", "Wait until every stream record is processed and due timers fired",
       auth=False, responses={200: "settled", 503: "no stream pump in this process"})
def settle():  # type: ignore[no-untyped-def]
    c, _ = _sandbox()
    if c.settle is None:
        return problem(503, "Not available", "no stream pump runs in this process")
    c.settle()
    return json_response({"settled": True, "now": iso(c.clock.now())})
