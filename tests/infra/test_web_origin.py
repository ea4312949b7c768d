"""One origin on AWS: CloudFront serves the web client from a private bucket and passes the API's paths to
API Gateway, so e-mailed links open the client and the client talks to its own host only."""
from __future__ import annotations

import copy
import json
import re
import shutil
import subprocess
from fnmatch import fnmatchcase
from pathlib import Path
from typing import Any

import pytest
from cfnlint.api import lint_file  # type: ignore[import-untyped]
from cfnlint.config import ManualArgs  # type: ignore[import-untyped]

ROOT = Path(__file__).resolve().parents[2]
WEB = ROOT / "web"
CACHING_DISABLED = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
CACHING_OPTIMIZED = "658327ea-f89d-4fab-a63d-7e88639e58f6"
ALL_VIEWER_EXCEPT_HOST_HEADER = "b689b0a8-53d0-40ab-baf2-68738e2966ac"
ALL_METHODS = {"GET", "HEAD", "OPTIONS", "PUT", "PATCH", "POST", "DELETE"}
E_MAILED_LINKS = ("/invitations/tok_3fa9", "/reset-password/rst_81c2", "/threads/th_01J9Z")

Template = dict[str, Any]






OTHER_BUCKETS = {"MediaBucket", "MediaBucketPolicy"}  # customers' kept files: not the web client's (test_media)


def one(template: Template, resource_type: str) -> tuple[str, dict[str, Any]]:
    [(name, resource)] = [(n, r) for n, r in template["Resources"].items()
                          if r["Type"] == resource_type and n not in OTHER_BUCKETS]
    return name, resource


def distribution(template: Template) -> dict[str, Any]:
    config: dict[str, Any] = one(template, "AWS::CloudFront::Distribution")[1]["Properties"]["DistributionConfig"]
    return config


def origin(template: Template, origin_id: str) -> dict[str, Any]:
    [found] = [o for o in distribution(template)["Origins"] if o["Id"] == origin_id]
    return found


def behaviour_for(template: Template, path: str) -> dict[str, Any]:
    """The behaviour CloudFront picks for a path: the first pattern that matches, else the default."""
    for behaviour in distribution(template)["CacheBehaviors"]:
        if fnmatchcase(path, behaviour["PathPattern"]):
            return dict(behaviour)
    return dict(distribution(template)["DefaultCacheBehavior"])


def api_origin_id(template: Template) -> str:
    rest_api, _ = one(template, "AWS::ApiGateway::RestApi")
    [found] = [o["Id"] for o in distribution(template)["Origins"]
               if "${" + rest_api + "}.execute-api." in json.dumps(o["DomainName"])]
    return found


def sample_paths(route: str) -> str:
    return re.sub(r"\{[^}]+\}", "x1", route)


# -- paths and origins ---------------------------------------------------------------------------

def test_every_api_route_reaches_api_gateway_uncached_with_the_viewers_headers(template: Template) -> None:
    from app import app

    api = api_origin_id(template)
    routes = [r for r in app.routes if not r.startswith("/sandbox")]
    assert {"/openapi.json", "/v1/me", "/webhooks/twilio/sms"} <= set(routes)
    for route in [*routes, "/widget/loader.js", "/v1/threads?status=open"]:
        behaviour = behaviour_for(template, sample_paths(route).split("?")[0])
        assert behaviour["TargetOriginId"] == api, route
        assert behaviour["CachePolicyId"] == CACHING_DISABLED
        assert behaviour["OriginRequestPolicyId"] == ALL_VIEWER_EXCEPT_HOST_HEADER  # Host would break API Gateway
        assert set(behaviour["AllowedMethods"]) == ALL_METHODS
        assert behaviour["ViewerProtocolPolicy"] == "https-only"


def test_the_sandbox_is_never_routed_to_the_api(template: Template) -> None:
    from app import app

    api = api_origin_id(template)
    sandbox = [r for r in app.routes if r.startswith("/sandbox")]
    assert sandbox  # the app has them (local stage): CloudFront must not pass them
    for route in [*sandbox, "/sandbox/anything"]:
        assert behaviour_for(template, sample_paths(route))["TargetOriginId"] != api
    assert not [b for b in distribution(template)["CacheBehaviors"] if "sandbox" in b["PathPattern"]]


