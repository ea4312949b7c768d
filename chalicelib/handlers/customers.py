"""Customer records and the customer panel beside a thread."""
from __future__ import annotations

from urllib.parse import unquote

from chalice import Blueprint

from ..runtime import services
from . import render
from .http import body, current_agent, json_response, only_fields, route

bp = Blueprint(__name__)
CSV = "text/csv"


@route(bp, "/v1/threads/{thread_id}/customer", "GET",
       "The customer panel: name (or \"Unknown customer\"), number, the store number written to, the head office's "
       "attributes and the customer's other threads the caller sees")
def thread_customer(thread_id: str):  # type: ignore[no-untyped-def]
    return json_response(render.customer(services().customers.panel(current_agent(bp), thread_id)))


@route(bp, "/v1/customers/{phone}", "GET", "A customer by number, with the threads the caller sees",
       responses={200: "the customer", 404: "unknown, or none of its threads visible to the caller"})
def get_customer(phone: str):  # type: ignore[no-untyped-def]
    return json_response(render.customer(services().customers.get(current_agent(bp), unquote(phone))))


@route(bp, "/v1/customers/{phone}", "PUT", "Describe a customer by number: name and attributes (brand admins)",
       body="CustomerPut", responses={200: "the customer", 403: "not a brand admin"})
def put_customer(phone: str):  # type: ignore[no-untyped-def]
    agent = current_agent(bp)
    changes = only_fields(body(bp, "CustomerPut"))
    return json_response(render.customer(services().customers.put(agent, unquote(phone), changes)))


@route(bp, "/v1/customers/import", "POST",
       "Import customers from CSV (UTF-8, `,` or `;`, header with `phone`, optional `name`, other columns are "
       "attributes; at most 10,000 rows). Any bad line: 400 naming each, and nothing is written",
       content_type=CSV, responses={200: "{imported: n}", 400: "errors by line", 403: "not a brand admin"})
def import_customers():  # type: ignore[no-untyped-def]
    agent = current_agent(bp)
    count = services().customers.import_csv(agent, bp.current_request.raw_body or b"")
    return json_response({"imported": count})
