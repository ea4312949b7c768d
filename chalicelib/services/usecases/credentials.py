"""The account's password and its deletion: change, reset by e-mail link, delete."""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from ..domain import Agent, PasswordReset
from ..domain.errors import Conflict, Forbidden, NotFound
from ..ports.clock import iso, parse_iso
from ..ports.repositories import AdminRepository, Directory
from .accounts import Accounts, check_password, normalise_email
from .throttle import RESET_EMAIL

RESET_VALIDITY = timedelta(hours=1)


class Credentials:
    def __init__(self, directory: Directory, repository: AdminRepository, accounts: Accounts) -> None:
        self.directory = directory
        self.repository = repository
        self.accounts = accounts

    def _session_now(self) -> datetime:
        """Password changes are dated on the sessions' clock, to the millisecond their tokens carry."""
        return parse_iso(iso(self.accounts.session_clock.now()))

    # -- change and reset ------------------------------------------------------------------
    def change_password(self, agent: Agent, current_password: str, new_password: str) -> None:
        """Every session issued before the change stops working, this one included."""
        if not self.accounts.hasher.verify(agent.password_hash, current_password or ""):
            raise Forbidden("not your current password", {"current_password": "not your current password"})
        check_password(new_password, "new_password")
        self.repository.save_password(self._with_password(agent, new_password))

    def request_reset(self, email: str) -> None:
        """E-mails a link valid one hour. Says nothing about whether the address has an account.

        At most a few mails per address and hour: the requests beyond are answered the same, and send nothing."""
        address = normalise_email(email)
        throttle = self.accounts.throttle
        if throttle is not None and not throttle.allow(RESET_EMAIL, address):
            return
        agent = self.directory.find_agent_by_email(address)
        if agent is None or agent.deleted_at is not None:
            return
        now = self.accounts.clock.now()
        reset = PasswordReset(brand_id=agent.brand_id, token=f"{agent.brand_id}.{self.accounts.ids.token()}",
                              agent_id=agent.id, created_at=now, expires_at=now + RESET_VALIDITY)
        self.repository.add_reset(reset)
        link = f"{self.accounts.public_base_url}/reset-password/{reset.token}"
        self.accounts.mailer.send(
            to=agent.email, subject="Choose a new Comptoir password",
            body=(f"Hello,\n\nSomeone (we hope you) asked to reset the password of {agent.email}.\n"
                  f"Choose a new password here:\n{link}\n\nThis link works once, for one hour. "
                  f"If you did not ask for it, ignore this e-mail: your password stays as it is."))

    def reset_password(self, token: str, password: str) -> tuple[str, Agent]:
        """Sets the password from a reset link and logs the agent in. The link works once."""
        brand_id, _, _ = token.partition(".")
        reset = self.repository.get_reset(brand_id, token) if brand_id else None
        if reset is None:
            raise NotFound("no such password reset link")
        if reset.used_at is not None:
            raise Conflict("this link was used already: ask for a new one", {"token": "already used"})
        if reset.expires_at < self.accounts.clock.now():
            raise NotFound("this password reset link has expired: ask for a new one")
        check_password(password)
        agent = self.directory.get_agent(reset.brand_id, reset.agent_id)
        if agent is None or agent.deleted_at is not None:
            raise NotFound("no such password reset link")
        updated = self._with_password(agent, password)
        self.repository.use_reset(replace(reset, used_at=self.accounts.clock.now()), updated)
        session = self.accounts.tokens.issue(updated.brand_id, updated.id, self.accounts.session_clock.now())
        return session, updated

    def _with_password(self, agent: Agent, password: str) -> Agent:
        return replace(agent, password_hash=self.accounts.hasher.hash(password),
                       password_changed_at=self._session_now())

    # -- deletion --------------------------------------------------------------------------
    def delete_own_account(self, agent: Agent, password: str) -> None:
        if not self.accounts.hasher.verify(agent.password_hash, password or ""):
            raise Forbidden("not your current password", {"password": "not your current password"})
        self._delete(agent)

    def delete_agent(self, admin: Agent, agent_id: str) -> None:
        """A brand admin deletes an employee's account."""
        if not admin.brand_admin:
            raise Forbidden("only a brand admin deletes accounts")
        agent = self.directory.get_agent(admin.brand_id, agent_id)
        if agent is None or agent.deleted_at is not None:
            raise NotFound("no such agent")
        self._delete(agent)

    def _delete(self, agent: Agent) -> None:
        """Personal data goes; the id stays, as a tombstone, so the messages the agent sent keep their author."""
        if agent.brand_admin:
            admins = [a for a in self.directory.list_agents(agent.brand_id) if a.brand_admin]
            if [a.id for a in admins] == [agent.id]:
                raise Conflict("the brand's last admin cannot be deleted: make another agent brand admin first",
                               {"agent_id": "last brand admin"})
        self.repository.delete_agent(tombstone(agent, self.accounts.clock.now()), agent)


def tombstone(agent: Agent, now: datetime) -> Agent:
    """What stays of a deleted account: its id and brand, and when it went."""
    return Agent(brand_id=agent.brand_id, id=agent.id, email="", password_hash="", created_at=agent.created_at,
                 notify_invitation_accepted=False, deleted_at=now)
