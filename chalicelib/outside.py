"""The composition root's wiring of the outside world: the channels, the mailer, the clock, the sandbox that
stands in for them on the local stage, the stores' platform accounts and the keeping of customers' files.

Called by `bootstrap()` only (chalicelib/bootstrap.py), which passes what it already made.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .adapters.tracing import start_tracing
from .config import Settings
from .services.ports.channel_accounts import ChannelTokens
from .services.ports.channels import Channels
from .services.ports.clock import Clock, SystemClock
from .services.ports.repositories import Directory, IdGenerator, Mailer
from .services.usecases.channel_accounts import ChannelAccounts
from .services.usecases.inbound import Inbound

if TYPE_CHECKING:
    from collections.abc import Callable

    from .channels.twilio_sms import SmsTransport, TwilioSmsChannel
    from .sandbox.clock import SandboxClock
    from .sandbox.store import SandboxMailbox, SandboxOutbox


@dataclass(frozen=True)
class Sandbox:
    """The local stage's stand-ins for the outside world: the phone network, the mailbox and a movable clock.

    `channel` is the SMS channel over the sandbox's phone network: the sandbox signs the webhooks it sends with it."""

    outbox: SandboxOutbox
    mailbox: SandboxMailbox
    clock: SandboxClock
    channel: TwilioSmsChannel


@dataclass(frozen=True)
class Outside:
    """The adapters to the outside world, picked from the settings unless a test gave its own."""

    clock: Clock
    channels: Channels
    mailer: Mailer
    sandbox: Sandbox | None


def outside(settings: Settings, clock: Clock | None, sms: SmsTransport | None, mailer: Mailer | None) -> Outside:
    """The sandbox's phone network, mailbox and clock on the local stage; Twilio and SES on AWS."""
    from .channels import available_channels
    from .channels.twilio_sms import TwilioSmsChannel

    start_tracing(settings.local)  # X-Ray on AWS Lambda, before the AWS and Twilio clients are made
    if not settings.local:
        from .adapters.mail import SesMailer

        sms_channel = TwilioSmsChannel(settings.twilio_auth_token, sms) if sms else None
        return Outside(clock=clock or SystemClock(), channels=available_channels(settings, sms_channel),
                       mailer=mailer or SesMailer(settings.mail_from), sandbox=None)
    from .sandbox import store as sandbox_store
    from .sandbox.clock import SandboxClock

    sandbox_store.configure(settings.dynamodb_endpoint, settings.region, settings.sandbox_table)
    sandbox_clock = SandboxClock(Path(settings.data_dir) / "clock.json" if settings.data_dir else None)
    clock = clock or sandbox_clock
    outbox = sandbox_store.SandboxOutbox(clock)
    sandbox = Sandbox(outbox=outbox, mailbox=sandbox_store.SandboxMailbox(clock), clock=sandbox_clock,
                      channel=TwilioSmsChannel(settings.twilio_auth_token, sms or outbox))
    from .sandbox.meta import SandboxGraph

    return Outside(clock=clock, channels=available_channels(settings, sandbox.channel,
                                                            graphs=lambda name: SandboxGraph(clock, name)),
                   mailer=mailer or sandbox.mailbox, sandbox=sandbox)


def sandbox_network(sandbox: Sandbox, inbound: Inbound) -> Callable[[], object]:
    """Every minute on the local stage, the sandbox's phone network reports what it carried as delivered."""
    from .sandbox.network import report_deliveries

    return lambda: report_deliveries(sandbox, inbound)


def channel_accounts(settings: Settings, directory: Directory, ids: IdGenerator, clock: Clock,
                     tokens: ChannelTokens | None, channels: Channels) -> ChannelAccounts:
    """The stores' platform accounts; their tokens in SSM on AWS, in the data folder (or memory) locally. The
    channels find the store a notification is for, and the token to send with, through them."""
    from .adapters.channel_tokens import channel_tokens_for
    from .history_import import connected
    from .models.channel_accounts import DynamoChannelAccounts

    accounts = ChannelAccounts(DynamoChannelAccounts(), tokens or channel_tokens_for(settings), directory, ids, clock)
    return connected(accounts, channels, clock)
