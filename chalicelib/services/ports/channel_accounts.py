"""Where the stores' platform accounts and their access tokens are kept."""
from __future__ import annotations

from datetime import datetime
from typing import Protocol

from ..domain.channel_accounts import ChannelAccount


class ChannelAccounts(Protocol):
    def add(self, account: ChannelAccount) -> None:
        """Stores a new account; AlreadyExists naming `external_id` when this kind's external id is connected
        to any store of any brand already."""

    def get(self, brand_id: str, account_id: str) -> ChannelAccount | None: ...

    def list_for_store(self, brand_id: str, store_id: str) -> list[ChannelAccount]:
        """The store's accounts, oldest first."""

    def find(self, kind: str, external_id: str) -> ChannelAccount | None:
        """The account a platform's notification is addressed to: one key lookup, whatever the brand."""

    def save(self, account: ChannelAccount) -> None:
        """Writes name, receive_comments, status and updated_at of an existing account; NotFound if it is gone."""

    def set_status(self, account: ChannelAccount, status: str, at: datetime) -> None:
        """Writes the status alone (what a sender learns of the token); NotFound if the account is gone."""

    def remove(self, account: ChannelAccount) -> None:
        """Deletes the account and frees its external id; nothing happens if it is gone already."""


class ChannelTokens(Protocol):
    """An account's access token: written and read here only, never returned by the API nor logged."""

    def put(self, account_id: str, token: str) -> None: ...

    def get(self, account_id: str) -> str:
        """The token; NotFound when none is kept for this account."""

    def delete(self, account_id: str) -> None:
        """Forgets the token; nothing happens if there is none."""
