"""Signing in to the web client as a person would: the login form, in English."""
from __future__ import annotations

from typing import Any

DEMO_ADMIN = ("admin@demo.test", "demo-password")


def log_in(page: Any, base: str, email: str = DEMO_ADMIN[0], password: str = DEMO_ADMIN[1],
           path: str = "/#/inbox") -> None:
    """Opens `path` and signs in through the form (the page then shows what `path` names)."""
    page.goto(base + path)
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
