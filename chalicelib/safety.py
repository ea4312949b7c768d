"""The account safety part of the object graph: the audit trail, e-mail changes, customers' data rights.

Built by the composition root (bootstrap.py), which passes what it already made; only here are the
DynamoDB repositories of this part chosen.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from .services.ports.clock import Clock
from .services.ports.media import MediaStore
from .services.ports.repositories import Directory, IdGenerator, ThreadRepository
from .services.usecases.accounts import Accounts
from .services.usecases.audit import Audit
from .services.usecases.customers import Customers
from .services.usecases.data_rights import DataRights
from .services.usecases.email_change import EmailChangeCases


@dataclass(frozen=True)
class SafetyServices:
    audit: Audit
    email_changes: EmailChangeCases
    data_rights: DataRights


def audit_trail(ids: IdGenerator, clock: Clock) -> Audit:
    """The brand's audit trail on the table."""
    from .models.safety import DynamoAudit

    return Audit(DynamoAudit(), ids, clock)


def lockout_recorder(directory: Directory, audit: Audit,
                     given: Callable[[str, datetime], None] | None = None) -> Callable[[str, datetime], None]:
    """What the login throttle calls once per e-mail locked (`given`, else): `login.locked` in the trail of the
    agent's brand (an e-mail that belongs to nobody has no brand to record it under)."""
    if given is not None:
        return given

    def record(email: str, until: datetime) -> None:
        agent = directory.find_agent_by_email(email)
        if agent is not None:
            audit.record_system(agent.brand_id, "login.locked", "agent", agent.id, {"until": until.isoformat()})

    return record


def build_safety(accounts: Accounts, threads: ThreadRepository, channels: tuple[str, ...],
                 audit: Audit, files: MediaStore | None = None) -> SafetyServices:
    """The use cases of this part over their DynamoDB repositories, with the directory and clock of `accounts`;
    `files` is where customers' files are kept, for their erasure."""
    from .models.customers import DynamoCustomers
    from .models.erasure import DynamoEraser
    from .models.notes import DynamoNotes
    from .models.safety import DynamoEmailChanges

    directory, clock = accounts.directory, accounts.clock
    records = DynamoCustomers()
    return SafetyServices(
        audit=audit,
        email_changes=EmailChangeCases(directory, DynamoEmailChanges(), accounts),
        data_rights=DataRights(Customers(records, threads, directory, clock), records, threads, DynamoNotes(),
                               DynamoEraser(), channels, clock, files),
    )
