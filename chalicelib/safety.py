"""The account safety part of the object graph: the audit trail, e-mail changes, customers' data rights.

Built by the composition root (bootstrap.py), which passes what it already made; only here are the
DynamoDB repositories of this part chosen.
"""
from __future__ import annotations

from dataclasses import dataclass

from .services.ports.repositories import IdGenerator, ThreadRepository
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


def build_safety(accounts: Accounts, threads: ThreadRepository, channels: tuple[str, ...],
                 ids: IdGenerator) -> SafetyServices:
    """The use cases of this part over their DynamoDB repositories, with the directory and clock of `accounts`."""
    from .models.customers import DynamoCustomers
    from .models.erasure import DynamoEraser
    from .models.notes import DynamoNotes
    from .models.safety import DynamoAudit, DynamoEmailChanges

    directory, clock = accounts.directory, accounts.clock
    records = DynamoCustomers()
    return SafetyServices(
        audit=Audit(DynamoAudit(), ids, clock),
        email_changes=EmailChangeCases(directory, DynamoEmailChanges(), accounts),
        data_rights=DataRights(Customers(records, threads, directory, clock), records, threads, DynamoNotes(),
                               DynamoEraser(), channels, clock),
    )
