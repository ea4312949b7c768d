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


def region_of(timezone: str | None, store_number: str | None) -> str | None:
    """Where a store is, to read numbers typed in national format: its time zone's country, else its number's."""
    country = _countries_by_zone().get(timezone or "")
    if country:
        return country
    if store_number:
        import phonenumbers

        try:
            return phonenumbers.region_code_for_number(phonenumbers.parse(store_number, None))
        except phonenumbers.NumberParseException:
            return None
    return None


_ZONES: dict[str, str] | None = None


def _countries_by_zone() -> dict[str, str]:
    """The IANA zone.tab of the system's time zone database: zone -> ISO country code."""
    global _ZONES
    if _ZONES is None:
        import zoneinfo
        from pathlib import Path

        _ZONES = {}
        for folder in zoneinfo.TZPATH:
            path = Path(folder) / "zone.tab"
            if path.exists():
                for line in path.read_text().splitlines():
                    if line and not line.startswith("#"):
                        parts = line.split("\t")
                        if len(parts) >= 3:
                            _ZONES[parts[2]] = parts[0]
                break
    return _ZONES
