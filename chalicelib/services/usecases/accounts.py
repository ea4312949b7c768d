"""Agents: login, tokens, invitations, rights per store, account settings."""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from ..domain import PRESENCE_CHANNELS, PRESENCE_STATES, Agent, Invitation, StoreRights
from ..domain.errors import AlreadyExists, Conflict, Forbidden, InvalidInput, NotAuthenticated, NotFound
from ..domain.hours import parse_ranges
from ..ports.clock import Clock, SystemClock, iso, parse_iso
from ..ports.repositories import Directory, IdGenerator, Mailer, PasswordHasher, Tokens
from .throttle import INVITATION, SMS_START, Throttle

INVITATION_VALIDITY = timedelta(days=7)
MIN_PASSWORD = 8


def normalise_email(raw: str, field: str = "email") -> str:
    email = (raw or "").strip().lower()
    local, _, domain = email.partition("@")
    if not local or "." not in domain or " " in email or len(email) > 254:
        raise InvalidInput.field(field, f"'{raw}' is not an e-mail address")
    return email


def check_password(password: str, field: str = "password") -> None:
    if len(password or "") < MIN_PASSWORD:
        raise InvalidInput.field(field, f"at least {MIN_PASSWORD} characters")


def check_picture_url(value: str | None, field: str = "picture_url") -> str | None:
    """An https address of a picture; empty or null takes the picture away."""
    url = (value or "").strip()
    if not url:
        return None
    if not url.startswith("https://") or " " in url or len(url) > 2048:
        raise InvalidInput.field(field, "an https:// address")
    return url


