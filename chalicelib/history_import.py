"""Wiring of the stores' platform accounts: the channels find accounts and tokens through them, and a connected
account's history is imported through the Graph its channel sends with."""
from __future__ import annotations

from .services.ports.channels import Channels
from .services.ports.clock import Clock
from .services.usecases.channel_accounts import ChannelAccounts
from .services.usecases.history import HistoryImport


def connected(accounts: ChannelAccounts, channels: Channels, clock: Clock) -> ChannelAccounts:
    """The accounts, given to the channels and able to import a connected account's history."""
    from .channels import connect_accounts
    from .channels.meta_history import history_source
    from .models.history import DynamoHistory
    from .models.threads import DynamoThreads

    connect_accounts(channels, accounts)
    accounts.history = HistoryImport(accounts.accounts, accounts.tokens, history_source(channels), DynamoHistory(),
                                     DynamoThreads(), clock)
    return accounts