def test_the_api_origin_is_the_rest_apis_stage(template: Template) -> None:
    _, stage = one(template, "AWS::ApiGateway::Stage")
    api = origin(template, api_origin_id(template))
    assert api["OriginPath"] == "/" + stage["Properties"]["StageName"]  # URLs are /{stage}/v1/...
    assert api["CustomOriginConfig"]["OriginProtocolPolicy"] == "https-only"
    assert api["CustomOriginConfig"]["OriginSSLProtocols"] == ["TLSv1.2"]


def test_everything_else_is_the_web_client_from_the_bucket_cached_and_compressed(template: Template) -> None:
    bucket, _ = one(template, "AWS::S3::Bucket")
    [s3] = [o for o in distribution(template)["Origins"] if "S3OriginConfig" in o]
    assert s3["DomainName"] == {"Fn::GetAtt": [bucket, "RegionalDomainName"]}
    for path in ("/", "/index.html", "/assets/index-abc123.js", *E_MAILED_LINKS, "/favicon.ico"):
        behaviour = behaviour_for(template, path)
        assert behaviour["TargetOriginId"] == s3["Id"], path
        assert behaviour["CachePolicyId"] == CACHING_OPTIMIZED
        assert behaviour["Compress"] is True
        assert behaviour["ViewerProtocolPolicy"] == "redirect-to-https"
        assert set(behaviour["AllowedMethods"]) == {"GET", "HEAD"}
    assert distribution(template)["DefaultRootObject"] == "index.html"
    # A distribution-wide error page would turn the API's own 403/404 answers into index.html.
    assert "CustomErrorResponses" not in distribution(template)


def test_the_client_routes_function_runs_on_viewer_requests_of_the_default_behaviour(template: Template) -> None:
    function_id, function = one(template, "AWS::CloudFront::Function")
    assert function["Properties"]["FunctionConfig"]["Runtime"] == "cloudfront-js-2.0"
    assert function["Properties"]["AutoPublish"] is True  # the distribution uses the LIVE stage
    assert distribution(template)["DefaultCacheBehavior"]["FunctionAssociations"] == [
        {"EventType": "viewer-request", "FunctionARN": {"Fn::GetAtt": [function_id, "FunctionARN"]}}]
    assert all("FunctionAssociations" not in b for b in distribution(template)["CacheBehaviors"])


def run_routes_function(code: str, uris: list[str]) -> list[dict[str, Any]]:
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is needed to run the CloudFront Function's JavaScript")
    harness = code + "\nconsole.log(JSON.stringify(JSON.parse(process.argv[1]).map(function (uri) {" \
                     "return handler({ request: { method: 'GET', uri: uri, headers: {}, querystring: {} } }); })));"
    result = subprocess.run([node, "-e", harness, json.dumps(uris)], capture_output=True, text=True, timeout=30,
                            check=False)
    assert result.returncode == 0, result.stderr
    answers: list[dict[str, Any]] = json.loads(result.stdout)
    return answers


def test_e_mailed_links_and_client_paths_get_index_html_and_files_pass(template: Template) -> None:
    _, function = one(template, "AWS::CloudFront::Function")
    code = function["Properties"]["FunctionCode"]
    client = [*E_MAILED_LINKS, "/", "/inbox", "/threads/th_01J9Z/", "/invitations/tok.with.dots"]
    files = ["/index.html", "/assets/index-y66Fl5Ia.js", "/assets/index-CfBHz29k.css", "/favicon.ico"]
    answers = run_routes_function(code, [*client, *files, "/sandbox/clock", "/sandbox"])
    assert [a["uri"] for a in answers[:len(client)]] == ["/index.html"] * len(client)
    assert [a["uri"] for a in answers[len(client):len(client) + len(files)]] == files
    assert [a.get("statusCode") for a in answers[-2:]] == [404, 404]  # the client sees no sandbox clock


