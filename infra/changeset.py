"""CloudFormation change sets: create one, show what it would do, apply it, wait, explain a failure.

A deploy never calls UpdateStack directly: the change set is the plan an operator reads before anything
changes, and the same object is what gets applied.
"""
from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from botocore.exceptions import ClientError

# What CloudFormation says when a change set would change nothing (the wording differs between cases).
_NO_CHANGES = ("didn't contain changes", "No updates are to be performed")
_DESTRUCTIVE_REPLACEMENT = ("True", "Conditional")


class DeployError(Exception):
    """A deploy that cannot go on; the message says why and what to do."""


@dataclass(frozen=True)
class Change:
    action: str        # Add, Modify, Remove, Import, Dynamic
    logical_id: str
    resource_type: str
    replacement: str   # True, False, Conditional, or "" when CloudFormation does not say (Add, Remove)

    @property
    def destructive(self) -> bool:
        """A resource deleted, or replaced (a new one made and the old one deleted, its data with it)."""
        return self.action == "Remove" or self.replacement in _DESTRUCTIVE_REPLACEMENT


@dataclass(frozen=True)
class Plan:
    change_set_id: str | None  # None: nothing to change
    change_type: str            # CREATE or UPDATE
    changes: tuple[Change, ...]

    @property
    def empty(self) -> bool:
        return self.change_set_id is None


Sleep = Callable[[float], None]


def stack_status(cfn: Any, stack: str) -> str | None:
    """The stack's status, or None when there is no such stack."""
    try:
        return str(cfn.describe_stacks(StackName=stack)["Stacks"][0]["StackStatus"])
    except ClientError as error:
        if "does not exist" in str(error):
            return None
        raise


def change_type(status: str | None) -> str:
    """CREATE for a new stack (or one whose first change set was never applied), UPDATE otherwise."""
    if status in (None, "REVIEW_IN_PROGRESS"):
        return "CREATE"
    if status == "ROLLBACK_COMPLETE":
        raise DeployError("the stack's creation failed and was rolled back: it can only be deleted "
                          "(aws cloudformation delete-stack), then deployed again")
    if status.endswith("_IN_PROGRESS"):
        raise DeployError(f"the stack is busy ({status}): wait for it to finish, then deploy again")
    return "UPDATE"


def create_plan(cfn: Any, stack: str, template_url: str, parameters: list[dict[str, Any]],
                name: str, sleep: Sleep = time.sleep) -> Plan:
    """Creates the change set, waits until CloudFormation has computed it, and returns what it would do."""
    kind = change_type(stack_status(cfn, stack))
    created = cfn.create_change_set(
        StackName=stack, ChangeSetName=name, ChangeSetType=kind, TemplateURL=template_url,
        Parameters=parameters, Capabilities=["CAPABILITY_IAM"], Description="make deploy")
    described = _wait_computed(cfn, created["Id"], sleep)
    if described["Status"] == "FAILED":
        reason = described.get("StatusReason", "")
        if any(text in reason for text in _NO_CHANGES):
            cfn.delete_change_set(ChangeSetName=created["Id"])
            return Plan(None, kind, ())
        raise DeployError(f"the change set could not be created: {reason}")
    return Plan(created["Id"], kind, tuple(_changes(cfn, created["Id"], described)))


def _wait_computed(cfn: Any, change_set_id: str, sleep: Sleep) -> dict[str, Any]:
    for _ in range(360):  # 30 minutes at 5 s: CloudFormation computes large change sets in about a minute
        described: dict[str, Any] = cfn.describe_change_set(ChangeSetName=change_set_id)
        if described["Status"] in ("CREATE_COMPLETE", "FAILED"):
            return described
        sleep(5)
    raise DeployError(f"change set {change_set_id} still not computed after 30 minutes")


def _changes(cfn: Any, change_set_id: str, page: dict[str, Any]) -> list[Change]:
    changes: list[Change] = []
    while True:
        for change in page.get("Changes", []):
            resource = change.get("ResourceChange", {})
            changes.append(Change(resource.get("Action", "?"), resource.get("LogicalResourceId", "?"),
                                  resource.get("ResourceType", "?"), resource.get("Replacement", "")))
        if not page.get("NextToken"):
            return changes
        page = cfn.describe_change_set(ChangeSetName=change_set_id, NextToken=page["NextToken"])


def format_plan(stack: str, plan: Plan) -> str:
    """The plan as an operator reads it: one line per resource, destructive changes marked."""
    if plan.empty:
        return f"Stack {stack}: no changes."
    verb = "create" if plan.change_type == "CREATE" else "update"
    lines = [f"Stack {stack}: {verb}, {len(plan.changes)} resource change(s)",
             f"  {'action':<8} {'logical id':<40} {'type':<42} replacement"]
    for change in sorted(plan.changes, key=lambda c: (c.action, c.logical_id)):
        mark = "  !" if change.destructive else ""
        lines.append(f"  {change.action:<8} {change.logical_id:<40} {change.resource_type:<42} "
                     f"{change.replacement or '-'}{mark}")
    destructive = [c for c in plan.changes if c.destructive]
    if destructive:
        lines.append(f"  ! {len(destructive)} resource(s) would be deleted or replaced: "
                     + ", ".join(c.logical_id for c in destructive))
    return "\n".join(lines)


def apply_plan(cfn: Any, stack: str, plan: Plan, sleep: Sleep = time.sleep) -> str:
    """Executes the change set and waits for the stack; on a failure, raises with the failed events."""
    assert plan.change_set_id is not None, "an empty plan has nothing to apply"
    started = datetime.now().astimezone() - timedelta(minutes=1)  # this machine's clock may run ahead of AWS's
    cfn.execute_change_set(ChangeSetName=plan.change_set_id)
    for _ in range(720):  # an hour at 5 s: a CloudFront distribution alone can take 15 minutes
        status = stack_status(cfn, stack) or "DELETED"
        if not status.endswith("_IN_PROGRESS"):
            break
        sleep(5)
    else:
        raise DeployError(f"stack {stack} still in progress after an hour; follow it in the console")
    if status in ("CREATE_COMPLETE", "UPDATE_COMPLETE"):
        return status
    raise DeployError(f"stack {stack} ended in {status}\n" + format_failures(failed_events(cfn, stack, started)))


def failed_events(cfn: Any, stack: str, since: datetime) -> list[dict[str, Any]]:
    """The stack's `*_FAILED` events since `since`, oldest first: the first one is usually the cause."""
    events: list[dict[str, Any]] = []
    for page in cfn.get_paginator("describe_stack_events").paginate(StackName=stack):
        for event in page["StackEvents"]:
            if event["Timestamp"] < since:
                return sorted(events, key=lambda e: e["Timestamp"])
            if str(event.get("ResourceStatus", "")).endswith("_FAILED"):
                events.append(event)
    return sorted(events, key=lambda e: e["Timestamp"])


def format_failures(events: list[dict[str, Any]]) -> str:
    """One line per failed event: resource, type, status and CloudFormation's reason."""
    if not events:
        return "  (no failed resource event: see the stack's events in the console)"
    return "\n".join(f"  {e['LogicalResourceId']} ({e.get('ResourceType', '?')}) {e['ResourceStatus']}: "
                     f"{e.get('ResourceStatusReason', '')}" for e in events)
