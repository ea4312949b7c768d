"""What the OpenAPI document says beyond the request bodies: the response bodies (shaped as handlers/render.py
writes them), the path and query parameters, and the problem every error answers with."""
from __future__ import annotations

from typing import Any

from ..services.domain.reports import INDICATORS
from ..services.domain.reports import STATS_CHANNELS as CHANNEL_CHOICES
from .fields import DATE_TIME, NON_BLANK, e164_pattern

Schema = dict[str, Any]
S: Schema = {"type": "string"}
NS: Schema = {"type": ["string", "null"]}
TIME: Schema = {"type": "string", "format": "date-time"}
NTIME: Schema = {"type": ["string", "null"], "format": "date-time"}
B: Schema = {"type": "boolean"}
INT: Schema = {"type": "integer"}
STRINGS: Schema = {"type": "array", "items": S}


def ref(name: str) -> Schema:
    return {"$ref": f"#/components/schemas/{name}"}


def obj(properties: dict[str, Schema], *optional: str) -> Schema:
    """An object with these properties, all present unless named optional; more may be added later."""
    return {"type": "object", "properties": properties,
            "required": [name for name in properties if name not in optional]}


def page(item: Schema, **more: Schema) -> Schema:
    return obj({"items": {"type": "array", "items": item}, "next_cursor": NS, **more})


PROBLEM_SCHEMA = obj({"type": S, "title": S, "status": INT, "detail": S,
                      "errors": {"type": "object", "additionalProperties": S},
                      # /window-closed: the tags that may still go, and whether an approved template may
                      "allowed_tags": STRINGS, "template_required": B},
                     "errors", "allowed_tags", "template_required")
TEMPLATE = obj({"name": S, "language": S, "parameters": STRINGS})
RIGHTS = {"type": "object", "additionalProperties": obj({"perimeter": B, "contactable": B, "admin": B})}
HOURS = {"type": "array", "items": {"type": "object"}}
AGENT = obj({"id": S, "email": S, "first_name": NS, "last_name": NS, "brand_id": S, "brand_admin": B,
             "rights": RIGHTS, "notify_new_message": B, "notify_invitation_accepted": B, "notify_mention": B,
             "presence": obj({"chat": S, "call": S}), "open_threads": INT, "serving_hours": HOURS,
             "picture_url": NS, "role_id": NS})
# A review's author may have left no number: their thread's customer has no phone. picture_url: our copy of the
# platform's picture.
CUSTOMER = obj({"id": S, "phone": NS, "name": NS, "picture_url": NS})
THREAD = obj({"id": S, "store_id": S, "channel": S, "customer": CUSTOMER,
              "status": {"enum": ["waiting", "replied", "resolved"]},
              "folder": {"enum": ["inbox", "done", "spam", "archived"]}, "unread": B, "waiting_since": NTIME,
              "last_message_at": NTIME, "assigned_agent_id": NS, "participants": STRINGS, "snoozed_until": NTIME,
              "on_hold": B, "alert": B, "closed_reason": NS, "closed_at": NTIME, "created_at": NTIME,
              "version": INT, "shared_with": STRINGS,
              "reply_window": {"oneOf": [{"type": "null"}, obj({"ends_at": NTIME, "hours": INT,
                                                                "allowed_tags": STRINGS, "templates": B,
                                                                "comments": B})]},
              "review_rating": {"type": ["integer", "null"]}, "answer_by": {"enum": ["sms", "public", None]}},
             "review_rating", "answer_by")
# A review as its message carries it (kind "review").
REVIEW = obj({"source": S, "external_id": S, "rating": {"type": "integer", "minimum": 1, "maximum": 5},
              "type": {"enum": ["negative", "neutral", "positive"]}, "category": NS, "author_name": NS,
              "author_phone": NS, "written_at": TIME})
