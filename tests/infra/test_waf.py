"""The outer layer of throttling: a regional WAF web ACL on the API's stage, with per-address rate rules."""
from __future__ import annotations

import json

from tests.infra.test_template import Template, resources_of


def web_acl(template: Template) -> dict:  # noqa: F811
    (acl,) = resources_of(template, "AWS::WAFv2::WebACL").values()
    return acl["Properties"]


def rule(template: Template, name: str) -> dict:  # noqa: F811
    return next(r for r in web_acl(template)["Rules"] if r["Name"] == name)


def test_a_regional_web_acl_is_associated_with_the_api_stage(template: Template) -> None:  # noqa: F811
    acl = web_acl(template)
    assert acl["Scope"] == "REGIONAL" and acl["DefaultAction"] == {"Allow": {}}
    (association,) = resources_of(template, "AWS::WAFv2::WebACLAssociation").values()
    arn = association["Properties"]["ResourceArn"]["Fn::Sub"]
    assert arn == "arn:${AWS::Partition}:apigateway:${AWS::Region}::/restapis/${RestAPI}/stages/${RestAPIStage}"
    assert template["Resources"]["RestAPIStage"]["Type"] == "AWS::ApiGateway::Stage"
    acl_id = next(iter(resources_of(template, "AWS::WAFv2::WebACL")))
    assert association["Properties"]["WebACLArn"] == {"Fn::GetAtt": [acl_id, "Arn"]}


def test_the_auth_routes_get_a_tight_rate_per_client_address(template: Template) -> None:  # noqa: F811
    statement = rule(template, "auth-per-address")["Statement"]["RateBasedStatement"]
    assert statement["AggregateKeyType"] == "FORWARDED_IP"
    assert statement["ForwardedIPConfig"]["HeaderName"] == "X-Forwarded-For"
    match = statement["ScopeDownStatement"]["ByteMatchStatement"]
    assert match["FieldToMatch"] == {"UriPath": {}} and match["SearchString"] == "/v1/auth/"
    general = rule(template, "all-per-address")["Statement"]["RateBasedStatement"]
    assert "ScopeDownStatement" not in general and statement["Limit"] < general["Limit"]
    assert statement["EvaluationWindowSec"] in (60, 120, 300, 600)


def test_blocked_requests_get_a_429_problem_with_retry_after(template: Template) -> None:  # noqa: F811
    acl = web_acl(template)
    for r in acl["Rules"]:
        response = r["Action"]["Block"]["CustomResponse"]
        assert response["ResponseCode"] == 429
        assert {"Name": "Retry-After", "Value": "300"} in response["ResponseHeaders"]
        body = acl["CustomResponseBodies"][response["CustomResponseBodyKey"]]
        assert body["ContentType"] == "APPLICATION_JSON" and json.loads(body["Content"])["status"] == 429
        assert r["VisibilityConfig"]["CloudWatchMetricsEnabled"]
