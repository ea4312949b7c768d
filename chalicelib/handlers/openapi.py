"""GET /openapi.json: the API as OpenAPI 3.1, generated from the route registry and the request schemas."""
from __future__ import annotations

import re
from typing import Any

from chalice import Blueprint

from .http import ROUTES, json_response, route

bp = Blueprint(__name__)
REF = "#/components/schemas/{model}"
PROBLEM = {"$ref": "#/components/schemas/Problem"}


def document() -> dict[str, Any]:
    components: dict[str, Any] = {
        "Problem": {
            "type": "object",
            "required": ["type", "title", "status", "detail"],
            "properties": {"type": {"type": "string"}, "title": {"type": "string"}, "status": {"type": "integer"},
                           "detail": {"type": "string"},
                           "errors": {"type": "object", "additionalProperties": {"type": "string"}}},
        }
    }
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


def _operation(doc: Any, components: dict[str, Any]) -> dict[str, Any]:
    """One route's operation; the request schemas it names are added to `components`."""
    from . import schemas

    operation: dict[str, Any] = {
        "summary": doc.summary,
        "operationId": f"{doc.method.lower()}_{re.sub(r'[^a-z0-9]+', '_', doc.path.lower()).strip('_')}",
        "responses": {str(code): {"description": text} for code, text in doc.responses.items()},
    }
    operation["responses"].setdefault("400", {"description": "bad input",
                                              "content": {"application/problem+json": {"schema": PROBLEM}}})
    if doc.auth:
        operation["security"] = [{"bearer": []}]
        operation["responses"].setdefault("401", {"description": "no or bad token"})
    else:
        operation["security"] = []
    if doc.body:
        model = getattr(schemas, doc.body)
        schema = model.model_json_schema(ref_template=REF, by_alias=True)
        components.update(schema.pop("$defs", {}))
        components[doc.body] = schema
        operation["requestBody"] = {"required": True,
                                    "content": {doc.content_type: {"schema": {"$ref": REF.format(model=doc.body)}}}}
    elif doc.content_type != "application/json":
        operation["requestBody"] = {"required": True, "content": {doc.content_type: {"schema": {"type": "object"}}}}
    parameters = [{"name": name, "in": "path", "required": True, "schema": {"type": "string"}}
                  for name in re.findall(r"{(\w+)}", doc.path)]
    if parameters:
        operation["parameters"] = parameters
    return operation


@route(bp, "/openapi.json", "GET", "This document", auth=False)
def openapi():  # type: ignore[no-untyped-def]
    return json_response(document())
