"""Throttling: failed logins per e-mail and per source address, and the mails and texts sent on request.

Counters live in fixed windows aligned on the clock (the injected one: the sandbox clock locally), so a
lock lasts until its window is over. A window's count is never lowered: a success does not forgive the
failures before it within the same window.
"""
from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from ..domain.errors import RateLimited
from ..ports.clock import Clock
from ..ports.throttle import Counters, Window


@dataclass(frozen=True)
class Limit:
    """At most `count` in any window of `seconds` (windows aligned on the clock)."""

    count: int
    seconds: int


LOGIN_EMAIL = "login.email"  # failed logins for one e-mail, known or not
LOGIN_SOURCE = "login.source"  # failed logins from one source address, whatever the e-mail
RESET_EMAIL = "reset.email"  # password reset mails to one address
INVITATION = "invitation.agent"  # invitations sent by one agent
SMS_START = "sms_start.agent"  # conversations an agent starts by texting a number

LIMITS: dict[str, Limit] = {
    LOGIN_EMAIL: Limit(5, 15 * 60),
    LOGIN_SOURCE: Limit(50, 15 * 60),
    RESET_EMAIL: Limit(3, 60 * 60),
    INVITATION: Limit(30, 60 * 60),
    SMS_START: Limit(60, 60 * 60),
}

# Called once per lock of an e-mail, with the address and the end of the lock: where an audit log plugs in.
LockoutHook = Callable[[str, datetime], None]


class Throttle:
    def __init__(self, counters: Counters, clock: Clock, on_lockout: LockoutHook | None = None,
                 limits: dict[str, Limit] | None = None) -> None:
        self.counters = counters
        self.clock = clock
        self.on_lockout = on_lockout
        self.limits = {**LIMITS, **(limits or {})}

    def _window(self, action: str, subject: str, now: datetime) -> Window:
        limit = self.limits[action]
        return Window.at(f"{action}:{subject}", now, limit.seconds, limit.count)

    def _login_windows(self, email: str, source: str) -> list[Window]:
        now = self.clock.now()
        windows = [self._window(LOGIN_EMAIL, email, now)]
        if source:  # a caller with no known address is limited by its e-mail only
            windows.append(self._window(LOGIN_SOURCE, source, now))
        return windows

    def check_login(self, email: str, source: str = "") -> None:
        """RateLimited while the e-mail or the source address is locked (one read)."""
        windows = self._login_windows(email, source)
        full = [w for w, count in zip(windows, self.counters.counts(windows), strict=True) if count >= w.limit]
        if full:
            raise self._refusal(full, "too many failed logins")

    def login_failed(self, email: str, source: str = "") -> None:
        """Counts a failed login and returns (the caller answers as for any wrong password); RateLimited when the
        e-mail or the source address was locked already.

        The failure that reaches the e-mail's limit is told apart (a second write, only for it and for attempts
        refused during the lock), so that a lock is reported exactly once whatever runs in parallel."""
        windows = self._login_windows(email, source)
        email_window = windows[0]
        full = self.counters.add([replace(email_window, limit=email_window.limit - 1), *windows[1:]])
        if not full:
            return
        if any(w.key != email_window.key for w in full):  # the source address is locked
            raise self._refusal(full, "too many failed logins")
        full = self.counters.add(windows)
        if full:
            raise self._refusal(full, "too many failed logins")
        if self.on_lockout is not None:
            self.on_lockout(email, email_window.end)

    def allow(self, action: str, subject: str) -> bool:
        """Counts one request of `action` for `subject`; False beyond its limit (nothing counted then)."""
        return not self.counters.add([self._window(action, subject, self.clock.now())])

    def spend(self, action: str, subject: str) -> None:
        """Counts one request of `action` for `subject`; RateLimited beyond its limit."""
        window = self._window(action, subject, self.clock.now())
        full = self.counters.add([window])
        if full:
            raise self._refusal(full, "too many requests of this kind")

    def _refusal(self, full: Sequence[Window], reason: str) -> RateLimited:
        """How long until every window that refused is over, in whole seconds."""
        wait = math.ceil((max(w.end for w in full) - self.clock.now()).total_seconds())
        return RateLimited(f"{reason}: try again in {math.ceil(wait / 60)} minute(s)", wait)
