"""The composition root: the only place that picks concrete classes, from the settings."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .config import Settings, from_env
from .services.ports.clock import Clock, SystemClock
from .services.ports.ids import RandomIds
from .services.usecases.accounts import Accounts
from .services.usecases.admin import Admin
from .services.usecases.alerts import Alerts
from .services.usecases.canned import CannedResponses
from .services.usecases.conversations.access import ThreadAccess
from .services.usecases.conversations.answer import Answer
from .services.usecases.conversations.changes import ThreadChanges
from .services.usecases.conversations.escalate import Escalate
from .services.usecases.conversations.inbox import Inbox
from .services.usecases.conversations.receive import Receive
from .services.usecases.conversations.snooze import Snooze
from .services.usecases.conversations.transfer import Transfer
from .services.usecases.credentials import Credentials
from .services.usecases.delivery import Delivery
from .services.usecases.inbound import Inbound
from .services.usecases.notifier import Notifier
from .services.usecases.reactions import Reactions
from .services.usecases.roles import Roles
from .services.usecases.statistics import Statistics
from .services.usecases.stores import Stores
from .services.usecases.timers import TimerSweep
from .services.usecases.triage import Triage

DEMO_BRAND_ID = "demo"


@dataclass
class Container:
    settings: Settings
    clock: Clock
    directory: Any
    threads: Any
    accounts: Accounts
    stores: Stores
    thread_access: ThreadAccess
    inbox: Inbox
    receive: Receive
    answer: Answer
    changes: ThreadChanges
    transfer: Transfer
    snooze: Snooze
    escalate: Escalate
    delivery: Delivery
    inbound: Inbound
    reactions: Reactions
    notifier: Notifier
    timers: TimerSweep
    statistics: Statistics
    sandbox: Any = None  # the local stage's SandboxOutbox/SandboxMailbox/SandboxClock, else None
    minute_jobs: list[Callable[[], object]] = field(default_factory=list)
    settler: Callable[[], None] | None = None
    alerts: Any = None  # services.alerts.Alerts (C5)
    collaboration: Any = None  # services.collaboration.Collaboration: notes, mentions, transfers (E1-E4)
    # Administration (A5-A8): always set by build(); defaults only keep the field order additive.
    admin: Admin = None  # type: ignore[assignment]
    roles: Roles = None  # type: ignore[assignment]
    credentials: Credentials = None  # type: ignore[assignment]
    canned: Any = None  # CannedResponses (D6)
    triage: Any = None  # Triage: folders and hold (C5, C6, F1, F4)
    search: Any = None  # services.search.Search
    customers: Any = None  # services.customers.Customers


@dataclass
class Sandbox:
    outbox: Any
    mailbox: Any
    clock: Any
    channel: Any


def build(settings: Settings, clock: Clock | None = None, directory: Any = None, threads: Any = None,
          sms_provider: Any = None, mailer: Any = None, hasher: Any = None, rng: Any = None,
          session_clock: Clock | None = None, sentiment: Any = None, admin_repository: Any = None) -> Container:
    """Builds the object graph. Tests pass fakes for any collaborator; the rest follows the settings."""
    from .adapters.passwords import Argon2Hasher
    from .adapters.tokens import JwtTokens
    from .channels.twilio_sms import TwilioSmsChannel
    from .models import tables
    from .models.canned import DynamoCannedResponses
    from .models.directory import DynamoDirectory
    from .models.stats import DynamoStats
    from .models.threads import DynamoThreads
    from .models.timers import DynamoNotifications, DynamoTimers

    tables.configure(table_name=settings.table, host=settings.dynamodb_endpoint, region=settings.region)
    sandbox = None
    if settings.local:
        from .sandbox import store as sandbox_store
        from .sandbox.clock import SandboxClock

        sandbox_store.configure(settings.dynamodb_endpoint, settings.region, settings.sandbox_table)
        sandbox_clock = SandboxClock(Path(settings.data_dir) / "clock.json" if settings.data_dir else None)
        clock = clock or sandbox_clock
        sandbox = Sandbox(outbox=sandbox_store.SandboxOutbox(clock), mailbox=sandbox_store.SandboxMailbox(clock),
                          clock=sandbox_clock, channel=None)
        sms_provider = sms_provider or sandbox.outbox
        mailer = mailer or sandbox.mailbox
    else:
        from .adapters.mail import SesMailer
        from .channels.twilio_sms import TwilioSmsProvider

        sms_provider = sms_provider or TwilioSmsProvider(settings.twilio_account_sid, settings.twilio_auth_token)
        mailer = mailer or SesMailer(settings.mail_from)
    clock = clock or SystemClock()
    directory = directory or DynamoDirectory()
    threads = threads or DynamoThreads()
    ids = RandomIds()
    accounts = Accounts(directory, hasher or Argon2Hasher(), JwtTokens(settings.token_secret), mailer, ids, clock,
                        settings.public_base_url, session_clock)
    notifier = Notifier(DynamoNotifications(), mailer, settings.public_base_url)
    access = ThreadAccess(threads)
    receive = Receive(threads, directory, ids, clock, notifier, rng, sentiment or sentiment_detector(settings))
    changes, snooze = ThreadChanges(threads, directory, access, clock), Snooze(threads, access, clock)
    transfer = Transfer(threads, directory, access, clock, notifier, rng)
    escalate = Escalate(threads, directory, clock, notifier, rng)
    delivery = Delivery(threads, directory, sms_provider, settings.public_base_url, clock)
    channel = TwilioSmsChannel(settings.twilio_auth_token)
    if sandbox:
        sandbox.channel = channel
    container = Container(
        settings=settings, clock=clock, directory=directory, threads=threads, accounts=accounts,
        stores=Stores(directory, accounts, ids, clock, numbers_editable_by_brand=settings.local),
        thread_access=access, inbox=Inbox(threads, directory, access), receive=receive,
        answer=Answer(threads, directory, access, ids, clock), changes=changes, transfer=transfer, snooze=snooze,
        escalate=escalate, delivery=delivery, inbound=Inbound(channel, directory, receive, delivery),
        reactions=Reactions(receive, escalate, snooze, delivery), sandbox=sandbox, notifier=notifier,
        timers=TimerSweep(DynamoTimers(), clock), statistics=Statistics(DynamoStats(), directory, clock, threads),
    )
    container.alerts = Alerts(changes, clock)
    from .models.notes import DynamoNotes
    from .services.usecases.collaboration import Collaboration

    container.collaboration = Collaboration(DynamoNotes(), threads, directory, access, transfer, notifier, mailer,
                                            ids, clock, settings.public_base_url)
    _add_administration(container, admin_repository, ids)
    container.minute_jobs.append(container.timers.sweep)
    container.canned = CannedResponses(DynamoCannedResponses(), access, directory, ids, clock)
    container.triage = Triage(changes, threads, clock)
    _add_search_and_customers(container)
    if sandbox:
        from .sandbox.network import report_deliveries

        def sandbox_network() -> None:
            report_deliveries(container)

        container.minute_jobs.append(sandbox_network)
    return container


def _add_administration(container: Container, repository: Any, ids: RandomIds) -> None:
    """Store administration, roles and credentials (A5-A8) over their own repository."""
    from .models.administration import DynamoAdmin

    repository = repository or DynamoAdmin()
    container.admin = Admin(container.directory, repository, ids, container.clock)
    container.roles = Roles(repository, container.directory, ids, container.clock)
    container.credentials = Credentials(container.directory, repository, container.accounts)


def _add_search_and_customers(container: Container) -> None:
    """Search (D3) and customer records (D7) on the main table."""
    from .models.customers import DynamoCustomers
    from .models.search import DynamoSearchIndex
    from .services.usecases.customers import Customers
    from .services.usecases.search import Search

    container.search = Search(DynamoSearchIndex(), container.directory)
    container.customers = Customers(DynamoCustomers(), container.threads, container.directory, container.clock)


_container: Container | None = None


def container() -> Container:
    """The process's object graph, built on first use (not at import: cold starts stay cheap)."""
    global _container
    if _container is None:
        _container = build(from_env())
    return _container


