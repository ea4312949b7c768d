"""One origin for the web client and the API: CloudFront in front of a private S3 bucket and API Gateway.

The built client sits in a bucket nobody reaches but this distribution (origin access control, a
bucket policy scoped to the distribution's ARN). The API's root paths go to the REST API's stage,
uncached, with every viewer header but Host (API Gateway answers only to its own host name). Any
other path is the client: a CloudFront Function answers its routes, e-mailed links included, with
index.html. Since everything shares one host, the client talks to relative URLs and needs no CORS,
and the app's public base URL (e-mailed links, the URL Twilio signs) is the distribution's.
"""
from __future__ import annotations

from pathlib import Path

from chalice.app import Chalice

from infra import api
from infra.cfn import Json, get_att, if_, ref, sub, var

BUCKET_ID = "WebBucket"
BUCKET_POLICY_ID = "WebBucketPolicy"
ORIGIN_ACCESS_ID = "WebOriginAccessControl"
DISTRIBUTION_ID = "WebDistribution"
ROUTES_FUNCTION_ID = "WebRoutesFunction"
PAGE_HEADERS_ID = "WebPageHeaders"
ASSET_HEADERS_ID = "WebAssetHeaders"
API_HEADERS_ID = "WebApiHeaders"
HAS_DOMAIN_NAME = "HasDomainName"
S3_ORIGIN, API_ORIGIN = "web-client", "api"

# AWS-managed policies, the same ids in every account.
CACHING_OPTIMIZED = "658327ea-f89d-4fab-a63d-7e88639e58f6"
CACHING_DISABLED = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
ALL_VIEWER_EXCEPT_HOST_HEADER = "b689b0a8-53d0-40ab-baf2-68738e2966ac"

CLIENT_ASSETS = "assets"  # the built client's files (web/dist/assets)
SANDBOX_ROOT = "sandbox"  # the local stage's twin of the providers: never routed on AWS
FUTURE_API_ROOTS = ("widget",)  # routed ahead of the app's routes, so adding them needs no CloudFront change
ROUTES_CODE = Path(__file__).with_name("web_routes.js")

# The built client loads its script and stylesheet from /assets, calls /v1 on the same host, and shows
# agents' pictures from any https address they chose, and customers' pictures it fetched with the agent's token
# (blob: addresses it made itself). Preact sets inline styles through the CSSOM, which
# style-src does not govern.
CONTENT_SECURITY_POLICY = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' https: blob:; "
                           "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; "
                           "form-action 'self'; frame-ancestors 'none'")
API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'"
HSTS_MAX_AGE = 2 * 365 * 24 * 3600
ASSET_CACHE_CONTROL = "public, max-age=31536000, immutable"  # Vite names them after their content
PAGE_CACHE_CONTROL = "no-cache"  # index.html names the current assets: checked again on every visit

PARAMETERS: dict[str, Json] = {
    "DomainName": {"Type": "String", "Default": "",
                   "AllowedPattern": "^$|^([a-z0-9]([a-z0-9-]*[a-z0-9])?\\.)+[a-z]{2,63}$",
                   "Description": "Custom domain of the web client and the API (optional; CNAME it to the "
                                  "WebDistributionDomainName output); empty: the cloudfront.net name"},
    "CertificateArn": {"Type": "String", "Default": "",
                       "AllowedPattern": "^$|^arn:aws[a-z-]*:acm:us-east-1:[0-9]{12}:certificate/[0-9a-f-]+$",
                       "Description": "ACM certificate of DomainName, in us-east-1 (CloudFront's region)"},
}
# The rule below refuses a domain without its certificate; the condition names both so that each
# branch of the distribution's settings only ever sees both or neither.
CONDITIONS: dict[str, Json] = {HAS_DOMAIN_NAME: {"Fn::And": [
    {"Fn::Not": [{"Fn::Equals": [ref("DomainName"), ""]}]},
    {"Fn::Not": [{"Fn::Equals": [ref("CertificateArn"), ""]}]}]}}
RULES: dict[str, Json] = {
    "DomainNameNeedsItsCertificate": {
        "RuleCondition": {"Fn::Not": [{"Fn::Equals": [ref("DomainName"), ""]}]},
        "Assertions": [{"Assert": {"Fn::Not": [{"Fn::Equals": [ref("CertificateArn"), ""]}]},
                        "AssertDescription": "A custom DomainName needs its CertificateArn (ACM, us-east-1)"}],
    },
    "CertificateArnNeedsItsDomainName": {
        "RuleCondition": {"Fn::Not": [{"Fn::Equals": [ref("CertificateArn"), ""]}]},
        "Assertions": [{"Assert": {"Fn::Not": [{"Fn::Equals": [ref("DomainName"), ""]}]},
                        "AssertDescription": "CertificateArn is used only with the DomainName it covers"}],
    },
}


def public_base_url() -> Json:
    """The URL users and providers see: the custom domain, else the distribution's own name."""
    return if_(HAS_DOMAIN_NAME, sub("https://${DomainName}"), sub("https://" + var(f"{DISTRIBUTION_ID}.DomainName")))


