"""The composition root: the only place that picks concrete classes, from explicit settings.

`bootstrap(settings, **overrides)` builds the whole object graph once and returns it frozen: nothing is
added or replaced afterwards. Tests hand fakes in as overrides; the AWS and local stages differ only by
what the settings say. Handlers reach the graph of their process through `runtime.services()`.
"""
from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .adapters.metrics import Figures, NoFigures, figures_for
from .config import Settings
from .media import build_media
from .outside import Sandbox, channel_accounts, outside, sandbox_network
from .safety import SafetyServices, audit_trail, build_safety, lockout_recorder
from .services.domain.reviews import REVIEW
from .services.ports.channel_accounts import ChannelTokens
from .services.ports.clock import Clock
from .services.ports.ids import RandomIds
from .services.ports.media import MediaStore
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
from .services.usecases.media import KeepMedia
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
    from .channels.twilio_sms import SmsTransport

Job = Callable[[], object]


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
    media: KeepMedia | None = None  # customers' files kept from the platforms; None on AWS without a bucket


def bootstrap(settings: Settings, *, clock: Clock | None = None, session_clock: Clock | None = None,
              directory: Directory | None = None, threads: ThreadRepository | None = None,
              admin_repository: AdminRepository | None = None, sms_transport: SmsTransport | None = None,
              mailer: Mailer | None = None, hasher: PasswordHasher | None = None, rng: random.Random | None = None,
              sentiment: SentimentDetector | None = None, settle: Job | None = None, metrics: Figures | None = None,
              optout_register: OptOutRegister | None = None, counters: Counters | None = None,
              on_lockout: LockoutHook | None = None, channel_tokens: ChannelTokens | None = None,
              media_store: MediaStore | None = None) -> Services:
    """Builds the object graph; every keyword replaces the collaborator the settings would pick."""
    directory, threads = _storage(settings, directory, threads)
    world = outside(settings, clock, sms_transport, mailer)
    clock = world.clock
    ids, optouts = RandomIds(), _optouts(optout_register, threads, clock)
    accounts = _accounts(settings, directory, hasher, world.mailer, ids, clock, session_clock, counters,
                         lockout_recorder(directory, audit := audit_trail(ids, clock), on_lockout))
    notifier = _notifier(settings, world.mailer)
    conversations = ConversationCases.build(threads, directory, ids, clock, notifier, world.channels, rng,
                                            sentiment or sentiment_detector(settings), optouts)
    delivery = Delivery(threads, directory, world.channels, settings.public_base_url, clock, optouts)
    inbound = Inbound(world.channels, directory, conversations.receive, delivery)
    timers, admin_repository = _timer_sweep(clock), admin_repository or _admin_repository()
    media = build_media(settings, conversations.thread_access, world.channels, media_store)
    return Services(channel_accounts=channel_accounts(settings, directory, ids, clock, channel_tokens, world.channels),
        settings=settings, clock=clock, directory=directory, threads=threads, accounts=accounts,
        stores=Stores(directory, accounts, ids, clock, numbers_editable_by_brand=settings.local),
        conversations=conversations, inbound=inbound, delivery=delivery,
        reactions=conversations.reactions(delivery, media),
        notifier=notifier, collaboration=_collaboration(settings, threads, directory, conversations, notifier,
                                                        world.mailer, ids, clock),
        alerts=Alerts(conversations.changes, clock), canned=_canned(conversations, directory, ids, clock),
        triage=Triage(conversations.changes, threads, clock), search=_search(directory, world.channels.names),
        customers=_customers(threads, directory, clock), statistics=_statistics(directory, clock, threads),
        timers=timers, minute_jobs=_minute_jobs(timers, world.sandbox, inbound), sandbox=world.sandbox,
        settle=settle, admin=Admin(directory, admin_repository, ids, clock),
        roles=Roles(admin_repository, directory, ids, clock, (*world.channels.names, REVIEW)),  # reviews too
        credentials=Credentials(directory, admin_repository, accounts), metrics=metrics or figures_for(settings.local),
        safety=build_safety(accounts, threads, world.channels.names, audit, media.store if media else None),
        media=media,
    )


def _storage(settings: Settings, directory: Directory | None,
             threads: ThreadRepository | None) -> tuple[Directory, ThreadRepository]:
    """The table the graph works on, and its two main repositories unless a test gave its own."""
    from .models import tables
    from .models.directory import DynamoDirectory
    from .models.threads import DynamoThreads

    tables.configure(table_name=settings.table, host=settings.dynamodb_endpoint, region=settings.region)
    return directory or DynamoDirectory(), threads or DynamoThreads()


def _notifier(settings: Settings, mailer: Mailer) -> Notifier:
    from .models.timers import DynamoNotifications

    return Notifier(DynamoNotifications(), mailer, settings.public_base_url)


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
    return (timers.sweep,) if sandbox is None else (timers.sweep, sandbox_network(sandbox, inbound))


def _timer_sweep(clock: Clock) -> TimerSweep:
    from .models.timers import DynamoTimers

    return TimerSweep(DynamoTimers(), clock)


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
