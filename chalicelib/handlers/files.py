"""Customers' files we keep: served to agents who may read the thread, by a link the API gives on messages."""
from __future__ import annotations

import re

from chalice import Blueprint, Response

from ..runtime import services
from ..services.domain.errors import InvalidInput, NotFound
from ..services.ports.media import File
from .http import current_agent, route

bp = Blueprint(__name__)
FILE_ID = re.compile(r"^[A-Za-z0-9_-]{1,200}$")
# The types a kept file is served as (anything else as bytes): never JSON or text, which the API answers itself.
BINARY_TYPES = ("application/octet-stream", "application/pdf", "image/jpeg", "image/png", "image/gif", "image/webp",
                "video/mp4", "video/quicktime", "audio/mpeg", "audio/ogg", "audio/aac", "audio/mp4")


@route(bp, "/v1/threads/{thread_id}/files/{file_id}", "GET", "A customer's file kept from the platform",
       responses={200: "the file (local stage)", 302: "a short-lived link to the file (AWS): follow it"})
def get_file(thread_id: str, file_id: str):  # type: ignore[no-untyped-def]
    if not FILE_ID.match(file_id):
        raise InvalidInput.field("file_id", "is not a file id")
    media = services().media
    agent = current_agent(bp)
    found = media.open(agent, thread_id, file_id) if media else None
    if found is None:
        raise NotFound("no such file")
    return served(found)


@route(bp, "/v1/threads/{thread_id}/picture", "GET", "The customer's picture, kept from the platform",
       responses={200: "the picture (local stage)", 302: "a short-lived link to the picture (AWS): follow it"})
def get_customer_picture(thread_id: str):  # type: ignore[no-untyped-def]
    media = services().media
    agent = current_agent(bp)
    found = media.open_picture(agent, thread_id) if media else None
    if found is None:
        raise NotFound("this customer has no picture")
    return served(found)


def served(found: File | str) -> Response:
    """A kept file as the answer: its bytes, or a redirection to the storage's short-lived link."""
    if isinstance(found, str):  # too large for a Lambda answer: the storage serves it, for a few minutes
        return Response(body="", status_code=302, headers={"Location": found, "Cache-Control": "no-store"})
    served = found.content_type if found.content_type in BINARY_TYPES else "application/octet-stream"
    return Response(body=found.data, status_code=200, headers={
        "Content-Type": served, "Cache-Control": "private, no-store",
        "X-Content-Type-Options": "nosniff", "Content-Disposition": "inline"})