class Accounts:
    def __init__(
        self,
        directory: Directory,
        hasher: PasswordHasher,
        tokens: Tokens,
        mailer: Mailer,
        ids: IdGenerator,
        clock: Clock,
        public_base_url: str,
        session_clock: Clock | None = None,
        throttle: Throttle | None = None,
    ) -> None:
        self.directory = directory
        self.hasher = hasher
        self.tokens = tokens
        self.mailer = mailer
        self.ids = ids
        self.clock = clock
        # Sessions last in real time: moving the sandbox clock a day forward must not log agents out.
        self.session_clock = session_clock or SystemClock()
        self.public_base_url = public_base_url.rstrip("/")
        self.throttle = throttle

    def login(self, email: str, password: str, source: str = "") -> tuple[str, Agent]:
        """A bearer token for the right e-mail and password; one vague error for anything else.

        An unknown e-mail costs one password hash, as a wrong password does, and is throttled the same way, so
        neither the time taken nor a lock tells whether the address has an account. During a lock every attempt
        is refused, the right password included."""
        address = email.strip().lower()
        agent = self.directory.find_agent_by_email(address)
        verified = self.hasher.verify(agent.password_hash if agent else self.hasher.dummy_hash(), password)
        if agent is None or not verified:
            if self.throttle is not None:
                self.throttle.login_failed(address, source)
            raise NotAuthenticated("wrong e-mail or password")
        if self.throttle is not None:
            self.throttle.check_login(address, source)
        return self.tokens.issue(agent.brand_id, agent.id, self.session_clock.now()), agent

    def authenticate(self, token: str) -> Agent:
        """The agent behind a bearer token; NotAuthenticated for an expired, forged or orphan token."""
        brand_id, agent_id, issued_at = self.tokens.read_session(token, self.session_clock.now())
        agent = self.directory.get_agent(brand_id, agent_id)
        if agent is None or agent.deleted_at is not None:
            raise NotAuthenticated("this token's agent no longer exists")
        if agent.password_changed_at is not None and issued_at < agent.password_changed_at:
            raise NotAuthenticated("the password changed since this session began: log in again")
        return agent

    def new_agent(self, *, brand_id: str, email: str, password: str, first_name: str = "", last_name: str = "",
                  brand_admin: bool = False, rights: dict[str, StoreRights] | None = None) -> Agent:
        check_password(password)
        return Agent(
            brand_id=brand_id,
            id=self.ids.new_id("a"),
            email=normalise_email(email),
            password_hash=self.hasher.hash(password),
            first_name=first_name.strip(),
            last_name=last_name.strip(),
            brand_admin=brand_admin,
            rights=rights or {},
            created_at=self.clock.now(),
        )

    def update_profile(self, agent: Agent, changes: dict) -> Agent:
        """Account settings: names, picture and notification choices. The e-mail changes only through the
        link mailed to the new address (email_change.py)."""
        if "email" in changes:
            raise InvalidInput.field("email", "changed only with the current password and the link it mails")
        updated = replace(agent, **changes)
        if "picture_url" in changes:
            updated.picture_url = check_picture_url(changes["picture_url"])
        self.directory.save_agent(updated)
        return updated

    def invite(self, inviter: Agent, email: str, store_id: str) -> Invitation:
        """Invites an employee to a store by e-mail. Store admins invite to their stores."""
        address = normalise_email(email)
        if self.directory.get_store(inviter.brand_id, store_id) is None or not inviter.can_see(store_id):
            raise InvalidInput.field("store_id", "no such store")
        if not inviter.is_store_admin(store_id):
            raise Forbidden("only an admin of the store can invite to it")
        if self.throttle is not None:  # every invitation is an e-mail sent on the inviter's word
            self.throttle.spend(INVITATION, f"{inviter.brand_id}:{inviter.id}")
        token = f"{inviter.brand_id}.{self.ids.token()}"
        now = self.clock.now()
        invitation = Invitation(
            brand_id=inviter.brand_id,
            token_hash=token,  # the repository stores only a hash of it
            email=address,
            store_id=store_id,
            invited_by=inviter.id,
            created_at=now,
            expires_at=now + INVITATION_VALIDITY,
        )
        self.directory.add_invitation(invitation)
        self._send_invitation(invitation, token, inviter.first_name or inviter.email)
        return invitation

    def invite_brand_admin(self, brand_id: str, store_id: str, email: str, invited_by: str) -> str:
        """Invites the first admin of a new brand (the operators' onboarding); returns the link it e-mailed.

        The same invitation as an employee's, accepted the same way, except that it makes a brand admin."""
        token = f"{brand_id}.{self.ids.token()}"
        now = self.clock.now()
        invitation = Invitation(brand_id=brand_id, token_hash=token, email=normalise_email(email), store_id=store_id,
                                invited_by=invited_by, created_at=now, expires_at=now + INVITATION_VALIDITY,
                                brand_admin=True)
        self.directory.add_invitation(invitation)
        return self._send_invitation(invitation, token, "Comptoir")

    def limit_texts_started(self, agent: Agent) -> None:
        """RateLimited beyond the number of conversations an agent may start by texting a number, per hour."""
        if self.throttle is not None:
            self.throttle.spend(SMS_START, f"{agent.brand_id}:{agent.id}")

    def _send_invitation(self, invitation: Invitation, token: str, inviter_name: str) -> str:
        brand = self.directory.get_brand(invitation.brand_id)
        store = self.directory.get_store(invitation.brand_id, invitation.store_id)
        link = f"{self.public_base_url}/invitations/{token}"
        self.mailer.send(
            to=invitation.email,
            subject=f"{inviter_name} invites you to {brand.name if brand else 'Comptoir'}",
            body=(
                f"Hello,\n\nYou are invited to answer customers of {store.name if store else 'a store'} "
                f"on Comptoir.\nAccept the invitation and choose your password here:\n{link}\n\n"
                f"This link is valid for 7 days."
            ),
        )
        return link

    def accept_invitation(self, token: str, password: str, first_name: str, last_name: str) -> tuple[str, Agent]:
        """The invitee sets a password and becomes an agent of the store."""
        brand_id, _, _ = token.partition(".")
        invitation = self.directory.get_invitation(brand_id, token) if brand_id else None
        now = self.clock.now()
        if invitation is None:
            raise NotFound("no such invitation")
        if invitation.accepted_at is not None:
            raise Conflict("this invitation was already accepted", {"token": "already accepted"})
        if invitation.expires_at < now:
            raise Conflict("this invitation has expired: ask for a new one", {"token": "expired"})
        agent = self.new_agent(
            brand_id=brand_id,
            email=invitation.email,
            password=password,
            first_name=first_name,
            last_name=last_name,
            brand_admin=invitation.brand_admin,
            rights={invitation.store_id: StoreRights(perimeter=True, contactable=True)},
        )
        try:
            self.directory.accept_invitation(replace(invitation, accepted_at=now), agent)
        except AlreadyExists:
            raise Conflict("an account with this e-mail exists already", {"email": "taken"}) from None
        self._tell_admins_of_acceptance(agent, invitation)
        return self.tokens.issue(agent.brand_id, agent.id, self.session_clock.now()), agent

    def _tell_admins_of_acceptance(self, agent: Agent, invitation: Invitation) -> None:
        inviter = self.directory.get_agent(invitation.brand_id, invitation.invited_by)
        if inviter and inviter.notify_invitation_accepted:
            self.mailer.send(
                to=inviter.email,
                subject=f"{agent.first_name} {agent.last_name} accepted your invitation".strip(),
                body=f"{agent.email} is now an agent of your store.",
            )

    def list_agents(self, viewer: Agent, store_id: str | None) -> list[Agent]:
        agents = self.directory.list_agents(viewer.brand_id)
        if store_id is not None:
            # A brand admin sees every store of the brand, not a store id of another brand or of none.
            if not viewer.can_see(store_id) or self.directory.get_store(viewer.brand_id, store_id) is None:
                raise NotFound("no such store")
            return [a for a in agents if a.brand_admin or store_id in a.rights]
        return agents

    def get_agent(self, viewer: Agent, agent_id: str) -> Agent:
        agent = self.directory.get_agent(viewer.brand_id, agent_id)
        if agent is None or agent.deleted_at is not None:  # a deleted account is only a tombstone
            raise NotFound("no such agent")
        return agent

    def set_rights(self, admin: Agent, agent_id: str, matrix: dict[str, StoreRights]) -> Agent:
        """Saves an agent's rights per store as a whole matrix.

        A brand admin sets any store; a store admin only the stores it administers,
        and the other stores of the matrix must stay as they were.
        """
        if not admin.brand_admin and not any(r.admin for r in admin.rights.values()):
            raise Forbidden("only admins change rights")
        agent = self.get_agent(admin, agent_id)
        stores = {s.id for s in self.directory.list_stores(admin.brand_id)}
        for store_id in matrix:
            if store_id not in stores:
                raise InvalidInput.field(f"stores.{store_id}", "no such store")
        none = StoreRights()
        touched = {s for s in set(matrix) | set(agent.rights)
                   if (matrix.get(s) or none) != (agent.rights.get(s) or none)}
        for store_id in touched:
            if not admin.is_store_admin(store_id):
                raise Forbidden(f"only an admin of store {store_id} can change its rights")
        cleaned = {s: r for s, r in matrix.items() if r.any()}
        updated = replace(agent, rights=cleaned)
        self.directory.save_rights(updated, agent.rights)
        return updated

    def set_presence(self, agent: Agent, channel: str, state: str) -> Agent:
        """Presence per channel, set by hand: available, busy or unavailable; busy also comes by itself (slots)."""
        if channel not in PRESENCE_CHANNELS:
            raise InvalidInput.field("channel", f"one of {', '.join(PRESENCE_CHANNELS)}")
        if state not in PRESENCE_STATES:
            raise InvalidInput.field("state", f"one of {', '.join(PRESENCE_STATES)}")
        presence = {**agent.presence, channel: state}
        updated = replace(agent, presence=presence, sessions=_sessions(agent, presence, self.clock.now()))
        self.directory.save_presence(updated)
        return updated

    def set_serving_hours(self, admin: Agent, agent_id: str, hours: list[dict]) -> Agent:
        """The weekly ranges in which an agent is routed customers; an empty list means always."""
        agent = self.get_agent(admin, agent_id)
        if not admin.brand_admin and not any(admin.is_store_admin(s) for s in agent.rights):
            raise Forbidden("only an admin of one of the agent's stores sets their hours")
        parse_ranges(hours, "hours")
        updated = replace(agent, serving_hours=[{"day": h["day"], "from": h["from"], "to": h["to"]} for h in hours])
        self.directory.save_serving_hours(updated)
        return updated


def _connected(presence: dict[str, str]) -> bool:
    return any(state != "unavailable" for state in presence.values())


def _sessions(agent: Agent, presence: dict[str, str], now: datetime) -> list[list[str | None]]:
    """Connection sessions of the last two days (for today's connection time): opened on connecting,
    closed on becoming unavailable everywhere."""
    sessions = [list(s) for s in agent.sessions
                if s[1] is None or parse_iso(str(s[1])) > now - timedelta(days=2)]
    was, now_connected = _connected(agent.presence), _connected(presence)
    if now_connected and not was:
        sessions.append([iso(now), None])
    elif was and not now_connected and sessions and sessions[-1][1] is None:
        sessions[-1][1] = iso(now)
    return sessions
