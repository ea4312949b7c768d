"""The audit trail and e-mail change links in DynamoDB."""
from __future__ import annotations

import json
from datetime import datetime, timedelta

from pynamodb.exceptions import DoesNotExist

from ..services.domain import Agent, Page
from ..services.domain.errors import AlreadyExists, Conflict, NotFound
from ..services.domain.safety import AuditEntry, EmailChange
from ..services.ports.clock import iso, parse_iso
from . import cursors, keys, keys_safety
from .items.directory import AgentItem, EmailItem
from .items.safety import AuditItem, EmailChangeItem
from .tables import Item
from .transactions import Transaction
from .translate.directory import email_item

LINK_KEPT = timedelta(days=1)  # an expired link still answers "expired" for a day, then the TTL removes it


def audit_item(entry: AuditEntry) -> AuditItem:
    return AuditItem(keys_safety.audit_pk(entry.brand_id), keys_safety.audit_sk(iso(entry.at), entry.id),
                     brand_id=entry.brand_id, entry_id=entry.id, at=iso(entry.at), action=entry.action,
                     target_kind=entry.target_kind, target_id=entry.target_id, actor_id=entry.actor_id,
                     actor_email=entry.actor_email,
                     details=json.dumps(entry.details, separators=(",", ":"), default=str))


def audit_of(item: AuditItem) -> AuditEntry:
    return AuditEntry(brand_id=item.brand_id, id=item.entry_id, at=parse_iso(item.at), action=item.action,
                      target_kind=item.target_kind, target_id=item.target_id, actor_id=item.actor_id,
                      actor_email=item.actor_email, details=json.loads(item.details or "{}"))


class DynamoAudit:
    def add(self, entry: AuditEntry) -> None:
        audit_item(entry).save(condition=Item.pk.does_not_exist())

    def list(self, brand_id: str, since: datetime | None, until: datetime | None, cursor: str | None,
             limit: int) -> Page:
        """One Query of the brand's trail between two times, newest first, continued by a cursor bound to it."""
        pk = keys_safety.audit_pk(brand_id)
        state = cursors.decode(cursor)
        start = cursors.checked_key(state["k"], {"pk": pk}) if "k" in state else None
        low = keys_safety.AUDIT_PREFIX + (iso(since) if since else "")
        high = keys_safety.AUDIT_PREFIX + (iso(until) + "#" if until else "") + keys_safety.AUDIT_LAST
        result = AuditItem.query(pk, AuditItem.sk.between(low, high), scan_index_forward=False, limit=limit,
                                 page_size=limit, last_evaluated_key=start)
        page = next(result.page_iter)
        items = [audit_of(AuditItem.from_raw_data(raw)) for raw in page.get("Items", [])]
        last = result.page_iter.last_evaluated_key
        return Page(items, cursors.encode({"k": cursors.from_key(last)}) if last else None)


def change_item(change: EmailChange) -> EmailChangeItem:
    """Only the token's hash goes in the key: a leaked table does not give working links."""
    return EmailChangeItem(keys.brand_pk(change.brand_id), keys_safety.email_change_sk(change.token),
                           brand_id=change.brand_id, agent_id=change.agent_id, new_email=change.new_email,
                           created_at=iso(change.created_at), valid_until=iso(change.expires_at),
                           used_at=iso(change.used_at) if change.used_at else None,
                           expires_at=change.expires_at + LINK_KEPT)


class DynamoEmailChanges:
    def add(self, change: EmailChange) -> None:
        change_item(change).save(condition=Item.pk.does_not_exist())

    def get(self, brand_id: str, token: str) -> EmailChange | None:
        try:
            item = EmailChangeItem.get(keys.brand_pk(brand_id), keys_safety.email_change_sk(token))
        except DoesNotExist:
            return None
        return EmailChange(brand_id=item.brand_id, token=token, agent_id=item.agent_id, new_email=item.new_email,
                           created_at=parse_iso(item.created_at), expires_at=parse_iso(item.valid_until),
                           used_at=parse_iso(item.used_at) if item.used_at else None)

    def confirm(self, change: EmailChange, agent: Agent, previous_email: str) -> None:
        """One transaction: the link, the agent's address and the login lookup move together or not at all."""
        tx = Transaction()
        tx.update("link", change_item(change), [EmailChangeItem.used_at.set(iso(change.used_at or change.created_at))],
                  Item.pk.exists() & EmailChangeItem.used_at.does_not_exist())
        tx.update("agent", AgentItem(keys.brand_pk(agent.brand_id), keys.agent_sk(agent.id)),
                  [AgentItem.email.set(agent.email)], Item.pk.exists() & AgentItem.deleted_at.does_not_exist())
        tx.put("email", email_item(agent), Item.pk.does_not_exist())
        tx.delete("old-email", EmailItem(keys.email_pk(previous_email), keys.EMAIL_SK))
        failed = tx.commit()
        if "link" in failed:
            raise Conflict("this link was used already", {"token": "already used"})
        if "email" in failed:
            raise AlreadyExists("an account with this e-mail exists already", {"email": "taken"})
        if failed:
            raise NotFound("this account no longer exists")
