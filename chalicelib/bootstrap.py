"""The composition root: the only place that picks concrete classes, from explicit settings.

`bootstrap(settings, **overrides)` builds the whole object graph once and returns it frozen: nothing is
added or replaced afterwards. Tests hand fakes in as overrides; the AWS and local stages differ only by
what the settings say. Handlers reach the graph of their process through `runtime.services()`.
"""
from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .adapters.metrics import Figures, NoFigures, figures_for
from .adapters.tracing import start_tracing
from .config import Settings
from .safety import SafetyServices, audit_trail, build_safety, lockout_recorder
from .services.ports.channel_accounts import ChannelTokens
from .services.ports.channels import Channels
from .services.ports.clock import Clock, SystemClock
from .services.ports.ids import RandomIds
from .services.ports.optout import OptOutRegister
from .services.ports.repositories import (
    AdminRepository,
    Directory,
    Mailer,
    PasswordHasher,
    SentimentDetector,
    ThreadRepository,
)
from .services.ports.throttle import Counters
from .services.usecases.accounts import Accounts
from .services.usecases.admin import Admin
from .services.usecases.alerts import Alerts
from .services.usecases.canned import CannedResponses
from .services.usecases.channel_accounts import ChannelAccounts
from .services.usecases.collaboration import Collaboration
from .services.usecases.conversations.cases import ConversationCases
from .services.usecases.credentials import Credentials
from .services.usecases.customers import Customers
from .services.usecases.delivery import Delivery
from .services.usecases.inbound import Inbound
from .services.usecases.notifier import Notifier
from .services.usecases.optout import OptOuts
from .services.usecases.reactions import Reactions
from .services.usecases.roles import Roles
from .services.usecases.search import Search
from .services.usecases.statistics import Statistics
from .services.usecases.stores import Stores
from .services.usecases.throttle import LockoutHook, Throttle
from .services.usecases.timers import TimerSweep
from .services.usecases.triage import Triage

if TYPE_CHECKING:
    from .channels.twilio_sms import SmsTransport, TwilioSmsChannel
    from .sandbox.clock import SandboxClock
    from .sandbox.store import SandboxMailbox, SandboxOutbox

Job = Callable[[], object]


@dataclass(frozen=True)
class Sandbox:
    """The local stage's stand-ins for the outside world: the phone network, the mailbox and a movable clock.

    `channel` is the SMS channel over the sandbox's phone network: the sandbox signs the webhooks it sends with it."""

    outbox: SandboxOutbox
    mailbox: SandboxMailbox
    clock: SandboxClock
    channel: TwilioSmsChannel


@dataclass(frozen=True)
class Services:
    """Everything a handler may call, built once per process."""

    settings: Settings
    clock: Clock
    directory: Directory
    threads: ThreadRepository
    accounts: Accounts
    credentials: Credentials
    stores: Stores
    admin: Admin
    roles: Roles
    conversations: ConversationCases
    inbound: Inbound
    delivery: Delivery
    reactions: Reactions
    notifier: Notifier
    collaboration: Collaboration
    alerts: Alerts
    canned: CannedResponses
    triage: Triage
    search: Search
    customers: Customers
    statistics: Statistics
    timers: TimerSweep
    safety: SafetyServices  # the audit trail, e-mail changes, customers' data rights
    channel_accounts: ChannelAccounts  # the stores' Messenger, Instagram and WhatsApp accounts
    minute_jobs: tuple[Job, ...]  # what the scheduled function runs every minute, in order
    sandbox: Sandbox | None = None  # only on the local stage
    settle: Job | None = None  # the local stage's "wait until the streams and timers are done"
    metrics: Figures = field(default_factory=NoFigures)  # the business figures: CloudWatch on AWS only


@dataclass(frozen=True)
class _Outside:
    """The adapters to the outside world, picked from the settings unless a test gave its own."""

    clock: Clock
    channels: Channels
    mailer: Mailer
    sandbox: Sandbox | None


