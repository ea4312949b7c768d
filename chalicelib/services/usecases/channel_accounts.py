"""Administration of a store's platform accounts (connect, list, change, disconnect), and what the platforms'
webhooks and senders need of them (find an account, its token, and mark it when the platform refuses it)."""
from __future__ import annotations

import builtins
from dataclasses import replace

from ..domain import Agent, Timer
from ..domain.access import channels_of, require_channel
from ..domain.channel_accounts import (
    COMMENT_KINDS,
    CONNECTED,
    META_KINDS,
    NEEDS_RECONNECT,
    ChannelAccount,
    check_account_name,
    check_external_id,
    check_kind,
    check_token,
)
from ..domain.errors import Forbidden, InvalidInput, NotAvailableYet, NotFound
from ..ports.channel_accounts import ChannelAccounts as AccountStore
from ..ports.channel_accounts import ChannelTokens
from ..ports.clock import Clock
from ..ports.repositories import Directory, IdGenerator
from .history import HistoryImport, is_history_timer


class ChannelAccounts:
    def __init__(self, accounts: AccountStore, tokens: ChannelTokens, directory: Directory, ids: IdGenerator,
                 clock: Clock) -> None:
        self.accounts = accounts
        self.tokens = tokens
        self.directory = directory
        self.ids = ids
        self.clock = clock
        self.history: HistoryImport | None = None  # imports a connected account's history, once wired

    # -- administration ------------------------------------------------------------------
    def list(self, admin: Agent, store_id: str) -> builtins.list[ChannelAccount]:
        """The store's accounts of the channels the admin's role allows."""
        self._admin_of(admin, store_id)
        allowed = set(channels_of(admin, tuple(META_KINDS)))
        return [a for a in self.accounts.list_for_store(admin.brand_id, store_id) if a.kind in allowed]

    def connect(self, admin: Agent, store_id: str, *, kind: str, external_id: str | None, name: str | None,
                access_token: str | None, receive_comments: bool | None,
                allowed_origins: builtins.list[str] | None = None) -> ChannelAccount:
        """Connects a platform account to the store; AlreadyExists if any store has it connected already."""
        self._admin_of(admin, store_id)
        if check_kind(kind) not in META_KINDS:
            raise NotAvailableYet(f"kind: {kind} channels cannot be connected yet", {"kind": "not available yet"})
        if allowed_origins:
            raise InvalidInput.field("allowed_origins", "only a widget channel has allowed origins")
        require_channel(admin, kind)
        external = check_external_id(kind, external_id)
        label, token = check_account_name(name, external), check_token(access_token)
        now = self.clock.now()
        account = ChannelAccount(id=self.ids.new_id("ch_"), brand_id=admin.brand_id, store_id=store_id, kind=kind,
                                 external_id=external, name=label, status=CONNECTED,
                                 receive_comments=_comments(kind, receive_comments, True), created_at=now,
                                 updated_at=now)
        self.accounts.add(account)
        try:
            self.tokens.put(account.id, token)
        except Exception:
            self.accounts.remove(account)  # an account without its token would only fail at its first send
            raise
        if self.history is not None:
            account = replace(account, history=self.history.start(account))
        return account

    def update(self, admin: Agent, store_id: str, account_id: str, changes: dict) -> ChannelAccount:
        """Name, receive_comments, and a new access token (which makes the account connected again)."""
        account = self._account(admin, store_id, account_id)
        # A null token changes nothing (as a null name or switch): only a given token reconnects.
        token = check_token(changes["access_token"]) if changes.get("access_token") is not None else None
        updated = replace(account, updated_at=self.clock.now())
        if "name" in changes:
            updated = replace(updated, name=check_account_name(changes["name"], account.external_id))
        if "receive_comments" in changes:
            updated = replace(updated, receive_comments=_comments(account.kind, changes["receive_comments"],
                                                                  account.receive_comments))
        if token is not None:
            self.tokens.put(account.id, token)
            updated = replace(updated, status=CONNECTED)
        self.accounts.save(updated)
        if token is not None and self.history is not None and self.history.wanted_again(updated):
            updated = replace(updated, history=self.history.start(updated))  # a failed import is tried again
        return updated

    def disconnect(self, admin: Agent, store_id: str, account_id: str) -> ChannelAccount:
        """Forgets the token first: an account left behind by a failure shows, and can be disconnected again."""
        account = self._account(admin, store_id, account_id)
        self.tokens.delete(account.id)
        self.accounts.remove(account)
        return account

    # -- what webhooks and senders need --------------------------------------------------
    def find(self, kind: str, external_id: str) -> ChannelAccount | None:
        """The account a platform's notification is addressed to, whatever its brand; None if not connected."""
        return self.accounts.find(kind, external_id)

    def token_for(self, account: ChannelAccount) -> str:
        """The account's access token, for a call to the platform; NotFound if none is kept."""
        return self.tokens.get(account.id)

    def mark_needs_reconnect(self, account: ChannelAccount) -> None:
        """The platform refused the token (see domain.channel_accounts.token_rejected): an admin must give a new
        one. Idempotent; an account disconnected meanwhile is left alone."""
        if account.status == NEEDS_RECONNECT:
            return
        try:
            self.accounts.set_status(account, NEEDS_RECONNECT, self.clock.now())
        except NotFound:
            return

    def timer_fired(self, timer: Timer) -> None:
        """A timer the sweep claimed: a step of an account's history import, if it is one."""
        if self.history is not None and is_history_timer(timer):
            self.history.step(timer)

    # -- rights --------------------------------------------------------------------------
    def _admin_of(self, admin: Agent, store_id: str) -> None:
        if self.directory.get_store(admin.brand_id, store_id) is None or not admin.can_see(store_id):
            raise NotFound("no such store")
        if not admin.is_store_admin(store_id):
            raise Forbidden("only a brand admin or an admin of the store manages its channels")

    def _account(self, admin: Agent, store_id: str, account_id: str) -> ChannelAccount:
        self._admin_of(admin, store_id)
        account = self.accounts.get(admin.brand_id, account_id)
        if account is None or account.store_id != store_id:
            raise NotFound("no such channel in this store")
        require_channel(admin, account.kind)
        return account


def _comments(kind: str, wanted: bool | None, current: bool) -> bool:
    """Only Messenger and Instagram carry post comments; asking for them elsewhere is an error, not ignored."""
    if kind not in COMMENT_KINDS:
        if wanted:
            raise InvalidInput.field("receive_comments", f"a {kind} channel has no post comments")
        return False
    return current if wanted is None else wanted