# A file of a message: `url` is our copy's link once kept; `error` says why no copy could be kept.
ATTACHMENT = obj({"url": S, "content_type": NS, "size": {"type": ["integer", "null"]}, "error": NS}, "size", "error")
COMPONENTS: dict[str, Schema] = {
    "Agent": AGENT,
    "Me": {"allOf": [ref("Agent"), obj({"role": {"type": ["object", "null"]}, "sections": STRINGS,
                                         "channels": STRINGS})]},
    "Session": obj({"token": S, "agent": ref("Agent")}),
    "Brand": obj({"id": S, "name": S, "picture_url": NS, "created_at": NTIME, "slots_per_agent": INT,
                  "closing_reasons": STRINGS, "service_email": NS}),
    "Store": obj({"id": S, "name": S, "address": NS, "timezone": S, "phone_number": NS, "avatar_url": NS,
                  "agent_count": INT, "created_at": NTIME}),
    "Thread": THREAD,
    "Message": obj({"id": S, "thread_id": S, "direction": S, "author": S, "agent_id": NS, "text": S,
                    "attachments": {"type": "array", "items": ATTACHMENT},
                    "status": S, "created_at": NTIME, "tag": NS,
                    "template": {"oneOf": [{"type": "null"}, TEMPLATE]}, "read_at": NTIME,
                    # a public comment on a post (kind "comment"), or a public reply to one (reply_to)
                    # a review (kind "review"), an agent's answer to one (public, or by SMS), a call (kind "call")
                    "kind": {"enum": ["comment", "call", "review", "review_reply", "review_sms", None]},
                    "reply_to": NS, "private": B, "review": {"oneOf": [{"type": "null"}, REVIEW]},
                    "comment": {"oneOf": [{"type": "null"}, obj({"id": S, "post_id": NS, "permalink": NS})]},
                    # "ivr": a customer's call answered by text; a call to the customer (kind "call"): its outcome
                    "origin": {"enum": ["ivr", None]},
                    "outcome": {"enum": ["reached", "no_answer", "voicemail", None]}},
                   "tag", "template", "read_at", "kind", "reply_to", "private", "comment", "review", "origin",
                   "outcome"),
    "Note": obj({"id": S, "thread_id": S, "kind": S, "author_agent_id": NS, "text": S, "mentions": STRINGS,
                 "created_at": NTIME}),
    "Mention": obj({"id": S, "thread_id": S, "note_id": S, "by_agent_id": NS, "text": S, "created_at": NTIME,
                    "read": B}),
    "StoreGroup": obj({"id": S, "name": S, "store_ids": STRINGS, "created_at": NTIME}),
    "Role": obj({"id": S, "name": S, "sections": STRINGS, "channels": STRINGS, "agent_count": INT,
                 "created_at": NTIME}),
    "CannedResponse": obj({"id": S, "title": S, "text": S, "scope": {"enum": ["brand", "personal"]},
                           "owner_agent_id": NS, "created_at": NTIME, "updated_at": NTIME, "filled_text": S},
                          "filled_text"),
    "Customer": obj({"id": S, "name": NS, "display_name": S, "phone": NS, "channel": NS, "store_number": NS,
                     "attributes": {"type": "object"}, "updated_at": NTIME,
                     "threads": {"type": "array", "items": {"type": "object"}}}),
    "Notification": obj({"id": S, "kind": S, "thread_id": NS, "created_at": NTIME, "read": B}),
    "PresenceView": obj({"chat": S, "call": S, "effective": obj({"chat": S, "call": S}), "open_threads": INT,
                     "slots": INT}),
    "AgentRights": obj({"agent_id": S, "stores": RIGHTS}),
    "ServingHoursView": obj({"agent_id": S, "hours": HOURS}),
    "Escalation": obj({"store_id": S, "mode": {"enum": ["off", "random", "ordered"]}, "delay_minutes": INT,
                       "agent_ids": STRINGS}),
    "AutoMessages": obj({"store_id": S, "timezone": S, "greetings": {"type": "object"},
                         "closed": obj({"text": S, "hours": HOURS})}),
    "ClosingReasonList": obj({"reasons": STRINGS}),
    "Invitation": obj({"email": S, "store_id": S, "expires_at": TIME}),
    "Imported": obj({"imported": INT}),
    "Accepted": obj({"detail": S}),
    "StatsReport": {"type": "object"},
    "Realtime": {"type": "object"},
    "TopStores": page({"type": "object"}, metric=S),
    "ThreadPage": {"allOf": [page(ref("Thread")), {"type": "object",
                                                   "properties": {"counts": {"type": "object"}}}]},
    "SandboxBrandCreated": obj({"brand": ref("Brand"), "admin": ref("Agent"), "store": ref("Store")}),
    "SandboxSmsAccepted": obj({"message_sid": S, "stored": B}),
    "SandboxMetaAccepted": obj({"stored": {"type": "integer", "minimum": 0}}),
    "SandboxCallAnswered": obj({"call_sid": S, "twiml": S}),
    "SandboxBox": obj({"items": {"type": "array", "items": {"type": "object"}}}),
    "Clock": obj({"now": TIME}),
    "Settled": obj({"settled": B, "now": TIME}),
    "AuditEntry": obj({"id": S, "at": TIME, "actor": obj({"id": S, "email": S}), "action": S,
                       "target": obj({"kind": S, "id": S}), "details": {"type": "object"}}),
    "CustomerExport": obj({"exported_at": TIME, "customer": obj({"id": S, "phone": S, "name": NS,
                                                                  "attributes": {"type": "object"},
                                                                  "updated_at": NTIME}),
                           "threads": {"type": "array", "items": {"allOf": [ref("Thread"), obj({
                               "messages": {"type": "array", "items": ref("Message")},
                               "notes": {"type": "array", "items": ref("Note")}})]}},
                           "files": {"type": "array", "items": obj({
                               "thread_id": S, "message_id": S, "url": S, "content_type": NS, "size": INT,
                               "error": S}, "size", "error")}}),
    "ChannelAccount": obj({"id": S, "store_id": S, "kind": {"enum": ["messenger", "instagram", "whatsapp"]},
                           "external_id": S, "name": S, "status": {"enum": ["connected", "needs_reconnect"]},
                           "receive_comments": B, "created_at": TIME, "updated_at": TIME,
                           "history": {"oneOf": [{"type": "null"}, ref("ChannelHistory")]}}),
    "ChannelHistory": obj({"status": {"enum": ["importing", "imported", "failed", "unavailable"]}, "threads": INT,
                           "messages": INT, "reason": NS, "updated_at": NTIME}),
    "OpenApiDocument": obj({"openapi": S, "info": {"type": "object"}, "paths": {"type": "object"}}),
}
LISTS = {"AgentPage": "Agent", "StorePage": "Store", "MessagePage": "Message", "NotePage": "Note",
         "StoreGroupPage": "StoreGroup", "RolePage": "Role", "CannedPage": "CannedResponse",
         "NotificationPage": "Notification", "AuditPage": "AuditEntry", "ChannelPage": "ChannelAccount"}

