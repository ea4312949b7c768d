"""The address a request comes from, as API Gateway and CloudFront report it."""
from __future__ import annotations

from typing import Any


def source_address(request: Any) -> str:
    """The caller's IP address: API Gateway's `sourceIp`, or, when CloudFront forwarded the request, the viewer's
    address CloudFront put in X-Forwarded-For (the entry before the one API Gateway appended: CloudFront's own).

    Entries further left are whatever the caller wrote, so they are never used."""
    identity = ((request.context or {}).get("identity") or {})
    source = str(identity.get("sourceIp") or "")
    if not request.headers.get("x-amz-cf-id"):  # not through CloudFront: API Gateway saw the caller itself
        return source
    hops = [hop.strip() for hop in request.headers.get("x-forwarded-for", "").split(",") if hop.strip()]
    if len(hops) >= 2 and hops[-1] == source:
        return hops[-2]
    return hops[-1] if hops else source
