"""Checks that the handler strings the template deploys are the ones the Chalice app registers.

Blueprint handlers are named `<blueprint import name>.<function>` by Chalice; a renamed module or
function would otherwise only show up as an import error in Lambda after the deployment.
"""
from __future__ import annotations

import importlib

from chalice.app import Chalice

from infra.functions import FunctionSpec


class AppMismatch(Exception):
    """The template and the app disagree about which Lambda entry points exist."""


def load_app(target: str) -> Chalice:
    """`module:attribute`, e.g. `app:app`."""
    module_name, _, attribute = target.partition(":")
    app = getattr(importlib.import_module(module_name), attribute or "app")
    if not isinstance(app, Chalice):
        raise TypeError(f"{target} is not a Chalice app")
    return app


def registered_handlers(app: Chalice) -> dict[str, str]:
    """Function name -> handler string, for every non-HTTP Lambda entry point the app registers."""
    handlers = {source.name: source.handler_string for source in app.event_sources}
    handlers.update({function.name: function.handler_string for function in app.pure_lambda_functions})
    return handlers


def check_handlers(app: Chalice, specs: tuple[FunctionSpec, ...]) -> None:
    registered = registered_handlers(app)
    expected = {spec.name: spec.handler for spec in specs}
    problems = [f"the app does not register {name!r} (expected at {handler})"
                for name, handler in expected.items() if name not in registered]
    problems += [f"{name!r} is registered at {registered[name]}, the template deploys {handler}"
                 for name, handler in expected.items() if name in registered and registered[name] != handler]
    problems += [f"the app registers {name!r} ({handler}) but the template does not deploy it"
                 for name, handler in registered.items() if name not in expected]
    if problems:
        raise AppMismatch("; ".join(problems))