def api_path_patterns(app: Chalice) -> list[str]:
    """CloudFront path patterns of the API, from the app's routes: a one-segment route (/openapi.json) as
    itself, any other by its first segment's folder (/v1/*). The sandbox is left out."""
    patterns = {f"/{root}/*" for root in FUTURE_API_ROOTS}
    for path in app.routes:
        root = path.split("/")[1]
        if not root or "{" in root or root == CLIENT_ASSETS:
            raise ValueError(f"route {path}: its first segment cannot be told from the web client's paths")
        if root != SANDBOX_ROOT:
            patterns.add(path if path == f"/{root}" else f"/{root}/*")
    return sorted(patterns)


def outputs() -> dict[str, Json]:
    """What the deploy needs to publish the client, and where operators open it."""
    return {
        "WebUrl": {"Description": "The web client (and the API under /v1, the webhooks under /webhooks)",
                   "Value": public_base_url()},
        "WebBucketName": {"Description": "Bucket of the built web client (upload web/dist here)",
                          "Value": ref(BUCKET_ID)},
        "WebDistributionId": {"Description": "CloudFront distribution to invalidate after an upload",
                              "Value": ref(DISTRIBUTION_ID)},
        "WebDistributionDomainName": {"Description": "Target of the custom domain's CNAME (or alias record)",
                                      "Value": get_att(DISTRIBUTION_ID, "DomainName")},
    }


def web_resources(app: Chalice, stage_name: str) -> dict[str, Json]:
    """The bucket, its policy, the origin access control, the routes function, header policies, the distribution."""
    return {
        BUCKET_ID: _bucket(),
        BUCKET_POLICY_ID: _bucket_policy(),
        ORIGIN_ACCESS_ID: {
            "Type": "AWS::CloudFront::OriginAccessControl",
            "Properties": {"OriginAccessControlConfig": {
                "Name": sub("${AWS::StackName}-web"), "Description": "CloudFront reads the web client's bucket",
                "OriginAccessControlOriginType": "s3", "SigningBehavior": "always", "SigningProtocol": "sigv4"}},
        },
        ROUTES_FUNCTION_ID: {
            "Type": "AWS::CloudFront::Function",
            "Properties": {"Name": sub("${AWS::StackName}-web-routes"), "AutoPublish": True,
                           "FunctionCode": ROUTES_CODE.read_text(),
                           "FunctionConfig": {"Comment": "The web client's routes answer index.html",
                                              "Runtime": "cloudfront-js-2.0"}},
        },
        PAGE_HEADERS_ID: _headers_policy("page", CONTENT_SECURITY_POLICY, PAGE_CACHE_CONTROL),
        ASSET_HEADERS_ID: _headers_policy("assets", CONTENT_SECURITY_POLICY, ASSET_CACHE_CONTROL),
        API_HEADERS_ID: _headers_policy("api", API_CONTENT_SECURITY_POLICY, None),
        DISTRIBUTION_ID: _distribution(app, stage_name),
    }


