"""Customer records and the customer panel beside a thread."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from chalice import Blueprint

from ..runtime import services
from . import render
from .admin import no_content
from .audit import audited
from .http import body, current_agent, json_response, only_fields, route

if TYPE_CHECKING:  # a cold start loads no use case before a request needs one
    from ..services.usecases.data_rights import CustomerData

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
    view = services().customers.put(agent, unquote(phone), changes)
    audited(agent, "customer.update", "customer", view.id, {"fields": sorted(changes)})
    return json_response(render.customer(view))


@route(bp, "/v1/customers/import", "POST",
       "Import customers from CSV (UTF-8, `,` or `;`, header with `phone`, optional `name`, other columns are "
       "attributes; at most 10,000 rows). Any bad line: 400 naming each, and nothing is written",
       content_type=CSV, responses={200: "{imported: n}", 400: "errors by line", 403: "not a brand admin"})
def import_customers():  # type: ignore[no-untyped-def]
    agent = current_agent(bp)
    count = services().customers.import_csv(agent, bp.current_request.raw_body or b"")
    audited(agent, "customer.import", "brand", agent.brand_id, {"imported": count})
    return json_response({"imported": count})


def exported(data: CustomerData) -> dict[str, Any]:
    """Everything held on the customer, as JSON: the record, and each thread with its messages and notes."""
    profile = data.profile
    return {
        "exported_at": render.iso(data.at),
        "customer": {"id": data.customer_id, "phone": data.phone, "name": profile.name if profile else None,
                     "attributes": dict(profile.attributes) if profile else {},
                     "updated_at": render.iso(profile.updated_at) if profile and profile.updated_at else None},
        "threads": [{**render.thread(f.thread), "messages": [render.message(m) for m in f.messages],
                     "notes": [render.note(n) for n in f.notes]} for f in data.threads],
        # The files of theirs we keep a copy of (those still at the platform are only links on the messages).
        "files": [{"thread_id": m.thread_id, "message_id": m.id, **render.attachment(m, a)} for m, a in data.files],
    }


@route(bp, "/v1/customers/{phone}/export", "GET",
       "Everything the brand holds on a customer: record, attributes, threads, messages, notes, kept files (brand "
       "admins)",
       responses={200: "the customer's data", 403: "not a brand admin", 404: "the brand holds nothing on them"})
def export_customer(phone: str):  # type: ignore[no-untyped-def]
    agent = current_agent(bp)
    data = services().safety.data_rights.export(agent, unquote(phone))
    audited(agent, "customer.export", "customer", data.customer_id,
            {"threads": len(data.threads), "messages": data.message_count, "notes": data.note_count,
             "files": len(data.files)})
    return json_response(exported(data))


@route(bp, "/v1/customers/{phone}", "DELETE",
       "Erase a customer: messages, notes, kept files, attributes, search entries, threads; counted statistics "
       "stay (brand admins)",
       responses={204: "erased", 403: "not a brand admin", 404: "the brand holds nothing on them"})
def erase_customer(phone: str):  # type: ignore[no-untyped-def]
    agent = current_agent(bp)
    data = services().safety.data_rights.erase(agent, unquote(phone))
    audited(agent, "customer.erase", "customer", data.customer_id,
            {"threads": [f.thread.id for f in data.threads], "messages": data.message_count,
             "notes": data.note_count, "files": len(data.files)})
    return no_content()
