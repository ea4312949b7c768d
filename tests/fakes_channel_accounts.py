"""The stores' platform accounts and their tokens in memory, with the contract of the DynamoDB repository
(tests/contract/test_channel_accounts.py)."""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from chalicelib.services.domain.channel_accounts import ChannelAccount
from chalicelib.services.domain.errors import AlreadyExists, NotFound


class FakeChannelAccounts:
    def __init__(self) -> None:
        self.accounts: dict[tuple[str, str], ChannelAccount] = {}  # (brand, account id)

    def add(self, account: ChannelAccount) -> None:
        if self.find(account.kind, account.external_id) is not None:
            raise AlreadyExists(f"this {account.kind} account is connected to a store already",
                                {"external_id": "taken"})
        if (account.brand_id, account.id) in self.accounts:
            raise AlreadyExists("the channel exists already")
        self.accounts[(account.brand_id, account.id)] = account

    def get(self, brand_id: str, account_id: str) -> ChannelAccount | None:
        return self.accounts.get((brand_id, account_id))

    def list_for_store(self, brand_id: str, store_id: str) -> list[ChannelAccount]:
        found = [a for (brand, _), a in self.accounts.items() if brand == brand_id and a.store_id == store_id]
        return sorted(found, key=lambda a: (a.created_at, a.id))

    def find(self, kind: str, external_id: str) -> ChannelAccount | None:
        return next((a for a in self.accounts.values() if a.kind == kind and a.external_id == external_id), None)

    def save(self, account: ChannelAccount) -> None:
        current = self._existing(account)
        self.accounts[(account.brand_id, account.id)] = replace(
            current, name=account.name, receive_comments=account.receive_comments, status=account.status,
            updated_at=account.updated_at)

    def set_status(self, account: ChannelAccount, status: str, at: datetime) -> None:
        current = self._existing(account)
        self.accounts[(account.brand_id, account.id)] = replace(current, status=status, updated_at=at)

    def remove(self, account: ChannelAccount) -> None:
        self.accounts.pop((account.brand_id, account.id), None)

    def _existing(self, account: ChannelAccount) -> ChannelAccount:
        current = self.accounts.get((account.brand_id, account.id))
        if current is None:
            raise NotFound("no such channel")
        return current


class FakeChannelTokens:
    def __init__(self) -> None:
        self.tokens: dict[str, str] = {}

    def put(self, account_id: str, token: str) -> None:
        self.tokens[account_id] = token

    def get(self, account_id: str) -> str:
        if account_id not in self.tokens:
            raise NotFound("no access token for this channel")
        return self.tokens[account_id]

    def delete(self, account_id: str) -> None:
        self.tokens.pop(account_id, None)