def private_bucket_properties() -> Json:
    """What every bucket of ours has: encrypted at rest, no public access, no ACLs (the owner owns everything)."""
    return {
        "BucketEncryption": {"ServerSideEncryptionConfiguration": [
            {"ServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}]},
        "PublicAccessBlockConfiguration": {"BlockPublicAcls": True, "BlockPublicPolicy": True,
                                           "IgnorePublicAcls": True, "RestrictPublicBuckets": True},
        "OwnershipControls": {"Rules": [{"ObjectOwnership": "BucketOwnerEnforced"}]},
    }


def _bucket() -> Json:
    return {
        "Type": "AWS::S3::Bucket",
        "Properties": {
            **private_bucket_properties(),
            # Earlier builds stay a month: a bad client can be put back without rebuilding it.
            "VersioningConfiguration": {"Status": "Enabled"},
            "LifecycleConfiguration": {"Rules": [{"Id": "ForgetOldBuilds", "Status": "Enabled",
                                                  "NoncurrentVersionExpiration": {"NoncurrentDays": 30}}]},
        },
    }


def _bucket_policy() -> Json:
    distribution_arn = sub("arn:${AWS::Partition}:cloudfront::${AWS::AccountId}:distribution/"
                           + var(DISTRIBUTION_ID))
    return {
        "Type": "AWS::S3::BucketPolicy",
        "Properties": {"Bucket": ref(BUCKET_ID), "PolicyDocument": {"Version": "2012-10-17", "Statement": [
            {"Sid": "OnlyThisDistributionReads", "Effect": "Allow",
             "Principal": {"Service": "cloudfront.amazonaws.com"}, "Action": "s3:GetObject",
             "Resource": sub(var(f"{BUCKET_ID}.Arn") + "/*"),
             "Condition": {"StringEquals": {"AWS:SourceArn": distribution_arn}}},
            {"Sid": "OnlyHttps", "Effect": "Deny", "Principal": "*", "Action": "s3:*",
             "Resource": [get_att(BUCKET_ID, "Arn"), sub(var(f"{BUCKET_ID}.Arn") + "/*")],
             "Condition": {"Bool": {"aws:SecureTransport": "false"}}},
        ]}},
    }


def _headers_policy(name: str, content_security_policy: str, cache_control: str | None) -> Json:
    config: Json = {
        "Name": sub("${AWS::StackName}-" + name),
        "Comment": f"Security headers of the {name} responses",
        "SecurityHeadersConfig": {
            "StrictTransportSecurity": {"AccessControlMaxAgeSec": HSTS_MAX_AGE, "IncludeSubdomains": True,
                                        "Preload": False, "Override": True},
            "ContentSecurityPolicy": {"ContentSecurityPolicy": content_security_policy, "Override": True},
            "ContentTypeOptions": {"Override": True},
            "FrameOptions": {"FrameOption": "DENY", "Override": True},
            # Invitation and reset tokens are in the page's path: no other site may see it.
            "ReferrerPolicy": {"ReferrerPolicy": "same-origin", "Override": True},
        },
    }
    if cache_control is not None:  # a Cache-Control set on the object itself wins
        config["CustomHeadersConfig"] = {"Items": [
            {"Header": "Cache-Control", "Value": cache_control, "Override": False}]}
    return {"Type": "AWS::CloudFront::ResponseHeadersPolicy", "Properties": {"ResponseHeadersPolicyConfig": config}}


def _api_behaviour(path_pattern: str) -> Json:
    # https-only rather than a redirect: a redirected POST loses its body, and a client that sent a
    # bearer token over plain HTTP must fail loudly.
    return {"PathPattern": path_pattern, "TargetOriginId": API_ORIGIN, "ViewerProtocolPolicy": "https-only",
            "AllowedMethods": ["GET", "HEAD", "OPTIONS", "PUT", "PATCH", "POST", "DELETE"],
            "CachedMethods": ["GET", "HEAD"], "Compress": False,
            "CachePolicyId": CACHING_DISABLED, "OriginRequestPolicyId": ALL_VIEWER_EXCEPT_HOST_HEADER,
            "ResponseHeadersPolicyId": ref(API_HEADERS_ID)}


def _client_behaviour(headers_id: str) -> Json:
    return {"TargetOriginId": S3_ORIGIN, "ViewerProtocolPolicy": "redirect-to-https",
            "AllowedMethods": ["GET", "HEAD"], "CachedMethods": ["GET", "HEAD"], "Compress": True,
            "CachePolicyId": CACHING_OPTIMIZED, "ResponseHeadersPolicyId": ref(headers_id)}


def _distribution(app: Chalice, stage_name: str) -> Json:
    api_domain = sub(var(api.REST_API_ID) + ".execute-api.${AWS::Region}.${AWS::URLSuffix}")
    default = _client_behaviour(PAGE_HEADERS_ID)
    default["FunctionAssociations"] = [{"EventType": "viewer-request",
                                        "FunctionARN": get_att(ROUTES_FUNCTION_ID, "FunctionARN")}]
    return {
        "Type": "AWS::CloudFront::Distribution",
        "Properties": {"DistributionConfig": {
            "Comment": sub("${AWS::StackName}: web client and API"),
            "Enabled": True, "HttpVersion": "http2and3", "IPV6Enabled": True,
            "PriceClass": "PriceClass_100",  # edges in Europe and North America: where the brands are
            "DefaultRootObject": "index.html",
            "Aliases": if_(HAS_DOMAIN_NAME, [ref("DomainName")], ref("AWS::NoValue")),
            # The cloudfront.net certificate accepts TLS 1.0 whatever is asked; a custom domain gets TLS 1.2+.
            "ViewerCertificate": if_(HAS_DOMAIN_NAME,
                                     {"AcmCertificateArn": ref("CertificateArn"), "SslSupportMethod": "sni-only",
                                      "MinimumProtocolVersion": "TLSv1.2_2021"},
                                     {"CloudFrontDefaultCertificate": True}),
            "Origins": [
                {"Id": S3_ORIGIN, "DomainName": get_att(BUCKET_ID, "RegionalDomainName"),
                 "S3OriginConfig": {"OriginAccessIdentity": ""},
                 "OriginAccessControlId": get_att(ORIGIN_ACCESS_ID, "Id")},
                {"Id": API_ORIGIN, "DomainName": api_domain, "OriginPath": f"/{stage_name}",
                 "CustomOriginConfig": {"OriginProtocolPolicy": "https-only", "OriginSSLProtocols": ["TLSv1.2"],
                                        "HTTPSPort": 443}},
            ],
            "DefaultCacheBehavior": default,
            "CacheBehaviors": [{"PathPattern": f"/{CLIENT_ASSETS}/*", **_client_behaviour(ASSET_HEADERS_ID)},
                               *(_api_behaviour(pattern) for pattern in api_path_patterns(app))],
        }},
    }