# Each route's success body, by schema name.
RETURNS: dict[tuple[str, str], str] = {
    ("POST", "/v1/auth/login"): "Session", ("POST", "/v1/auth/password-reset"): "Accepted",
    ("POST", "/v1/auth/password-reset/{token}"): "Session", ("POST", "/v1/invitations/{token}/accept"): "Session",
    ("GET", "/v1/me"): "Me", ("PATCH", "/v1/me"): "Agent", ("GET", "/v1/agents"): "AgentPage",
    ("PATCH", "/v1/agents/{agent_id}"): "Agent", ("PUT", "/v1/agents/{agent_id}/role"): "Agent",
    ("POST", "/v1/invitations"): "Invitation", ("GET", "/v1/agents/{agent_id}/rights"): "AgentRights",
    ("PUT", "/v1/agents/{agent_id}/rights"): "AgentRights",
    ("PATCH", "/v1/stores/{store_id}/agents/{agent_id}"): "AgentRights",
    ("GET", "/v1/me/presence"): "PresenceView", ("PUT", "/v1/me/presence"): "PresenceView",
    ("GET", "/v1/notifications"): "NotificationPage",
    ("GET", "/v1/agents/{agent_id}/serving-hours"): "ServingHoursView",
    ("PUT", "/v1/agents/{agent_id}/serving-hours"): "ServingHoursView",
    ("GET", "/v1/brand"): "Brand", ("PATCH", "/v1/brand"): "Brand", ("GET", "/v1/stores"): "StorePage",
    ("POST", "/v1/stores"): "Store", ("GET", "/v1/stores/{store_id}"): "Store",
    ("PATCH", "/v1/stores/{store_id}"): "Store", ("GET", "/v1/stores/{store_id}/escalation"): "Escalation",
    ("PUT", "/v1/stores/{store_id}/escalation"): "Escalation",
    ("GET", "/v1/stores/{store_id}/auto-messages"): "AutoMessages",
    ("PUT", "/v1/stores/{store_id}/auto-messages"): "AutoMessages",
    ("GET", "/v1/closing-reasons"): "ClosingReasonList", ("PUT", "/v1/closing-reasons"): "ClosingReasonList",
    ("GET", "/v1/store-groups"): "StoreGroupPage", ("POST", "/v1/store-groups"): "StoreGroup",
    ("PATCH", "/v1/store-groups/{group_id}"): "StoreGroup", ("GET", "/v1/roles"): "RolePage",
    ("POST", "/v1/roles"): "Role", ("PATCH", "/v1/roles/{role_id}"): "Role",
    ("GET", "/v1/canned-responses"): "CannedPage", ("POST", "/v1/canned-responses"): "CannedResponse",
    ("PATCH", "/v1/canned-responses/{canned_id}"): "CannedResponse",
    ("GET", "/v1/threads"): "ThreadPage", ("POST", "/v1/threads"): "Thread",
    ("GET", "/v1/threads/{thread_id}"): "Thread", ("GET", "/v1/threads/{thread_id}/messages"): "MessagePage",
    ("POST", "/v1/threads/{thread_id}/messages"): "Message", ("GET", "/v1/threads/{thread_id}/notes"): "NotePage",
    ("POST", "/v1/threads/{thread_id}/notes"): "Note", ("GET", "/v1/threads/{thread_id}/customer"): "Customer",
    ("GET", "/v1/customers/{phone}"): "Customer", ("PUT", "/v1/customers/{phone}"): "Customer",
    ("POST", "/v1/customers/import"): "Imported", ("GET", "/v1/customers/{phone}/export"): "CustomerExport",
    ("GET", "/v1/stores/{store_id}/channels"): "ChannelPage",
    ("POST", "/v1/stores/{store_id}/channels"): "ChannelAccount",
    ("PATCH", "/v1/stores/{store_id}/channels/{channel_id}"): "ChannelAccount",
    ("GET", "/v1/audit"): "AuditPage", ("POST", "/v1/me/email-confirmations/{token}"): "Agent",
    ("GET", "/v1/mentions"): "MentionPage", ("POST", "/v1/mentions/{mention_id}/read"): "Mention",
    ("GET", "/v1/stats"): "StatsReport", ("GET", "/v1/stats/top-stores"): "TopStores",
    ("GET", "/v1/stats/realtime"): "Realtime",
    ("POST", "/sandbox/brands"): "SandboxBrandCreated", ("POST", "/sandbox/sms"): "SandboxSmsAccepted",
    ("POST", "/sandbox/meta"): "SandboxMetaAccepted", ("POST", "/sandbox/call"): "SandboxCallAnswered",
    ("POST", "/v1/threads/{thread_id}/calls"): "Message",
    ("GET", "/sandbox/outbox"): "SandboxBox", ("GET", "/sandbox/mail"): "SandboxBox",
    ("GET", "/sandbox/seen"): "SandboxBox",
    ("GET", "/sandbox/clock"): "Clock", ("POST", "/sandbox/clock"): "Clock", ("POST", "/sandbox/settle"): "Settled",
}
# Routes on a thread answer the thread.
THREAD_ACTIONS = ("join", "status", "transfer", "snooze", "close", "folder", "hold", "alert", "delegate", "share")
RETURNS.update({("POST", f"/v1/threads/{{thread_id}}/{action}"): "Thread" for action in THREAD_ACTIONS})
# Bodies that are not JSON: the success media type and its schema.
OTHER_MEDIA: dict[tuple[str, str], tuple[str, Schema]] = {
    ("GET", "/v1/stats/top-stores.csv"): ("text/csv", {"type": "string"}),
    ("POST", "/webhooks/twilio/sms"): ("text/xml", {"type": "string"}),
    ("POST", "/webhooks/twilio/status"): ("text/xml", {"type": "string"}),
    ("POST", "/webhooks/twilio/voice"): ("text/xml", {"type": "string"}),
    ("GET", "/webhooks/meta"): ("text/plain", {"type": "string"}),
    ("POST", "/webhooks/meta"): ("text/plain", {"type": "string", "enum": ["EVENT_RECEIVED"]}),
    # A customer's kept file, in its own type (image/png, application/pdf...).
    ("GET", "/v1/threads/{thread_id}/files/{file_id}"): ("*/*", {"type": "string", "format": "binary"}),
    ("GET", "/v1/threads/{thread_id}/picture"): ("image/*", {"type": "string", "format": "binary"}),
}
RAW_BODIES = {"application/x-www-form-urlencoded": {"type": "object", "additionalProperties": S},
              "text/csv": {"type": "string"}}

