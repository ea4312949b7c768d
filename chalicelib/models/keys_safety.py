"""The keys of account safety's items (the audit trail, e-mail change links), listed with every other access
pattern in keys.py's table; kept apart only so that keys.py stays readable in one sitting."""
from __future__ import annotations

from .keys import brand_pk, token_hash

AUDIT_PREFIX = "AUDIT#"
AUDIT_LAST = "~"  # sorts after every character of an ISO time and an id: the end of a time range


def email_change_sk(token: str) -> str:
    return f"EMAILCHANGE#{token_hash(token)}"


def audit_pk(brand_id: str) -> str:
    return f"{brand_pk(brand_id)}#AUDIT"


def audit_sk(at_iso: str, entry_id: str) -> str:
    return f"{AUDIT_PREFIX}{at_iso}#{entry_id}"