def use(replacement: Container | None) -> None:
    """Tests and the local stage install their own graph."""
    global _container
    _container = replacement


def set_settler(settle: Callable[[], None]) -> None:
    container().settler = settle


def create_local_tables() -> None:
    """The local stage's tables: the main one from the models, and the sandbox's."""
    from .models import tables
    from .sandbox import store as sandbox_store

    container()
    tables.create_tables()
    sandbox_store.create_table()


def seed_demo() -> None:
    """The demo brand of the local stage (API.md): idempotent."""
    c = container()
    if c.directory.get_brand(DEMO_BRAND_ID) is not None:
        return
    c.stores.provision_brand(name="Demo brand", admin_email="admin@demo.test", admin_password="demo-password",
                             store_name="Demo store", timezone="Europe/Paris", phone_number="+15550000001",
                             brand_id=DEMO_BRAND_ID)


def sentiment_detector(settings: Settings) -> Any:
    """The detector of dissatisfied customers (C5): Amazon Comprehend on AWS, the cue lists locally."""
    if settings.sentiment == "comprehend":
        from .adapters.comprehend_sentiment import ComprehendSentiment

        return ComprehendSentiment(threshold=settings.sentiment_threshold)
    from .adapters.lexicon_sentiment import LexiconSentiment

    return LexiconSentiment()
