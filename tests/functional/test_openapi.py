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


def operations(document):
    for path, ops in document["paths"].items():
        for method, operation in ops.items():
            yield path, method.upper(), operation


def test_every_route_documents_the_statuses_of_its_kind_with_the_problem_schema(stage):
    document = stage.call("GET", "/openapi.json").body
    problem = {"$ref": "#/components/schemas/Problem"}
    for path, method, operation in operations(document):
        responses = operation["responses"]
        expected = {"400"}
        if operation["security"] or "{" in path or not path.startswith("/v1/"):
            expected.add("404")
            if method in {"POST", "PUT", "PATCH", "DELETE"}:
                expected.add("409")
        if operation["security"]:
            expected |= {"401", "403"}
        if "requestBody" in operation:
            expected |= {"413", "415"}
        assert expected <= set(responses), (method, path, sorted(expected - set(responses)))
        for code, response in responses.items():
            if int(code) >= 400:
                assert response["content"]["application/problem+json"]["schema"] == problem, (method, path, code)


def test_every_response_body_has_a_schema(stage):
    document = stage.call("GET", "/openapi.json").body
    for path, method, operation in operations(document):
        for code, response in operation["responses"].items():
            if code == "204" or code.startswith("3"):  # no content, or a redirection: no body
                assert "content" not in response
                continue
            (media, content), = response["content"].items()
            assert content["schema"], (method, path, code)
            if media == "application/json" and int(code) < 300:
                assert "$ref" in content["schema"], (method, path, code)  # a named shape, not "some object"


def test_the_format_rules_the_server_enforces_are_in_the_schema(stage):
    document = stage.call("GET", "/openapi.json").body
    schemas = document["components"]["schemas"]
    assert "Europe/Paris" in schemas["TimeZone"]["enum"]
    assert schemas["Phone"]["pattern"].startswith("^\\+(?:1[1-9]")
    store = schemas["StoreCreate"]["properties"]
    assert store["timezone"] == {"$ref": "#/components/schemas/TimeZone"}
    assert store["name"]["minLength"] == 1 and store["name"]["pattern"]
    invitation = schemas["InvitationCreate"]["properties"]["email"]
    assert invitation["format"] == "email" and invitation["pattern"]
    assert schemas["AttachmentIn"]["properties"]["url"]["pattern"].startswith("^https://")
    assert schemas["Snooze"]["properties"]["until"]["format"] == "date-time"
    stats = {p["name"]: p for p in document["paths"]["/v1/stats"]["get"]["parameters"]}
    assert stats["from"]["required"] and stats["from"]["schema"]["format"] == "date"
    customer = document["paths"]["/v1/customers/{phone}"]["get"]["parameters"][0]["schema"]
    assert customer["pattern"] == schemas["Phone"]["pattern"]
    brand = schemas["BrandPatch"]["properties"]["slots_per_agent"]["anyOf"][0]
    assert brand == {"type": "integer", "minimum": 1, "maximum": 100}


def test_a_route_added_later_is_documented_whole_without_listing_its_statuses():
    from chalicelib.handlers.http import RouteDoc
    from chalicelib.handlers.openapi import statuses

    export = RouteDoc("/v1/customers/{phone}/export", "POST", "Export", "Delegate", True, {200: "the file"})
    assert set(statuses(export)) == {200, 400, 401, 403, 404, 409, 413, 415}
    login = RouteDoc("/v1/auth/login", "POST", "Log in", "Login", False, {200: "token", 429: "locked"})
    assert set(statuses(login)) == {200, 400, 413, 415, 429}
