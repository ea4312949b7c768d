"""The keys of account safety's items (the audit trail, e-mail change links, the opt-out register, throttle
counters), listed with every other access
pattern in keys.py's table; kept apart only so that keys.py stays readable in one sitting."""
from __future__ import annotations

from hashlib import sha256

from .keys import brand_pk, token_hash

AUDIT_PREFIX = "AUDIT#"
AUDIT_LAST = "~"  # sorts after every character of an ISO time and an id: the end of a time range


def email_change_sk(token: str) -> str:
    return f"EMAILCHANGE#{token_hash(token)}"


def audit_pk(brand_id: str) -> str:
    return f"{brand_pk(brand_id)}#AUDIT"


def audit_sk(at_iso: str, entry_id: str) -> str:
    return f"{AUDIT_PREFIX}{at_iso}#{entry_id}"


def optout_pk(brand_id: str, customer_hash: str) -> str:
    return f"B#{brand_id}#OPTOUT#{customer_hash}"


def throttle_key(counted: str, window_start_epoch: int) -> tuple[str, str]:
    """A throttle counter's (pk, sk): what is counted (an e-mail, an address) is kept only as a hash."""
    return f"THROTTLE#{sha256(counted.encode()).hexdigest()}", f"W#{window_start_epoch}"
