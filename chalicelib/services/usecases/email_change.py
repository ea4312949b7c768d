"""Changing an agent's login e-mail: the current password first, then the link mailed to the new address.

Until the link is used, the agent logs in with the old address; the old address is told of the request, so a
stolen session cannot quietly move an account to an attacker's mailbox.
"""
from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from ..domain import Agent
from ..domain.errors import AlreadyExists, Conflict, Forbidden, InvalidInput, NotFound
from ..domain.safety import EmailChange
from ..ports.repositories import Directory
from ..ports.safety import EmailChanges
from .accounts import Accounts, normalise_email

EMAIL_CHANGE_VALIDITY = timedelta(hours=24)


class EmailChangeCases:
    def __init__(self, directory: Directory, changes: EmailChanges, accounts: Accounts) -> None:
        self.directory = directory
        self.changes = changes
        self.accounts = accounts

    def request(self, agent: Agent, new_email: str, current_password: str | None) -> EmailChange | None:
        """Mails a confirmation link to the new address and a notice to the old one; None when nothing changes.

        Whether another account has the new address is only said when the link is used, by its owner."""
        address = normalise_email(new_email)
        if address == agent.email:
            return None
        if not current_password:
            raise InvalidInput.field("current_password", "required to change the e-mail")
        if not self.accounts.hasher.verify(agent.password_hash, current_password):
            raise Forbidden("current_password: not your current password", {"current_password": "wrong password"})
        now = self.accounts.clock.now()
        change = EmailChange(brand_id=agent.brand_id, token=f"{agent.brand_id}.{self.accounts.ids.token()}",
                             agent_id=agent.id, new_email=address, created_at=now,
                             expires_at=now + EMAIL_CHANGE_VALIDITY)
        self.changes.add(change)
        link = f"{self.accounts.public_base_url}/email-confirmations/{change.token}"
        self.accounts.mailer.send(
            to=address, subject="Confirm your new Comptoir e-mail",
            body=(f"Hello,\n\nTo log in to Comptoir with {address} from now on, open this link while logged in:\n"
                  f"{link}\n\nIt works once, for 24 hours. Until then you log in with {agent.email}."))
        self.accounts.mailer.send(
            to=agent.email, subject="Your Comptoir e-mail is about to change",
            body=(f"Hello,\n\nSomeone logged in to your account asked to log in with {address} instead of "
                  f"{agent.email}. Nothing changes until the link sent to {address} is used.\n"
                  f"If it was not you, change your password now: your other sessions will end."))
        return change

    def confirm(self, agent: Agent, token: str) -> Agent:
        """The agent's own link, used once within its validity: from now on the agent logs in with the new address."""
        brand_id, _, _ = token.partition(".")
        change = self.changes.get(brand_id, token) if brand_id == agent.brand_id else None
        if change is None or change.agent_id != agent.id:
            raise NotFound("no such e-mail confirmation link")
        if change.used_at is not None:
            raise Conflict("this link was used already", {"token": "already used"})
        now = self.accounts.clock.now()
        if change.expires_at < now:
            raise NotFound("this e-mail confirmation link has expired: change the e-mail again")
        updated = replace(agent, email=change.new_email)
        try:
            self.changes.confirm(replace(change, used_at=now), updated, agent.email)
        except AlreadyExists:
            raise Conflict("an account with this e-mail exists already", {"email": "taken"}) from None
        return updated