# -- the bucket ----------------------------------------------------------------------------------

def test_the_bucket_is_private_encrypted_and_owned_by_the_account(template: Template) -> None:
    _, bucket = one(template, "AWS::S3::Bucket")
    props = bucket["Properties"]
    assert props["PublicAccessBlockConfiguration"] == {
        "BlockPublicAcls": True, "BlockPublicPolicy": True, "IgnorePublicAcls": True, "RestrictPublicBuckets": True}
    assert props["OwnershipControls"] == {"Rules": [{"ObjectOwnership": "BucketOwnerEnforced"}]}
    [rule] = props["BucketEncryption"]["ServerSideEncryptionConfiguration"]
    assert rule["ServerSideEncryptionByDefault"]["SSEAlgorithm"] in ("AES256", "aws:kms")
    assert "WebsiteConfiguration" not in props  # read through CloudFront's signed requests, not a website


def test_only_this_distribution_reads_the_bucket_through_origin_access_control(template: Template) -> None:
    bucket_id, _ = one(template, "AWS::S3::Bucket")
    distribution_id, _ = one(template, "AWS::CloudFront::Distribution")
    oac_id, oac = one(template, "AWS::CloudFront::OriginAccessControl")
    config = oac["Properties"]["OriginAccessControlConfig"]
    assert (config["OriginAccessControlOriginType"], config["SigningBehavior"], config["SigningProtocol"]) == (
        "s3", "always", "sigv4")
    [s3] = [o for o in distribution(template)["Origins"] if "S3OriginConfig" in o]
    assert s3["OriginAccessControlId"] == {"Fn::GetAtt": [oac_id, "Id"]}
    assert s3["S3OriginConfig"] == {"OriginAccessIdentity": ""}  # no legacy identity alongside

    _, policy = one(template, "AWS::S3::BucketPolicy")
    assert policy["Properties"]["Bucket"] == {"Ref": bucket_id}
    statements = policy["Properties"]["PolicyDocument"]["Statement"]
    [allow] = [s for s in statements if s["Effect"] == "Allow"]
    assert allow["Principal"] == {"Service": "cloudfront.amazonaws.com"}
    assert allow["Action"] == "s3:GetObject"
    assert allow["Resource"] == {"Fn::Sub": "${" + bucket_id + ".Arn}/*"}
    [(operator, condition)] = allow["Condition"].items()
    assert operator == "StringEquals"
    [source_arn] = condition.values()
    assert list(condition) == ["AWS:SourceArn"]
    assert source_arn["Fn::Sub"].endswith(":distribution/${" + distribution_id + "}")
    denies = [s for s in statements if s["Effect"] == "Deny"]
    assert [s["Condition"] for s in denies] == [{"Bool": {"aws:SecureTransport": "false"}}]


# -- headers and TLS -----------------------------------------------------------------------------

def headers_policy(template: Template, behaviour: dict[str, Any]) -> dict[str, Any]:
    policy_id = behaviour["ResponseHeadersPolicyId"]["Ref"]
    resource = template["Resources"][policy_id]
    assert resource["Type"] == "AWS::CloudFront::ResponseHeadersPolicy"
    config: dict[str, Any] = resource["Properties"]["ResponseHeadersPolicyConfig"]
    return config


def csp_directives(policy: str) -> dict[str, list[str]]:
    return {d.split()[0]: d.split()[1:] for d in policy.split(";") if d.strip()}


@pytest.mark.parametrize("path", ["/", "/assets/index-abc.js", "/threads/th_1", "/v1/me", "/webhooks/twilio/sms"])
def test_every_answer_carries_the_security_headers(template: Template, path: str) -> None:
    security = headers_policy(template, behaviour_for(template, path))["SecurityHeadersConfig"]
    hsts = security["StrictTransportSecurity"]
    assert hsts["AccessControlMaxAgeSec"] >= 365 * 24 * 3600 and hsts["IncludeSubdomains"] is True
    assert security["ContentTypeOptions"]["Override"] is True  # X-Content-Type-Options: nosniff
    assert security["FrameOptions"]["FrameOption"] == "DENY"
    assert security["ReferrerPolicy"]["ReferrerPolicy"] in ("same-origin", "no-referrer", "strict-origin")
    csp = csp_directives(security["ContentSecurityPolicy"]["ContentSecurityPolicy"])
    assert csp["frame-ancestors"] == ["'none'"]


