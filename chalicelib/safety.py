"""The account safety part of the object graph: the audit trail, e-mail changes, customers' data rights.

Built by the composition root (bootstrap.py), which passes what it already made; only here are the
DynamoDB repositories of this part chosen.
"""
from __future__ import annotations

from dataclasses import dataclass

from .services.ports.clock import Clock
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


def build_safety(directory: Directory, threads: ThreadRepository, accounts: Accounts, customers: Customers,
                 channels: tuple[str, ...], ids: IdGenerator, clock: Clock) -> SafetyServices:
    """The use cases of this part over their DynamoDB repositories."""
    from .models.customers import DynamoCustomers
    from .models.erasure import DynamoEraser
    from .models.notes import DynamoNotes
    from .models.safety import DynamoAudit, DynamoEmailChanges

    return SafetyServices(
        audit=Audit(DynamoAudit(), ids, clock),
        email_changes=EmailChangeCases(directory, DynamoEmailChanges(), accounts),
        data_rights=DataRights(customers, DynamoCustomers(), threads, DynamoNotes(), DynamoEraser(), channels,
                               clock),
    )
