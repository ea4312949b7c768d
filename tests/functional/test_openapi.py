"""GET /openapi.json describes every route the app serves, and nothing it does not."""
from openapi_spec_validator import validate


def test_openapi_lists_exactly_the_apps_routes(stage):
    document = stage.call("GET", "/openapi.json").body
    documented = {(path, method.upper()) for path, ops in document["paths"].items() for method in ops}
    served = {(path, method) for path, methods in stage.app.routes.items() for method in methods}
    assert documented == served


def test_openapi_is_a_valid_openapi_3_document(stage):
    validate(stage.call("GET", "/openapi.json").body)


def test_every_body_route_documents_its_schema(stage):
    document = stage.call("GET", "/openapi.json").body
    login = document["paths"]["/v1/auth/login"]["post"]
    ref = login["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    schema = document["components"]["schemas"][ref.rsplit("/", 1)[1]]
    assert set(schema["required"]) == {"email", "password"}
