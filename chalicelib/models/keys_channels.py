"""Keys of the stores' platform accounts (Messenger pages, Instagram accounts, WhatsApp numbers).

Access patterns                                   key
------------------------------------------------  ------------------------------------------------
an account, by its id                             pk=B#b                          sk=CHANNEL#<account id>
the accounts of a brand (a store's: filtered)     pk=B#b                          sk begins_with CHANNEL#
the account a platform's notification is for      pk=CHANNEL#<kind>#<external id> sk=CHANNEL
  (a lookup holding the brand, store and account ids; its conditional creation makes one external id of one
  kind connected to at most one store of the whole product)
"""
from __future__ import annotations

from .keys import brand_pk

ACCOUNT_PREFIX = "CHANNEL#"
LOOKUP_SK = "CHANNEL"


def account_keys(brand_id: str, account_id: str) -> tuple[str, str]:
    return brand_pk(brand_id), f"{ACCOUNT_PREFIX}{account_id}"


def lookup_pk(kind: str, external_id: str) -> str:
    """Kinds and external ids hold no `#` (the use case checks them): the key cannot be confused."""
    return f"CHANNEL#{kind}#{external_id}"