def test_the_clients_content_security_policy_allows_only_its_own_host_for_code_and_calls(template: Template) -> None:
    security = headers_policy(template, behaviour_for(template, "/"))["SecurityHeadersConfig"]
    csp = csp_directives(security["ContentSecurityPolicy"]["ContentSecurityPolicy"])
    for directive in ("default-src", "script-src", "style-src", "connect-src"):
        assert csp[directive] == ["'self'"], directive
    assert csp["object-src"] == ["'none'"] and csp["base-uri"] == ["'self'"]
    assert "https:" in csp["img-src"]  # agents' pictures are any https address they chose
    assert not {"'unsafe-inline'", "'unsafe-eval'", "*"} & {v for values in csp.values() for v in values}


def test_the_built_client_fits_its_content_security_policy() -> None:
    index = (WEB / "index.html").read_text()
    built = WEB / "dist" / "index.html"
    pages = [index, built.read_text()] if built.is_file() else [index]
    for page in pages:
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page), "inline script: script-src 'self' blocks it"
        assert not re.search(r"<style|\sstyle=|\son[a-z]+=", page), "inline style or handler"
        assert not re.search(r"(src|href)=\"(https?:)?//", page), "a file from another host"
    css = "".join(p.read_text() for p in (WEB / "src").glob("*.css"))
    assert "@import" not in css and not re.search(r"url\(\s*['\"]?(https?:)?//", css)


def test_cached_assets_are_kept_for_good_and_the_page_checked_again(template: Template) -> None:
    def cache_control(path: str) -> str:
        items = headers_policy(template, behaviour_for(template, path))["CustomHeadersConfig"]["Items"]
        [value] = [i["Value"] for i in items if i["Header"] == "Cache-Control"]
        return str(value)

    assert "immutable" in cache_control("/assets/index-abc.js")
    assert cache_control("/") == cache_control("/invitations/tok_1") == "no-cache"
    assert "CustomHeadersConfig" not in headers_policy(template, behaviour_for(template, "/v1/me"))


def test_https_only_tls_12_with_a_custom_domain_and_the_default_certificate_without(template: Template) -> None:
    config = distribution(template)
    certificate = config["ViewerCertificate"]["Fn::If"]
    condition, custom, default = certificate
    assert custom["MinimumProtocolVersion"].startswith("TLSv1.2") and custom["SslSupportMethod"] == "sni-only"
    assert custom["AcmCertificateArn"] == {"Ref": "CertificateArn"}
    assert default == {"CloudFrontDefaultCertificate": True}
    assert config["Aliases"] == {"Fn::If": [condition, [{"Ref": "DomainName"}], {"Ref": "AWS::NoValue"}]}
    for behaviour in [config["DefaultCacheBehavior"], *config["CacheBehaviors"]]:
        assert behaviour["ViewerProtocolPolicy"] in ("redirect-to-https", "https-only")


# -- the URL the app gives out -------------------------------------------------------------------

def test_the_app_links_to_and_twilio_signs_the_distributions_url(template: Template) -> None:
    distribution_id, _ = one(template, "AWS::CloudFront::Distribution")
    web_url = template["Outputs"]["WebUrl"]["Value"]
    condition, custom, default = web_url["Fn::If"]
    assert custom == {"Fn::Sub": "https://${DomainName}"}
    assert default == {"Fn::Sub": "https://${" + distribution_id + ".DomainName}"}
    for function in (r for r in template["Resources"].values() if r["Type"] == "AWS::Lambda::Function"):
        assert function["Properties"]["Environment"]["Variables"]["PUBLIC_BASE_URL"] == web_url
    assert template["Outputs"]["PublicBaseUrl"]["Value"] == web_url
    assert template["Outputs"]["TwilioSmsWebhookUrl"]["Value"] == {
        "Fn::Join": ["", [web_url, "/webhooks/twilio/sms"]]}
    assert template["Outputs"]["TwilioVoiceWebhookUrl"]["Value"] == {
        "Fn::Join": ["", [web_url, "/webhooks/twilio/voice"]]}


