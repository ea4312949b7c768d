"""The outer layer of throttling on AWS: a regional AWS WAF web ACL on the API Gateway stage.

The app counts failed logins and mails per e-mail, per address and per agent on the table; WAF stops floods
before they reach Lambda at all: per client address, a tight rate on the auth routes and a loose one on the
rest. A regional web ACL is created in the stack's own region (a CLOUDFRONT one would have to live in
us-east-1), and is associated with the stage.

Requests that came through the stack's CloudFront distribution reach API Gateway from CloudFront's addresses,
so the rules count the client address CloudFront wrote in X-Forwarded-For. WAF reads the header's first
address, which a client may write itself: the rules slow floods down, the app's own counters are what holds.
"""
from __future__ import annotations

import json

from infra.api import REST_API_ID, STAGE_ID
from infra.cfn import Json, get_att, sub

WEB_ACL_ID = "ApiWebAcl"
ASSOCIATION_ID = "ApiWebAclAssociation"
EVALUATION_WINDOW_SECONDS = 300  # WAF allows 60, 120, 300 or 600
AUTH_REQUESTS_PER_WINDOW = 100  # per client address on /v1/auth/*: far above a person, far below a script
ALL_REQUESTS_PER_WINDOW = 3000  # per client address on every route: an agent's busy client stays well under
BODY_KEY = "rate-limited"

_BODY = json.dumps({"type": "https://comptoir.example/problems/too-many-requests", "title": "Too many requests",
                    "status": 429, "detail": "too many requests from this address: try again in a few minutes"})


def _visibility(metric: str) -> Json:
    return {"SampledRequestsEnabled": True, "CloudWatchMetricsEnabled": True, "MetricName": metric}


def _rate_rule(name: str, priority: int, limit: int, scope_down: Json | None = None) -> Json:
    statement: Json = {
        "Limit": limit, "EvaluationWindowSec": EVALUATION_WINDOW_SECONDS,
        "AggregateKeyType": "FORWARDED_IP",
        # A request without the header (a direct call to execute-api) is counted under one shared key.
        "ForwardedIPConfig": {"HeaderName": "X-Forwarded-For", "FallbackBehavior": "MATCH"},
    }
    if scope_down is not None:
        statement["ScopeDownStatement"] = scope_down
    return {
        "Name": name, "Priority": priority,
        "Statement": {"RateBasedStatement": statement},
        "Action": {"Block": {"CustomResponse": {
            "ResponseCode": 429, "CustomResponseBodyKey": BODY_KEY,
            "ResponseHeaders": [{"Name": "Retry-After", "Value": str(EVALUATION_WINDOW_SECONDS)}]}}},
        "VisibilityConfig": _visibility(name),
    }


def _auth_paths() -> Json:
    # CONTAINS: API Gateway sees the path with the stage in front of it (CloudFront's origin path adds it).
    return {"ByteMatchStatement": {"FieldToMatch": {"UriPath": {}}, "PositionalConstraint": "CONTAINS",
                                   "SearchString": "/v1/auth/",
                                   "TextTransformations": [{"Priority": 0, "Type": "LOWERCASE"}]}}


def waf_resources() -> dict[str, Json]:
    """The web ACL and its association with the API's stage."""
    return {
        WEB_ACL_ID: {
            "Type": "AWS::WAFv2::WebACL",
            "Properties": {
                "Name": sub("${AWS::StackName}-api"),
                "Scope": "REGIONAL",
                "DefaultAction": {"Allow": {}},
                "CustomResponseBodies": {BODY_KEY: {"ContentType": "APPLICATION_JSON", "Content": _BODY}},
                "Rules": [_rate_rule("auth-per-address", 0, AUTH_REQUESTS_PER_WINDOW, _auth_paths()),
                          _rate_rule("all-per-address", 1, ALL_REQUESTS_PER_WINDOW)],
                "VisibilityConfig": _visibility("api-web-acl"),
            },
        },
        ASSOCIATION_ID: {  # the stage's Ref (its name) also orders it after the stage

            "Type": "AWS::WAFv2::WebACLAssociation",
            "Properties": {
                "ResourceArn": sub("arn:${AWS::Partition}:apigateway:${AWS::Region}::/restapis/${"
                                   + REST_API_ID + "}/stages/${" + STAGE_ID + "}"),
                "WebACLArn": get_att(WEB_ACL_ID, "Arn"),
            },
        },
    }