DATE: Schema = {"type": "string", "format": "date", "required": True,
                "description": "YYYY-MM-DD in the stores' time zone; `to` on or after `from`, at most 366 days"}
METRIC: Schema = {"type": "string", "enum": list(INDICATORS)}
_CHOICE = f"({'|'.join(CHANNEL_CHOICES)})"
STATS_CHANNELS: Schema = {"type": "string", "pattern": f"^({_CHOICE}(,{_CHOICE})*)?$",
                          "description": "comma-separated channels (ivr: threads begun by a phone call): the "
                                         "figures of those channels' conversations only; absent or empty: all"}
# A page's size and where it starts: the `next_cursor` of the page before, as given (opaque).
PAGING: dict[str, Schema] = {"cursor": {"type": "string",
                                        "description": "the previous page's next_cursor, as given (empty: the first)"},
                             "limit": {"type": "integer", "minimum": 1, "maximum": 100, "default": 50}}
# A filter given empty is no filter (as a form sends it).
ID: Schema = {"type": "string", "pattern": "^[A-Za-z0-9_-]*$", "maxLength": 64}
INSTANT: Schema = {"anyOf": [{"type": "string", "maxLength": 0},
                             {"type": "string", "format": "date-time", "pattern": DATE_TIME}]}
THREAD_FILTERS: dict[str, Schema] = {
    "q": {"type": "string", "pattern": f"{NON_BLANK}.*{NON_BLANK}", "maxLength": 200,
          "description": "search by number, customer name or words of messages (then no counts)"},
    "store_id": ID, "group_id": {**ID, "description": "a store group's inbox; not with store_id"},
    "status": {"type": "string", "pattern": "^((waiting|replied|resolved)(,(waiting|replied|resolved))*)?$",
               "description": "comma-separated; empty or absent: waiting,replied in the inbox, all elsewhere"},
    "folder": {"type": "string", "enum": ["inbox", "done", "spam", "archived"], "default": "inbox"},
    "sort": {"type": "string", "enum": ["recent", "waiting"], "default": "recent"}, **PAGING}
