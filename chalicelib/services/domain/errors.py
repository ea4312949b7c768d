"""Domain errors. Each maps to one HTTP problem in handlers/problems.py; none is recognised by its text."""
from __future__ import annotations


class DomainError(Exception):
    """Base of every error the product explains to its caller."""

    def __init__(self, detail: str, errors: dict[str, str] | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.errors = errors or {}


class InvalidInput(DomainError):
    """Bad input: names the field(s) at fault."""

    @classmethod
    def field(cls, name: str, message: str) -> InvalidInput:
        return cls(f"{name}: {message}", {name: message})


class NotAuthenticated(DomainError):
    pass


class Forbidden(DomainError):
    pass


class NotFound(DomainError):
    pass


class Conflict(DomainError):
    pass


class ThreadHeld(Conflict):
    """Another agent holds the thread and the caller has not joined it: no answering twice by accident."""


class StaleVersion(Conflict):
    """The thread changed since the caller read it."""


class AlreadyExists(Conflict):
    pass


class TooLong(DomainError):
    """A message body over the channel's limit: refused, never truncated."""


class RateLimited(DomainError):
    """Too many attempts or requests: the caller may try again after `retry_after` seconds."""

    def __init__(self, detail: str, retry_after: int) -> None:
        super().__init__(detail)
        self.retry_after = max(1, retry_after)


class InvalidSignature(DomainError):
    """A provider webhook whose signature does not verify."""


class AlreadyApplied(Exception):
    """A stream record delivered again: its message is on the thread already. Not shown to callers."""


class DeliveryFailed(Exception):
    """The provider refused a message for good (bad number, opted out...)."""


class DeliveryDeferred(Exception):
    """The provider could not be reached or asked to retry later: the send is retried."""


class NotAvailableYet(DomainError):
    """Something the product names but does not do yet (a kind of channel still to come): names the field."""
