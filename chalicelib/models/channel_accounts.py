"""The stores' platform accounts in DynamoDB: the account in its brand's partition, and a lookup by the
platform's id that makes the id unique and lets a webhook find its account in two key reads."""
from __future__ import annotations

from datetime import datetime

from pynamodb.exceptions import DoesNotExist

from ..services.domain.channel_accounts import ChannelAccount
from ..services.domain.errors import AlreadyExists, NotFound
from ..services.ports.clock import iso, parse_iso
from . import keys_channels as keys
from .conditions import unless_condition_fails
from .history import history_of
from .items.channel_accounts import ChannelAccountItem, ChannelLookupItem
from .tables import Item
from .transactions import Transaction


def _item(account: ChannelAccount) -> ChannelAccountItem:
    pk, sk = keys.account_keys(account.brand_id, account.id)
    return ChannelAccountItem(pk, sk, brand_id=account.brand_id, account_id=account.id, store_id=account.store_id,
                              channel_kind=account.kind, external_id=account.external_id, name=account.name,
                              status=account.status, receive_comments=account.receive_comments,
                              created_at=iso(account.created_at), updated_at=iso(account.updated_at))


def _account(item: ChannelAccountItem) -> ChannelAccount:
    return ChannelAccount(id=item.account_id, brand_id=item.brand_id, store_id=item.store_id, kind=item.channel_kind,
                          external_id=item.external_id, name=item.name, status=item.status,
                          receive_comments=bool(item.receive_comments), created_at=parse_iso(item.created_at),
                          updated_at=parse_iso(item.updated_at), history=history_of(item))


def _lookup(account: ChannelAccount) -> ChannelLookupItem:
    return ChannelLookupItem(keys.lookup_pk(account.kind, account.external_id), keys.LOOKUP_SK,
                             brand_id=account.brand_id, account_id=account.id, store_id=account.store_id)


class DynamoChannelAccounts:
    def add(self, account: ChannelAccount) -> None:
        tx = Transaction()
        tx.put("lookup", _lookup(account), Item.pk.does_not_exist())
        tx.put("account", _item(account), Item.pk.does_not_exist())
        failed = tx.commit()
        if "lookup" in failed:
            raise AlreadyExists(f"this {account.kind} account is connected to a store already",
                                {"external_id": "taken"})
        if failed:
            raise AlreadyExists("the channel exists already")

    def get(self, brand_id: str, account_id: str) -> ChannelAccount | None:
        try:
            return _account(ChannelAccountItem.get(*keys.account_keys(brand_id, account_id), consistent_read=True))
        except DoesNotExist:
            return None

    def list_for_store(self, brand_id: str, store_id: str) -> list[ChannelAccount]:
        pk, _ = keys.account_keys(brand_id, "")
        # A brand has a handful of channels: one Query of its partition, the store's kept.
        items = ChannelAccountItem.query(pk, ChannelAccountItem.sk.startswith(keys.ACCOUNT_PREFIX),
                                         filter_condition=ChannelAccountItem.store_id == store_id)
        return sorted((_account(i) for i in items), key=lambda a: (a.created_at, a.id))

    def find(self, kind: str, external_id: str) -> ChannelAccount | None:
        try:
            lookup = ChannelLookupItem.get(keys.lookup_pk(kind, external_id), keys.LOOKUP_SK)
        except DoesNotExist:
            return None
        return self.get(lookup.brand_id, lookup.account_id)

    def save(self, account: ChannelAccount) -> None:
        item = _item(account)
        with unless_condition_fails(NotFound("no such channel")):
            item.update([ChannelAccountItem.name.set(account.name),
                         ChannelAccountItem.receive_comments.set(account.receive_comments),
                         ChannelAccountItem.status.set(account.status),
                         ChannelAccountItem.updated_at.set(item.updated_at)],
                        condition=Item.pk.exists(), add_version_condition=False)

    def set_status(self, account: ChannelAccount, status: str, at: datetime) -> None:
        with unless_condition_fails(NotFound("no such channel")):
            _item(account).update([ChannelAccountItem.status.set(status), ChannelAccountItem.updated_at.set(iso(at))],
                                  condition=Item.pk.exists(), add_version_condition=False)

    def remove(self, account: ChannelAccount) -> None:
        tx = Transaction()
        tx.delete("account", _item(account))
        # The lookup goes with its own account only: never free an id another account holds.
        lookup = _lookup(account)
        tx.delete("lookup", lookup, Item.pk.does_not_exist() | (ChannelLookupItem.account_id == account.id))
        if "lookup" in tx.commit():
            _item(account).delete(add_version_condition=False)