def bootstrap(settings: Settings, *, clock: Clock | None = None, session_clock: Clock | None = None,
              directory: Directory | None = None, threads: ThreadRepository | None = None,
              admin_repository: AdminRepository | None = None, sms_transport: SmsTransport | None = None,
              mailer: Mailer | None = None, hasher: PasswordHasher | None = None, rng: random.Random | None = None,
              sentiment: SentimentDetector | None = None, settle: Job | None = None, metrics: Figures | None = None,
              optout_register: OptOutRegister | None = None, counters: Counters | None = None,
              on_lockout: LockoutHook | None = None, channel_tokens: ChannelTokens | None = None) -> Services:
    """Builds the object graph; every keyword replaces the collaborator the settings would pick."""
    from .models import tables
    from .models.directory import DynamoDirectory
    from .models.threads import DynamoThreads

    tables.configure(table_name=settings.table, host=settings.dynamodb_endpoint, region=settings.region)
    outside = _outside(settings, clock, sms_transport, mailer)
    clock = outside.clock
    directory, threads = directory or DynamoDirectory(), threads or DynamoThreads()
    ids, optouts = RandomIds(), _optouts(optout_register, threads, clock)
    accounts = _accounts(settings, directory, hasher, outside.mailer, ids, clock, session_clock, counters,
                         lockout_recorder(directory, audit := audit_trail(ids, clock), on_lockout))
    notifier = _notifier(settings, outside.mailer)
    conversations = ConversationCases.build(threads, directory, ids, clock, notifier, outside.channels, rng,
                                            sentiment or sentiment_detector(settings), optouts)
    delivery = Delivery(threads, directory, outside.channels, settings.public_base_url, clock, optouts)
    inbound = Inbound(outside.channels, directory, conversations.receive, delivery)
    timers, admin_repository = _timer_sweep(clock), admin_repository or _admin_repository()
    return Services(channel_accounts=_channel_accounts(settings, directory, ids, clock, channel_tokens, outside),
        settings=settings, clock=clock, directory=directory, threads=threads, accounts=accounts,
        stores=Stores(directory, accounts, ids, clock, numbers_editable_by_brand=settings.local),
        conversations=conversations, inbound=inbound, delivery=delivery, reactions=conversations.reactions(delivery),
        notifier=notifier, collaboration=_collaboration(settings, threads, directory, conversations, notifier,
                                                        outside.mailer, ids, clock),
        alerts=Alerts(conversations.changes, clock), canned=_canned(conversations, directory, ids, clock),
        triage=Triage(conversations.changes, threads, clock), search=_search(directory, outside.channels.names),
        customers=_customers(threads, directory, clock), statistics=_statistics(directory, clock, threads),
        timers=timers, minute_jobs=_minute_jobs(timers, outside.sandbox, inbound), sandbox=outside.sandbox,
        settle=settle, admin=Admin(directory, admin_repository, ids, clock),
        roles=Roles(admin_repository, directory, ids, clock, outside.channels.names),
        credentials=Credentials(directory, admin_repository, accounts), metrics=metrics or figures_for(settings.local),
        safety=build_safety(accounts, threads, outside.channels.names, audit),
    )


def _notifier(settings: Settings, mailer: Mailer) -> Notifier:
    from .models.timers import DynamoNotifications

    return Notifier(DynamoNotifications(), mailer, settings.public_base_url)