def test_the_deploy_finds_the_bucket_and_the_distribution_in_the_outputs(template: Template) -> None:
    bucket_id, _ = one(template, "AWS::S3::Bucket")
    distribution_id, _ = one(template, "AWS::CloudFront::Distribution")
    outputs = template["Outputs"]
    assert outputs["WebBucketName"]["Value"] == {"Ref": bucket_id}
    assert outputs["WebDistributionId"]["Value"] == {"Ref": distribution_id}
    assert outputs["WebDistributionDomainName"]["Value"] == {"Fn::GetAtt": [distribution_id, "DomainName"]}


# -- both shapes lint ----------------------------------------------------------------------------

def lint(path: Path) -> list[str]:
    matches = lint_file(path, config=ManualArgs(regions=["eu-west-3", "us-east-1"]))
    return [f"{m.rule.id} {m.message} ({m.linenumber})" for m in matches if m.rule.id[0] in "EW"]


def test_both_shapes_pass_cfn_lint(template: Template, tmp_path: Path) -> None:
    with_domain = copy.deepcopy(template)
    with_domain["Parameters"]["DomainName"]["Default"] = "inbox.example.com"
    with_domain["Parameters"]["CertificateArn"]["Default"] = (
        "arn:aws:acm:us-east-1:123456789012:certificate/0b7c2d9e-1f3a-4c5b-8d6e-7f8091a2b3c4")
    path = tmp_path / "with_domain.json"
    path.write_text(json.dumps(with_domain))
    assert lint(path) == []


def test_a_domain_without_its_certificate_is_refused_before_anything_is_created(template: Template) -> None:
    rules = template["Rules"]
    refs = {json.dumps(r["RuleCondition"]): [json.dumps(a["Assert"]) for a in r["Assertions"]] for r in rules.values()}
    assert any('"DomainName"' in condition and any('"CertificateArn"' in a for a in asserts)
               for condition, asserts in refs.items())


# -- the client talks to its own host ------------------------------------------------------------

def test_the_web_client_calls_only_relative_urls() -> None:
    sources = {p.name: p.read_text() for p in (WEB / "src").rglob("*") if p.suffix in (".ts", ".tsx")}
    assert sources
    checked = 0
    for name, text in sources.items():
        # No host anywhere in the client: every request is to the page's own origin.
        assert not re.findall(r"(?:https?:|wss?:)?//[A-Za-z0-9][\w.-]*\.[a-z]{2,}", text), name
        # A literal URL given to fetch/prefetch, or as api()'s path after its method, is a path.
        calls = [*re.finditer(r"\b(?:fetch|prefetch)\(\s*([\"'`])(.)", text),
                 *re.finditer(r"\bapi(?:<[^>]*>)?\(\s*\"[A-Z]+\",\s*([\"'`])(.)", text)]
        for call in calls:
            if call.group(1) == "`" and call.group(2) == "$":
                continue  # a path built elsewhere (threadsPath): the host scan above covers it
            assert call.group(2) == "/", f"{name}: {call.group(0)}"
        checked += len(calls)
        assert "new WebSocket" not in text and "new EventSource" not in text and "XMLHttpRequest" not in text
    assert checked > 20  # the patterns above do find the client's calls
    config = (WEB / "vite.config.ts").read_text()
    assert "base:" not in config  # assets are served from /assets on the page's host
    built = WEB / "dist" / "index.html"
    if built.is_file():
        assert re.findall(r"(?:src|href)=\"([^\"]+)\"", built.read_text()) and all(
            url.startswith("/assets/") for url in re.findall(r"(?:src|href)=\"([^\"]+)\"", built.read_text()))
