"""Request bodies of the sandbox routes (local stage only)."""
from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import ConfigDict, Field, WithJsonSchema, model_validator

from .fields import INBOUND_SMS_MAX, PHONE_PATTERN, SHARED, Body, Email, FieldRule, Name, Phone, TimeZone

# A number on Twilio's webhook: a phone number (SMS), or one prefixed `whatsapp:` (WhatsApp through Twilio).
TwilioAddress = Annotated[str, Field(min_length=1, max_length=41, pattern="^(whatsapp:)?" + PHONE_PATTERN[1:]),
                          WithJsonSchema({"anyOf": [{SHARED: "Phone"}, {SHARED: "WhatsappPhone"}]})]


class SandboxStore(Body):
    name: Name
    timezone: TimeZone
    phone_number: Phone


class SandboxBrand(Body):
    name: Name
    admin_email: Email
    admin_password: str = Field(min_length=8, max_length=200)
    store: SandboxStore


class SandboxSms(Body):
    from_: TwilioAddress = Field(alias="from")
    to: TwilioAddress
    # A WhatsApp message may be longer than an SMS (4,096 characters against 1,600).
    body: str = Field(default="", max_length=4096)
    model_config = ConfigDict(extra="forbid", populate_by_name=True, strict=True, json_schema_extra={"anyOf": [
        {"properties": {"from": {"pattern": "^whatsapp:"}}},
        {"properties": {"from": {"not": {"pattern": "^whatsapp:"}}, "body": {"maxLength": INBOUND_SMS_MAX}}}]})

    @model_validator(mode="after")
    def _sms_length(self) -> SandboxSms:
        if not self.from_.startswith("whatsapp:") and len(self.body) > INBOUND_SMS_MAX:
            raise FieldRule("body", f"at most {INBOUND_SMS_MAX} characters in an SMS")
        return self


class SandboxCall(Body):
    """A customer calls a store's number."""

    from_: Phone = Field(alias="from")
    to: Phone
    model_config = ConfigDict(extra="forbid", populate_by_name=True, strict=True)


class SandboxClockSet(Body):
    """Either a time to set the clock to, or seconds to move it forward by."""

    now: str | None = Field(default=None, max_length=40, json_schema_extra={"format": "date-time"})
    advance_seconds: float | None = Field(default=None, ge=0, le=10 * 365 * 86400)
    model_config = ConfigDict(json_schema_extra={"oneOf": [
        {"required": ["now"], "properties": {"now": {"type": "string"}, "advance_seconds": {"type": "null"}}},
        {"required": ["advance_seconds"], "properties": {"advance_seconds": {"type": "number"},
                                                         "now": {"type": "null"}}}]})

    @model_validator(mode="after")
    def _one(self) -> SandboxClockSet:
        if (self.now is None) == (self.advance_seconds is None):
            raise FieldRule("body", "give either now or advance_seconds")
        return self


_CUSTOMER_TEXT = ("channel", "from", "to", "text")
_COMMENT = ("comment", "post_id")


class SandboxMeta(Body):
    """Either Meta's own notification as `payload`, or a customer's text the sandbox writes in Meta's shape
    (with `comment: true`, a public comment on the post `post_id`, on Messenger's page or Instagram)."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, strict=True, json_schema_extra={"oneOf": [
        {"required": ["payload"], "properties": {"payload": {"type": "object"}, "attachment": {"type": "null"},
                                                 **{k: {"type": "null"} for k in _CUSTOMER_TEXT + _COMMENT}}},
        {"required": list(_CUSTOMER_TEXT),
         "properties": {"payload": {"type": "null"}, **{k: {"type": "string"} for k in _CUSTOMER_TEXT},
                        "comment": {"enum": [False, None]}, "post_id": {"type": "null"}}},
        {"required": [*_CUSTOMER_TEXT, "comment"],
         "properties": {"payload": {"type": "null"}, **{k: {"type": "string"} for k in _CUSTOMER_TEXT},
                        "channel": {"enum": ["messenger", "instagram"]}, "comment": {"const": True},
                        "post_id": {"type": ["string", "null"]}}}]})
    payload: dict[str, Any] | None = None
    channel: Literal["messenger", "instagram", "whatsapp"] | None = None
    from_: str | None = Field(default=None, alias="from", min_length=1, max_length=64)
    to: str | None = Field(default=None, min_length=1, max_length=64)
    text: str | None = Field(default=None, max_length=4096)
    attachment: Literal["image", "video", "audio", "file"] | None = None  # one of the twin's sample files
    comment: bool | None = None
    post_id: str | None = Field(default=None, min_length=1, max_length=64)

    @model_validator(mode="after")
    def _one_form(self) -> SandboxMeta:
        given = [value is not None for value in (self.channel, self.from_, self.to, self.text)]
        if any(given) if self.payload is not None else not all(given):
            raise FieldRule("payload", "give either payload, or channel, from, to and text")
        if self.attachment is not None and self.payload is not None:
            raise FieldRule("attachment", "goes with a customer's text, not with a payload")
        if self.payload is not None and (self.comment is not None or self.post_id is not None):
            raise FieldRule("payload", "comment and post_id go with channel, from, to and text, not a payload")
        if self.comment and self.channel == "whatsapp":
            raise FieldRule("comment", "only messenger and instagram carry post comments")
        if self.post_id is not None and not self.comment:
            raise FieldRule("post_id", "only with comment: true")
        return self