def _outside(settings: Settings, clock: Clock | None, sms: SmsTransport | None, mailer: Mailer | None) -> _Outside:
    """The sandbox's phone network, mailbox and clock on the local stage; Twilio and SES on AWS."""
    from .channels import available_channels
    from .channels.twilio_sms import TwilioSmsChannel

    start_tracing(settings.local)  # X-Ray on AWS Lambda, before the AWS and Twilio clients are made
    if not settings.local:
        from .adapters.mail import SesMailer

        sms_channel = TwilioSmsChannel(settings.twilio_auth_token, sms) if sms else None
        return _Outside(clock=clock or SystemClock(), channels=available_channels(settings, sms_channel),
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

    return _Outside(clock=clock, channels=available_channels(settings, sandbox.channel,
                                                             graphs=lambda name: SandboxGraph(clock, name)),
                    mailer=mailer or sandbox.mailbox, sandbox=sandbox)


def _accounts(settings: Settings, directory: Directory, hasher: PasswordHasher | None, mailer: Mailer,
              ids: RandomIds, clock: Clock, session_clock: Clock | None, counters: Counters | None,
              on_lockout: LockoutHook | None) -> Accounts:
    from .adapters.passwords import Argon2Hasher
    from .adapters.secrets import WithoutTokenKey
    from .adapters.tokens import JwtTokens

    # A deployed function that reads no token-signing key (its role may not) gets tokens that refuse to work.
    tokens = JwtTokens(settings.token_secret) if settings.token_secret else WithoutTokenKey()
    return Accounts(directory, hasher or Argon2Hasher(), tokens, mailer, ids, clock,
                    settings.public_base_url, session_clock, _throttle(counters, clock, on_lockout))


def _throttle(counters: Counters | None, clock: Clock, on_lockout: LockoutHook | None) -> Throttle:
    """Failed logins and mails sent on request, counted on the table; `on_lockout` hears of each e-mail locked."""
    from .models.throttle import DynamoCounters

    return Throttle(counters or DynamoCounters(), clock, on_lockout)


def _minute_jobs(timers: TimerSweep, sandbox: Sandbox | None, inbound: Inbound) -> tuple[Job, ...]:
    """Due timers first; on the local stage, then the sandbox's phone network reports what it carried."""
    return (timers.sweep,) if sandbox is None else (timers.sweep, _sandbox_network(sandbox, inbound))


def _timer_sweep(clock: Clock) -> TimerSweep:
    from .models.timers import DynamoTimers

    return TimerSweep(DynamoTimers(), clock)


def _sandbox_network(sandbox: Sandbox, inbound: Inbound) -> Job:
    """Every minute on the local stage, the sandbox's phone network reports what it carried as delivered."""
    from .sandbox.network import report_deliveries

    return lambda: report_deliveries(sandbox, inbound)


def _collaboration(settings: Settings, threads: ThreadRepository, directory: Directory,
                   conversations: ConversationCases, notifier: Notifier, mailer: Mailer, ids: RandomIds,
                   clock: Clock) -> Collaboration:
    from .models.notes import DynamoNotes

    return Collaboration(DynamoNotes(), threads, directory, conversations.thread_access, conversations.transfer,
                         notifier, mailer, ids, clock, settings.public_base_url)


def _canned(conversations: ConversationCases, directory: Directory, ids: RandomIds,
           clock: Clock) -> CannedResponses:
    from .models.canned import DynamoCannedResponses

    return CannedResponses(DynamoCannedResponses(), conversations.thread_access, directory, ids, clock)


def _search(directory: Directory, channels: tuple[str, ...]) -> Search:
    from .models.search import DynamoSearchIndex

    return Search(DynamoSearchIndex(), directory, channels)


def _customers(threads: ThreadRepository, directory: Directory, clock: Clock) -> Customers:
    from .models.customers import DynamoCustomers

    return Customers(DynamoCustomers(), threads, directory, clock)


def _statistics(directory: Directory, clock: Clock, threads: ThreadRepository) -> Statistics:
    from .models.stats import DynamoStats

    return Statistics(DynamoStats(), directory, clock, threads)


def _admin_repository() -> AdminRepository:
    from .models.administration import DynamoAdmin

    return DynamoAdmin()


def sentiment_detector(settings: Settings) -> SentimentDetector:
    """The detector of dissatisfied customers: Amazon Comprehend on AWS, the cue lists locally."""
    if settings.sentiment == "comprehend":
        from .adapters.comprehend_sentiment import ComprehendSentiment

        return ComprehendSentiment(threshold=settings.sentiment_threshold)
    from .adapters.lexicon_sentiment import LexiconSentiment

    return LexiconSentiment()


def _optouts(register: OptOutRegister | None, threads: ThreadRepository, clock: Clock) -> OptOuts:
    from .models.optouts import DynamoOptOuts

    return OptOuts(register or DynamoOptOuts(), threads, clock)


def _channel_accounts(settings: Settings, directory: Directory, ids: RandomIds, clock: Clock,
                      tokens: ChannelTokens | None, outside: _Outside) -> ChannelAccounts:
    """The stores' platform accounts; their tokens in SSM on AWS, in the data folder (or memory) locally. The
    channels find the store a notification is for, and the token to send with, through them."""
    from .adapters.channel_tokens import channel_tokens_for
    from .history_import import connected
    from .models.channel_accounts import DynamoChannelAccounts

    accounts = ChannelAccounts(DynamoChannelAccounts(), tokens or channel_tokens_for(settings), directory, ids, clock)
    return connected(accounts, outside.channels, clock)
