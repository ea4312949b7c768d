"""GET /openapi.json: the API as OpenAPI 3.1, generated from the route registry and the request schemas.

The statuses a route answers by its kind are derived here, so that a new route is documented whole without
listing them: 400 always; 401 and 403 with a token; 404 with a token or an id in the path (an id the caller
cannot see, in the path, the body or the query); 413 and 415 with a body; 409 on such a route's writes (a
concurrent change, or a number or an e-mail taken). A route adds its own (422, 429...) with `responses`.
"""
from __future__ import annotations

import re
from typing import Any

from chalice import Blueprint

from . import contract
from .fields import SHARED
from .http import ROUTES, RouteDoc, json_response, route

bp = Blueprint(__name__)
REF = "#/components/schemas/{model}"
PROBLEM = {"$ref": "#/components/schemas/Problem"}
WRITES = {"POST", "PUT", "PATCH", "DELETE"}
# The status every route of a kind answers, with what it means there.
DERIVED = {
    400: "bad input: `errors` names each field at fault",
    401: "no token, or an expired or revoked one",
    403: "not allowed: the caller's role or rights do not cover this",
    404: "unknown, or not visible to the caller",
    409: "conflict: the resource changed meanwhile, or a unique value (number, e-mail, name) is taken",
    413: "the body is over the route's size limit",
    415: "the body is not of the media type the route takes (the Content-Type header is required)",
}


def document() -> dict[str, Any]:
    """The whole OpenAPI document."""
    from .fields import components as shared_components

    components: dict[str, Any] = {"Problem": contract.PROBLEM_SCHEMA, **shared_components(),
                                  **contract.response_components()}
    paths: dict[str, Any] = {}
    for doc in sorted(ROUTES, key=lambda d: (d.path, d.method)):
        paths.setdefault(doc.path, {})[doc.method.lower()] = _operation(doc, components)
    return {
        "openapi": "3.1.0",
        "info": {"title": "Comptoir API", "version": "1.0.0",
                 "description": "The public HTTP contract of Comptoir: agents' API, provider webhooks, sandbox."},
        "paths": paths,
        "components": {"schemas": components,
                       "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}}},
    }


def statuses(doc: RouteDoc) -> dict[int, str]:
    """Every status the route answers: its kind's (derived), then its own (which win on wording)."""
    derived = [400]
    if doc.auth:
        derived += [401, 403]
    # Ids the caller names (with a token, in the path), and the sandbox and webhooks (no sandbox on AWS stages).
    names_things = doc.auth or "{" in doc.path or not doc.path.startswith("/v1/")
    if names_things:
        derived.append(404)
    if names_things and doc.method in WRITES:
        derived.append(409)
    if doc.takes_body:
        derived += [413, 415]
    return {**{code: DERIVED[code] for code in derived}, **doc.responses}


def _operation(doc: RouteDoc, components: dict[str, Any]) -> dict[str, Any]:
    """One route's operation; the request schemas it names are added to `components`."""
    operation: dict[str, Any] = {
        "summary": doc.summary,
        "operationId": f"{doc.method.lower()}_{re.sub(r'[^a-z0-9]+', '_', doc.path.lower()).strip('_')}",
        "responses": {str(code): _response(doc, code, text) for code, text in sorted(statuses(doc).items())},
        "security": [{"bearer": []}] if doc.auth else [],
    }
    if doc.body:
        operation["requestBody"] = {"required": True, "content": {doc.content_type: {"schema": _body(doc, components)}}}
    elif doc.content_type != "application/json":
        operation["requestBody"] = {"required": True, "content": {doc.content_type: {
            "schema": contract.RAW_BODIES.get(doc.content_type, {"type": "string"})}}}
    parameters = [{"name": name, "in": "path", "required": True, "schema": contract.path_parameter(name)}
                  for name in re.findall(r"{(\w+)}", doc.path)]
    for name, schema in (doc.query or contract.QUERY.get((doc.method, doc.path), {})).items():
        required = bool(schema.get("required"))
        parameters.append({"name": name, "in": "query", "required": required,
                           "schema": {k: v for k, v in schema.items() if k != "required"}})
    if parameters:
        operation["parameters"] = parameters
    return operation


def _response(doc: RouteDoc, code: int, text: str) -> dict[str, Any]:
    """One documented answer, with its body's schema: a problem for errors, the route's own for success."""
    if code >= 400:
        return {"description": text, "content": {"application/problem+json": {"schema": PROBLEM}}}
    if code == 204 or 300 <= code < 400:  # no body: a redirection's answer is its Location
        return {"description": text}
    media, schema = contract.success_body(doc)
    return {"description": text, "content": {media: {"schema": schema}}}


def _body(doc: RouteDoc, components: dict[str, Any]) -> dict[str, Any]:
    from . import schemas

    model = getattr(schemas, str(doc.body))
    schema = _shared(model.model_json_schema(ref_template=REF, by_alias=True))
    components.update(schema.pop("$defs", {}))
    if components.get(str(doc.body), schema) != schema:
        raise ValueError(f"two schemas are named {doc.body}")
    components[str(doc.body)] = schema
    return {"$ref": REF.format(model=doc.body)}


def _shared(schema: Any) -> Any:
    """The schema with each field type that stands for a shared schema (a phone, a time zone) turned into its $ref."""
    if isinstance(schema, dict):
        if SHARED in schema:
            return {"$ref": REF.format(model=schema[SHARED])}
        return {k: _shared(v) for k, v in schema.items()}
    if isinstance(schema, list):
        return [_shared(v) for v in schema]
    return schema


@route(bp, "/openapi.json", "GET", "This document", auth=False, returns="OpenApiDocument")
def openapi():  # type: ignore[no-untyped-def]
    return json_response(document())
