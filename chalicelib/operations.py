"""The operators' commands, the same for the ops command and the ops Lambda: a JSON event in, JSON out.

`{"command": "brands create", "name": ..., ...}` -> the command's answer, or `{"error": {...}}` naming what
is wrong (the Lambda answers it rather than failing, so the console shows it as it is). Business rules stay
in the use cases; this module reads the event, calls one of them and renders what it returns."""
from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from .services.domain.errors import DomainError, InvalidInput

if TYPE_CHECKING:
    from .bootstrap import Services
    from .services.usecases.operators import NumberChange, Operators

Answer = dict[str, Any]


class StreamFailures(Protocol):
    """Background work that failed for good: listed, and replayed once each."""

    def entries(self) -> list[dict[str, Any]]: ...

    def replay(self, dry_run: bool = False) -> list[dict[str, Any]]: ...


class BrandExport(Protocol):
    def page(self, brand_id: str, cursor: dict | None) -> tuple[list[dict[str, Any]], dict | None, str]: ...


@dataclass(frozen=True)
class Operations:
    operators: Operators
    export: BrandExport
    failures: StreamFailures

    def run(self, event: dict[str, Any]) -> Answer:
        """Runs the event's command; a refused command answers `{"error": {type, detail, errors}}`."""
        command = event.get("command") if isinstance(event, dict) else None
        handler = COMMANDS.get(str(command))
        if handler is None:
            return _error("UnknownCommand", f"command must be one of: {', '.join(COMMANDS)} (got {command!r})")
        try:
            return handler(self, _Event(event))
        except DomainError as refused:
            return _error(type(refused).__name__, refused.detail, refused.errors)


class _Event:
    """The event's arguments: a missing or empty one is refused by name."""

    def __init__(self, event: dict[str, Any]) -> None:
        self.event = event

    def __call__(self, name: str) -> str:
        value = self.event.get(name)
        if not isinstance(value, str) or not value.strip():
            raise InvalidInput.field(name, "required")
        return value

    def optional(self, name: str) -> Any:
        return self.event.get(name) or None


def _error(kind: str, detail: str, errors: dict[str, str] | None = None) -> Answer:
    return {"error": {"type": kind, "detail": detail, "errors": errors or {}}}


def _store(store: Any) -> Answer | None:
    return None if store is None else {"brand_id": store.brand_id, "store_id": store.id, "name": store.name,
                                       "number": store.phone_number}


def _number(change: NumberChange) -> Answer:
    return {"number": change.number, "store": _store(change.store), "previous_number": change.previous_number,
            "changed": change.changed}


def _brands_create(ops: Operations, arg: _Event) -> Answer:
    done = ops.operators.create_brand(name=arg("name"), admin_email=arg("admin_email"),
                                      store_name=arg("store_name"), timezone=arg("timezone"), number=arg("number"))
    return {"brand_id": done.brand.id, "store_id": done.store.id, "invitation_url": done.invitation_url}


def _brands_list(ops: Operations, arg: _Event) -> Answer:
    return {"brands": [{"brand_id": brand.id, "name": brand.name, "stores": [_store(s) for s in stores]}
                       for brand, stores in ops.operators.list_brands()]}


def _brands_export(ops: Operations, arg: _Event) -> Answer:
    """One page of the export; the caller asks again with the cursor until it is null."""
    cursor = arg.optional("cursor")
    if cursor is not None and not isinstance(cursor, dict):
        raise InvalidInput.field("cursor", "the cursor of the previous page")
    brand_id = arg("brand_id")
    if cursor is None and ops.operators.directory.get_brand(brand_id) is None:
        raise InvalidInput.field("brand_id", f"no brand {brand_id}")
    items, cursor, label = ops.export.page(brand_id, cursor)
    return {"items": items, "cursor": cursor, "progress": label}


def _numbers_assign(ops: Operations, arg: _Event) -> Answer:
    return _number(ops.operators.assign_number(arg("store_id"), arg("number"), arg.optional("brand_id")))


def _numbers_release(ops: Operations, arg: _Event) -> Answer:
    return _number(ops.operators.release_number(arg("number")))


def _reset_password(ops: Operations, arg: _Event) -> Answer:
    email = arg("email")
    return {"email": email, "reset_sent": ops.operators.send_password_reset(email)}


def _failures_list(ops: Operations, arg: _Event) -> Answer:
    return {"failures": ops.failures.entries()}


def _failures_replay(ops: Operations, arg: _Event) -> Answer:
    return {"dry_run": bool(arg.optional("dry_run")), "replayed": ops.failures.replay(bool(arg.optional("dry_run")))}


COMMANDS: dict[str, Callable[[Operations, _Event], Answer]] = {
    "brands create": _brands_create, "brands list": _brands_list, "brands export": _brands_export,
    "numbers assign": _numbers_assign, "numbers release": _numbers_release,
    "agents reset-password": _reset_password,
    "failures list": _failures_list, "failures replay": _failures_replay,
}


def build(services: Services, failures: StreamFailures) -> Operations:
    """The operations over a stage's services; the failures are where the stage keeps them."""
    from .models.export import DynamoBrandExport
    from .models.operators import DynamoBrandCatalog
    from .services.usecases.operators import Operators

    operators = Operators(services.directory, services.stores, services.accounts, services.credentials,
                          DynamoBrandCatalog())
    return Operations(operators, DynamoBrandExport(), failures)


def aws_failures(region: str) -> StreamFailures:
    """The on-failure queues the stack names in FAILURE_QUEUES (`consumer=url` pairs, comma-separated)."""
    import boto3

    from .adapters.stream_failures import SqsStreamFailures

    pairs = [p.split("=", 1) for p in os.environ.get("FAILURE_QUEUES", "").split(",") if "=" in p]
    return SqsStreamFailures({name: url for name, url in pairs}, sqs=boto3.client("sqs", region_name=region),
                             streams=boto3.client("dynamodbstreams", region_name=region),
                             lambdas=boto3.client("lambda", region_name=region), region=region)
