"""Phone numbers in E.164, through Google's libphonenumber port."""
from __future__ import annotations

from .errors import InvalidInput


def to_e164(raw: str, field: str = "phone_number", region: str | None = None) -> str:
    """Normalises what a person typed to E.164, or raises InvalidInput naming the field."""
    import phonenumbers  # imported on use: it is not needed to start the app

    text = (raw or "").strip()
    if not text:
        raise InvalidInput.field(field, "a phone number is required")
    try:
        parsed = phonenumbers.parse(text, region if not text.startswith("+") else None)
    except phonenumbers.NumberParseException:
        raise InvalidInput.field(field, f"'{raw}' is not a phone number") from None
    # The 555 numbers of fiction and of the demo store are possible but not "valid": accept possible numbers.
    if not phonenumbers.is_possible_number(parsed):
        raise InvalidInput.field(field, f"'{raw}' is not a phone number")
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
