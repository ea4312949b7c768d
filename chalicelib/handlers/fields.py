"""Field types of the request bodies: the format rules the services enforce, said once so that the
validation and the published schema are the same rule (a client generating values from the schema is accepted)."""
from __future__ import annotations

from functools import cache
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema

# Twilio joins a long SMS into one message of at most 1,600 characters: the webhook refuses longer (413).
INBOUND_SMS_MAX = 1600

# At least one character that Python's str.strip() keeps, its whitespace written out (the literal characters,
# not \s, which regex engines read differently: ASCII only, or without the separators \x1c-\x1f).
NON_BLANK = "[^" + "".join(c for c in map(chr, range(0x3001)) if c.isspace()) + "]"
# An address as RFC 5321 writes it (a dot-atom, @, a domain of two labels or more): ASCII only.
_ATOM = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
EMAIL_PATTERN = rf"^{_ATOM}(?:\.{_ATOM})*@{_LABEL}(?:\.{_LABEL})+$"
# A number as people type it: E.164 (+33612345678) or national digits with spaces, dots, dashes, brackets.
PHONE_PATTERN = r"^[+(]?[0-9][0-9 ().-]*$"
HTTPS_PATTERN = r"^https://[^ ]*$"
TIME_FROM = r"^([01][0-9]|2[0-3]):[0-5][0-9]$"  # 00:00-23:59
TIME_TO = r"^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$"  # 24:00 is the end of the day
DATE_TIME = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})$"
# A shared schema a field stands for: the OpenAPI document turns it into a $ref to its component
# (pydantic itself cannot point at a schema it does not define).
SHARED = "x-shared-schema"


class Body(BaseModel):
    """Every request body: unknown fields refused, and strict types (a JSON string is never read as a number,
    nor a number as a boolean: "3" and 0 are refused where 3 and false are expected)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=False, strict=True)


class FieldRule(ValueError):
    """A rule across fields, raised by a body's model validator, naming the field the caller should fix."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


@cache
def timezones() -> tuple[str, ...]:
    """Every IANA time zone name this runtime knows, sorted (what the services can open)."""
    from zoneinfo import available_timezones

    return tuple(sorted(available_timezones()))


def _integral(value: object) -> object:
    """JSON Schema counts 3.0 as an integer: take it as 3 (a string or a boolean still fails strictly)."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _mailbox(address: str) -> str:
    """RFC 5321's limit on the part before the @ (which a pattern cannot count across dots)."""
    local, at, _ = address.strip().partition("@")
    if at and len(local) > 64:
        raise ValueError("at most 64 characters before the @")
    return address


def _known_timezone(name: str) -> str:
    if name not in timezones():
        raise ValueError(f"'{name}' is not an IANA time zone such as Europe/Paris")
    return name


Name = Annotated[str, Field(min_length=1, max_length=120, pattern=NON_BLANK)]
PersonName = Annotated[str, Field(min_length=1, max_length=80, pattern=NON_BLANK)]
Email = Annotated[str, Field(max_length=254, pattern=EMAIL_PATTERN, json_schema_extra={"format": "email"}),
                  AfterValidator(_mailbox)]
# "" takes the value away (a picture, the customer-service address).
# Spaces around are trimmed by the service (as typed in a settings form).
EmailOrEmpty = Annotated[str, Field(max_length=254, pattern=rf"^ *$|^ *{EMAIL_PATTERN[1:-1]} *$"),
                         AfterValidator(_mailbox)]
HttpsUrl = Annotated[str, Field(max_length=2048, pattern=HTTPS_PATTERN, json_schema_extra={"format": "uri"})]
HttpsUrlOrEmpty = Annotated[str, Field(max_length=2048, pattern=r"^(https://[^ ]*)?$")]
Phone = Annotated[str, Field(min_length=1, max_length=32, pattern=PHONE_PATTERN), WithJsonSchema({SHARED: "Phone"})]
TimeZone = Annotated[str, AfterValidator(_known_timezone), WithJsonSchema({SHARED: "TimeZone"})]
Id = Annotated[str, Field(min_length=1, max_length=64)]


# Whole numbers in a range; 3.0 is taken as 3 as JSON Schema does, "3" and true are refused.
SlotCount = Annotated[int, Field(ge=1, le=100), BeforeValidator(_integral)]
DelayMinutes = Annotated[int, Field(ge=1, le=1440), BeforeValidator(_integral)]


ATTRIBUTE_VALUE: dict[str, Any] = {"anyOf": [{"type": "string", "maxLength": 500}, {"type": "number"},
                                             {"type": "boolean"}]}
# A customer's attributes: names of 1 to 64 characters (not blank), texts of at most 500, numbers, booleans.
Attributes = Annotated[
    dict[Annotated[str, Field(min_length=1, max_length=64, pattern=NON_BLANK)],
         Annotated[str, Field(max_length=500)] | int | float | bool],
    Field(max_length=50),
    WithJsonSchema({"type": "object", "maxProperties": 50, "additionalProperties": ATTRIBUTE_VALUE,
                    "propertyNames": {"minLength": 1, "maxLength": 64, "pattern": NON_BLANK}}),
]


def components() -> dict[str, dict[str, object]]:
    """The shared schemas the field types above refer to, for the OpenAPI document."""
    return {
        "TimeZone": {"type": "string", "enum": list(timezones()),
                     "description": "An IANA time zone name, such as Europe/Paris"},
        "Phone": {"type": "string", "pattern": e164_pattern(),
                  "description": "A phone number in E.164 (+33612345678) of a length its country uses. National "
                                 "digits (06 12 34 56 78) are read in the store's country too."},
        "WhatsappPhone": {"type": "string", "pattern": "^whatsapp:" + e164_pattern()[1:],
                          "description": "A WhatsApp number as Twilio writes it: whatsapp:+33612345678"},
    }


@cache
def e164_pattern() -> str:
    """E.164 numbers of a possible length, country by country (libphonenumber's metadata): what the services
    accept written with +, so that a number drawn from the pattern is one they take."""
    import phonenumbers
    from phonenumbers.phonenumberutil import COUNTRY_CODE_TO_REGION_CODE, region_code_for_country_code

    countries = []
    for code in sorted(COUNTRY_CODE_TO_REGION_CODE):
        region = region_code_for_country_code(code)
        metadata = (phonenumbers.PhoneMetadata.metadata_for_nongeo_region(code) if region == "001"
                    else phonenumbers.PhoneMetadata.metadata_for_region(region))
        general = metadata.general_desc if metadata else None
        lengths = sorted({n for n in (general.possible_length or ()) if n > 0}) if general else []
        if lengths:
            rest = "|".join(f"[0-9]{{{n - 1}}}" for n in lengths)
            countries.append(f"{code}[1-9](?:{rest})")
    return rf"^\+(?:{'|'.join(countries)})$"