QUERY: dict[tuple[str, str], dict[str, Schema]] = {
    ("GET", "/v1/threads"): THREAD_FILTERS,
    ("GET", "/v1/threads/{thread_id}/messages"): PAGING, ("GET", "/v1/threads/{thread_id}/notes"): PAGING,
    ("GET", "/v1/notifications"): PAGING, ("GET", "/v1/agents"): {"store_id": ID},
    ("GET", "/v1/mentions"): {"unread": {"type": "string", "enum": ["true", "false"], "default": "false"},
                              **PAGING},
    ("GET", "/v1/audit"): {"from": {**INSTANT, "description": "from this time (included)"},
                           "to": {**INSTANT, "description": "to this time (included), not before `from`"},
                           **PAGING},
    ("GET", "/sandbox/outbox"): {"to": {"anyOf": [ref("Phone"), ref("WhatsappPhone")],
                                        "description": "only the messages to this number (whatsapp:+... for "
                                                       "WhatsApp)"}},
    ("GET", "/webhooks/meta"): {"hub.mode": {"type": "string", "enum": ["subscribe"]},
                                "hub.verify_token": {"type": "string"}, "hub.challenge": {"type": "string"}},
    ("GET", "/sandbox/mail"): {"to": {"type": "string", "description": "only the mails to this address"}},
    ("POST", "/sandbox/sms"): {"webhook": {"type": "string", "enum": ["lost"],
                                           "description": "the webhook never reaches the app"}},
    ("GET", "/v1/stats"): {"from": DATE, "to": DATE, "channels": STATS_CHANNELS,
                           "store_ids": {"type": "string", "description": "comma-separated store ids"}},
    ("GET", "/v1/stats/top-stores"): {"from": DATE, "to": DATE, "metric": METRIC, "channels": STATS_CHANNELS},
    ("GET", "/v1/stats/top-stores.csv"): {"from": DATE, "to": DATE, "metric": METRIC, "channels": STATS_CHANNELS},
}


def response_components() -> dict[str, Schema]:
    """The response schemas, lists included, for the document's components."""
    lists = {name: page(ref(item)) for name, item in LISTS.items()}
    lists["MentionPage"] = page(ref("Mention"), unread_count=INT)
    return {**COMPONENTS, **lists}


def success_body(doc: Any) -> tuple[str, Schema]:
    """The media type and schema of a route's success body; an object at least for a route not described yet."""
    key = (doc.method, doc.path)
    if key in OTHER_MEDIA:
        return OTHER_MEDIA[key]
    name = doc.returns or RETURNS.get(key)
    return "application/json", ref(name) if name else {"type": "object"}


def path_parameter(name: str) -> Schema:
    """A path parameter's schema: a phone number, or an opaque id of letters, digits, _ and -."""
    if name == "phone":
        return {"type": "string", "pattern": e164_pattern(), "description": "E.164, or national digits"}
    return {"type": "string", "pattern": "^[A-Za-z0-9_-]+$", "minLength": 1, "maxLength": 200}
