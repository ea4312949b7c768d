"""Chalice blueprints: HTTP routes, webhooks, the stream consumers and the schedule. Parse -> service -> render."""
from __future__ import annotations

from chalice import Chalice


def register(app: Chalice) -> None:
    from . import (
        account,
        admin,
        alerts,
        audit,
        canned,
        customers,
        openapi,
        ops,
        people,
        sandbox,
        schedules,
        stats,
        stores,
        streams,
        threads,
        webhooks,
    )

    for module in (people, stores, threads, stats, webhooks, sandbox, openapi, streams, schedules, alerts, admin,
                   account):
        app.register_blueprint(module.bp)
    app.register_blueprint(canned.bp)
    app.register_blueprint(customers.bp)
    app.register_blueprint(audit.bp)
    app.register_blueprint(ops.bp)  # the operators' Lambda
    # Every answer is text (JSON, problem+json, TwiML) but the kept files of customers, served as they are.
    from .files import BINARY_TYPES

    app.api.binary_types = list(BINARY_TYPES)
