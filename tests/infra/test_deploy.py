"""`make deploy`: the plan and apply logic on moto (S3, SSM, CloudFormation change sets, CloudFront).

moto computes change sets (add / modify / remove per resource, "no changes" on an identical update) and
applies them, but never reports a replacement, never fails a resource nor rolls back: those paths are
tested here on described change sets and stack events shaped as CloudFormation returns them. The build
(Linux wheels from PyPI, the web client with npm) is replaced by a fake that writes small files.
"""
from __future__ import annotations

import io
import json
import re
import zipfile
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import boto3
import pytest
from moto import mock_aws
from moto.cloudformation.models import cloudformation_backends
from moto.core import DEFAULT_ACCOUNT_ID

from infra import changeset, deploy_secrets
from infra.changeset import Change, DeployError, Plan
from infra.deploy import Aws, Built, Deployer, Options, parse_options, stack_parameters

REGION = "eu-west-3"
STACK = "comptoir-test"


def small_template(distribution_id: str, extra_resources: dict[str, Any] | None = None) -> dict[str, Any]:
    """A template shaped like the real one (its parameters, a web bucket, outputs) that moto can create."""
    return {
        "AWSTemplateFormatVersion": "2010-09-09",
        "Parameters": {
            "CodeBucket": {"Type": "String"}, "CodeKey": {"Type": "String"},
            "MailFrom": {"Type": "String", "Description": "SES-verified sender"},
            "SecretsPath": {"Type": "String", "Default": "/comptoir/"},
            "LogLevel": {"Type": "String", "Default": "INFO"},
        },
        "Resources": {"WebBucket": {"Type": "AWS::S3::Bucket"},
                      "Queue": {"Type": "AWS::SQS::Queue"}, **(extra_resources or {})},
        "Outputs": {
            "WebBucketName": {"Value": {"Ref": "WebBucket"}},
            "WebDistributionId": {"Value": distribution_id},
            "WebUrl": {"Value": "https://d111111abcdef8.cloudfront.net"},
            "ApiUrl": {"Value": "https://abc.execute-api.eu-west-3.amazonaws.com/api"},
            "TwilioSmsWebhookUrl": {"Value": "https://d111111abcdef8.cloudfront.net/webhooks/twilio/sms"},
            "CodeKeyUsed": {"Value": {"Ref": "CodeKey"}},
        },
    }


class FakeSources:
    """The build and the synthesiser: a small zip, a built web client, and the template a test sets."""

    def __init__(self, root: Path, template: dict[str, Any]) -> None:
        self.root, self.template, self.code = root, template, b"print('v1')"
        self.web = {"index.html": "<html>v1</html>", "assets/app-1a2b.js": "console.log(1)"}

    def build(self, project_dir: Path) -> Built:
        package = self.root / "build" / "deployment.zip"
        package.parent.mkdir(parents=True, exist_ok=True)
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr(zipfile.ZipInfo("app.py", date_time=(1980, 1, 1, 0, 0, 0)), self.code)
        package.write_bytes(buffer.getvalue())
        dist = self.root / "dist"
        for name, text in self.web.items():
            (dist / name).parent.mkdir(parents=True, exist_ok=True)
            (dist / name).write_text(text)
        return Built(package, dist)

    def synthesise(self, out: Path) -> Path:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(self.template, indent=2))
        return out


class CloudFormationOnMoto:
    """moto's client, plus what moto leaves out of ExecuteChangeSet: it keeps the stack's outputs of before."""

    def __init__(self, client: Any) -> None:
        self._client = client

    def __getattr__(self, name: str) -> Any:
        return getattr(self._client, name)

    def execute_change_set(self, **arguments: Any) -> None:
        self._client.execute_change_set(**arguments)
        for stack in cloudformation_backends[DEFAULT_ACCOUNT_ID][REGION].stacks.values():
            if not isinstance(stack.template, str):  # a stack never applied: nothing to refresh
                continue
            stack._parse_template()
            stack.output_map = stack._create_output_map()


@pytest.fixture
def aws() -> Iterator[Aws]:
    with mock_aws():
        clients = Aws.in_region(REGION)
        clients.cloudformation = CloudFormationOnMoto(clients.cloudformation)
        yield clients


@pytest.fixture
def distribution_id(aws: Aws) -> str:
    config = {"CallerReference": "test", "Comment": "", "Enabled": True,
              "Origins": {"Quantity": 1, "Items": [{"Id": "web", "DomainName": "web.s3.amazonaws.com",
                                                   "S3OriginConfig": {"OriginAccessIdentity": ""}}]},
              "DefaultCacheBehavior": {"TargetOriginId": "web", "ViewerProtocolPolicy": "redirect-to-https",
                                       "CachePolicyId": "658327ea-f89d-4fab-a63d-7e88639e58f6"}}
    return str(aws.cloudfront.create_distribution(DistributionConfig=config)["Distribution"]["Id"])


@pytest.fixture
def sources(tmp_path: Path, distribution_id: str) -> FakeSources:
    return FakeSources(tmp_path, small_template(distribution_id))


@pytest.fixture
def secrets_in_place(aws: Aws) -> None:
    for secret in deploy_secrets.SECRETS:
        aws.ssm.put_parameter(Name=deploy_secrets.parameter_name(STACK, secret), Value="x" * 40,
                              Type="SecureString")


def deployer(aws: Aws, sources: FakeSources, out: io.StringIO, **kwargs: Any) -> Deployer:
    return Deployer(aws, out=out, build=sources.build, synthesise=sources.synthesise, sleep=lambda s: None,
                    project_dir=sources.root, **kwargs)


def deploy(aws: Aws, sources: FakeSources, plan_only: bool = False, **kwargs: Any) -> tuple[int, str]:
    out = io.StringIO()
    options = Options(STACK, REGION, plan_only=plan_only, parameters={"MailFrom": "no-reply@example.com"})
    code = deployer(aws, sources, out, **kwargs).run(options)
    return code, out.getvalue()


def stack(aws: Aws) -> dict[str, Any]:
    described: dict[str, Any] = aws.cloudformation.describe_stacks(StackName=STACK)["Stacks"][0]
    return described


def pending_change_sets(aws: Aws) -> list[str]:
    """Change sets someone could still execute (CloudFormation drops executed ones; moto lists them done)."""
    summaries = aws.cloudformation.list_change_sets(StackName=STACK)["Summaries"]
    return [s["ChangeSetName"] for s in summaries if s.get("ExecutionStatus") == "AVAILABLE"]


def outputs(aws: Aws) -> dict[str, str]:
    return {o["OutputKey"]: o["OutputValue"] for o in stack(aws).get("Outputs", [])}


@pytest.mark.usefixtures("secrets_in_place")
def test_a_first_deploy_creates_the_stack_then_publishes_the_web_client(aws: Aws, sources: FakeSources,
                                                                         distribution_id: str) -> None:
    code, printed = deploy(aws, sources)

    assert code == 0, printed
    assert stack(aws)["StackStatus"] == "CREATE_COMPLETE"
    assert f"Stack {STACK}: create, 2 resource change(s)" in printed
    assert any(line.split()[:3] == ["Add", "WebBucket", "AWS::S3::Bucket"] for line in printed.splitlines())
    web_bucket = outputs(aws)["WebBucketName"]
    index = aws.s3.get_object(Bucket=web_bucket, Key="index.html")
    assert index["Body"].read() == b"<html>v1</html>" and index["CacheControl"] == "no-cache"
    assert index["ContentType"] == "text/html"
    assert "immutable" in aws.s3.head_object(Bucket=web_bucket, Key="assets/app-1a2b.js")["CacheControl"]
    invalidations = aws.cloudfront.list_invalidations(DistributionId=distribution_id)["InvalidationList"]
    assert invalidations["Quantity"] == 1
    assert "https://d111111abcdef8.cloudfront.net/webhooks/twilio/sms" in printed
    assert f"python -m ops brands create --stack {STACK}" in printed


@pytest.mark.usefixtures("secrets_in_place")
def test_the_code_goes_to_a_private_versioned_encrypted_bucket_under_its_content_hash(aws: Aws,
                                                                                       sources: FakeSources) -> None:
    deploy(aws, sources)

    key = outputs(aws)["CodeKeyUsed"]
    bucket = f"comptoir-artifacts-{aws.sts.get_caller_identity()['Account']}-{REGION}"
    assert key.startswith(f"comptoir/{STACK}/package-") and key.endswith(".zip")
    assert aws.s3.get_bucket_versioning(Bucket=bucket)["Status"] == "Enabled"
    block = aws.s3.get_public_access_block(Bucket=bucket)["PublicAccessBlockConfiguration"]
    assert all(block.values())
    rules = aws.s3.get_bucket_encryption(Bucket=bucket)["ServerSideEncryptionConfiguration"]["Rules"]
    assert rules[0]["ApplyServerSideEncryptionByDefault"]["SSEAlgorithm"] == "AES256"


@pytest.mark.usefixtures("secrets_in_place")
def test_a_second_deploy_of_the_same_sources_changes_nothing(aws: Aws, sources: FakeSources,
                                                            distribution_id: str) -> None:
    deploy(aws, sources)

    code, printed = deploy(aws, sources)

    assert code == 0, printed
    assert f"Stack {STACK}: no changes." in printed
    assert "Web client: 0 file(s) uploaded" in printed
    assert pending_change_sets(aws) == []
    invalidations = aws.cloudfront.list_invalidations(DistributionId=distribution_id)["InvalidationList"]
    assert invalidations["Quantity"] == 1


@pytest.mark.usefixtures("secrets_in_place")
def test_new_code_updates_the_stack_with_a_new_key_and_only_changed_files_are_uploaded(
        aws: Aws, sources: FakeSources) -> None:
    deploy(aws, sources)
    first_key = outputs(aws)["CodeKeyUsed"]
    sources.code, sources.web["index.html"] = b"print('v2')", "<html>v2</html>"

    code, printed = deploy(aws, sources)

    assert code == 0, printed
    assert stack(aws)["StackStatus"] == "UPDATE_COMPLETE"
    assert outputs(aws)["CodeKeyUsed"] != first_key
    assert "Web client: 1 file(s) uploaded" in printed


@pytest.mark.usefixtures("secrets_in_place")
def test_a_plan_only_shows_and_leaves_no_change_set_behind(aws: Aws, sources: FakeSources) -> None:
    code, printed = deploy(aws, sources, plan_only=True)

    assert code == 0, printed
    assert "Add      Queue" in printed and "Plan only: nothing applied." in printed
    with pytest.raises(aws.cloudformation.exceptions.ClientError, match="does not exist"):
        stack(aws)  # nor the empty stack CloudFormation makes for a CREATE change set
    assert deploy(aws, sources)[0] == 0  # and the real deploy after it still creates
    assert stack(aws)["StackStatus"] == "CREATE_COMPLETE"


@pytest.mark.usefixtures("secrets_in_place")
def test_a_removal_is_applied_only_once_confirmed(aws: Aws, sources: FakeSources) -> None:
    deploy(aws, sources)
    del sources.template["Resources"]["Queue"]
    questions: list[str] = []

    def refuse(question: str) -> bool:
        questions.append(question)
        return False

    code, printed = deploy(aws, sources, confirm=refuse)

    assert code == 1 and "not confirmed: nothing applied" in printed
    assert questions == ["1 resource(s) would be deleted or replaced. Apply? [y/N] "]
    assert "! 1 resource(s) would be deleted or replaced: Queue" in printed
    assert stack(aws)["StackStatus"] == "CREATE_COMPLETE"
    assert pending_change_sets(aws) == []
    assert deploy(aws, sources, confirm=lambda question: True)[0] == 0
    assert stack(aws)["StackStatus"] == "UPDATE_COMPLETE"


def test_missing_secrets_are_generated_or_asked_for_and_stored_encrypted(aws: Aws, sources: FakeSources) -> None:
    prompts: list[str] = []

    def operator(prompt: str) -> str:
        prompts.append(prompt)
        return "AC0123" if "SID" in prompt else "twilio-token"

    code, printed = deploy(aws, sources, ask_secret=operator)

    assert code == 0, printed
    assert len(prompts) == 3  # the Twilio SID and token, Meta's app secret; the two random keys are generated
    path = deploy_secrets.secrets_path(STACK)
    stored = {p["Name"]: p for p in aws.ssm.get_parameters_by_path(Path=path, WithDecryption=True)["Parameters"]}
    assert {p["Type"] for p in stored.values()} == {"SecureString"}
    assert stored[path + "/twilio-auth-token"]["Value"] == "twilio-token"
    assert len(stored[path + "/token-signing-key"]["Value"]) == 64
    assert len(stored[path + "/meta-verify-token"]["Value"]) == 64
    assert "twilio-token" not in printed


def test_without_a_terminal_missing_secrets_stop_the_deploy_with_the_commands(aws: Aws,
                                                                              sources: FakeSources) -> None:
    code, printed = deploy(aws, sources, ask_secret=None)

    assert code == 1
    assert ("aws ssm put-parameter --region eu-west-3 --type SecureString "
            f"--name /comptoir/{STACK}/twilio-auth-token --value '<Twilio auth token>'") in printed
    assert "Building" not in printed  # stopped before anything was built or uploaded
    with pytest.raises(aws.cloudformation.exceptions.ClientError):
        stack(aws)


def test_a_plan_lists_the_missing_secrets_without_asking(aws: Aws, sources: FakeSources) -> None:
    def never(prompt: str) -> str:
        raise AssertionError("a plan asks for nothing")

    code, printed = deploy(aws, sources, plan_only=True, ask_secret=never)

    assert code == 0
    assert printed.count("aws ssm put-parameter") == 5  # one per secret the operator must give or the deploy generates
    assert aws.ssm.get_parameters_by_path(Path=deploy_secrets.secrets_path(STACK))["Parameters"] == []


@pytest.mark.usefixtures("secrets_in_place")
def test_a_stack_without_web_outputs_still_deploys_and_says_what_it_skipped(aws: Aws, sources: FakeSources) -> None:
    for name in ("WebBucketName", "WebDistributionId", "WebUrl"):
        del sources.template["Outputs"][name]

    code, printed = deploy(aws, sources)

    assert code == 0, printed
    assert "Web client: not uploaded, the stack has no WebBucketName output" in printed


def test_parameters_are_given_else_previous_else_default_and_a_missing_required_one_is_named() -> None:
    template = {"Parameters": {"MailFrom": {"Type": "String", "Description": "sender"},
                               "LogLevel": {"Type": "String", "Default": "INFO"},
                               "Hidden": {"Type": "String", "Default": "", "NoEcho": True}}}

    with pytest.raises(DeployError, match="MAIL_FROM=... \\(make\\) or --mail-from"):
        stack_parameters(template, {}, previous={})
    assert stack_parameters(template, {"Unknown": "x", "LogLevel": "DEBUG"},
                            previous={"MailFrom": "a@example.com", "Hidden": "****"}) == [
        {"ParameterKey": "MailFrom", "ParameterValue": "a@example.com"},
        {"ParameterKey": "LogLevel", "ParameterValue": "DEBUG"},
        {"ParameterKey": "Hidden", "UsePreviousValue": True}]


def test_make_passes_stage_region_and_dry_run_through_the_environment() -> None:
    options = parse_options([], {"STAGE": "prod", "REGION": "eu-west-3", "DRY_RUN": "1",
                                 "MAIL_FROM": "no-reply@example.com"})

    assert options == Options("comptoir-prod", "eu-west-3", plan_only=True,
                              parameters={"MailFrom": "no-reply@example.com"})
    assert parse_options(["--stage", "prod", "--region", "eu-west-3"], {"DRY_RUN": "0"}).plan_only is False


# A page of DescribeChangeSet as CloudFormation returns it (moto leaves Replacement out).
DESCRIBED = {
    "Status": "CREATE_COMPLETE",
    "Changes": [
        {"Type": "Resource", "ResourceChange": {"Action": "Modify", "LogicalResourceId": "APIHandler",
                                                "ResourceType": "AWS::Lambda::Function", "Replacement": "False"}},
        {"Type": "Resource", "ResourceChange": {"Action": "Modify", "LogicalResourceId": "Table",
                                                "ResourceType": "AWS::DynamoDB::Table", "Replacement": "True"}},
        {"Type": "Resource", "ResourceChange": {"Action": "Add", "LogicalResourceId": "WebBucket",
                                                "ResourceType": "AWS::S3::Bucket"}},
        {"Type": "Resource", "ResourceChange": {"Action": "Modify", "LogicalResourceId": "Distribution",
                                                "ResourceType": "AWS::CloudFront::Distribution",
                                                "Replacement": "Conditional"}},
    ],
}


def test_the_plan_shows_each_change_and_marks_replacements() -> None:
    plan = Plan("arn:change-set", "UPDATE", tuple(changeset._changes(None, "arn:change-set", DESCRIBED)))

    printed = changeset.format_plan(STACK, plan).splitlines()

    assert printed[0] == f"Stack {STACK}: update, 4 resource change(s)"
    rows = [line.split() for line in printed[2:6]]
    assert rows == [["Add", "WebBucket", "AWS::S3::Bucket", "-"],
                    ["Modify", "APIHandler", "AWS::Lambda::Function", "False"],
                    ["Modify", "Distribution", "AWS::CloudFront::Distribution", "Conditional", "!"],
                    ["Modify", "Table", "AWS::DynamoDB::Table", "True", "!"]]
    assert printed[6] == "  ! 2 resource(s) would be deleted or replaced: Table, Distribution"


class FailingCloudFormation:
    """A stack whose update fails and rolls back: what moto cannot do. Pages of events newest first."""

    def __init__(self) -> None:
        self.executed: list[str] = []
        now = datetime.now(UTC)
        self.events = [
            {"LogicalResourceId": STACK, "ResourceType": "AWS::CloudFormation::Stack", "Timestamp": now,
             "ResourceStatus": "UPDATE_ROLLBACK_COMPLETE"},
            {"LogicalResourceId": "APIHandler", "ResourceType": "AWS::Lambda::Function", "Timestamp": now,
             "ResourceStatus": "UPDATE_FAILED", "ResourceStatusReason": "Resource update cancelled"},
            {"LogicalResourceId": "Table", "ResourceType": "AWS::DynamoDB::Table",
             "Timestamp": now - timedelta(seconds=30), "ResourceStatus": "UPDATE_FAILED",
             "ResourceStatusReason": "Cannot update GSI's properties other than Provisioned Throughput"},
            {"LogicalResourceId": "Old", "ResourceType": "AWS::SQS::Queue", "Timestamp": now - timedelta(days=1),
             "ResourceStatus": "CREATE_FAILED", "ResourceStatusReason": "an earlier deploy"},
        ]

    def execute_change_set(self, ChangeSetName: str) -> None:  # noqa: N803 (boto3's argument names)
        self.executed.append(ChangeSetName)

    def describe_stacks(self, StackName: str) -> dict[str, Any]:  # noqa: N803
        return {"Stacks": [{"StackStatus": "UPDATE_ROLLBACK_COMPLETE"}]}

    def get_paginator(self, name: str) -> FailingCloudFormation:
        assert name == "describe_stack_events"
        return self

    def paginate(self, StackName: str) -> list[dict[str, Any]]:  # noqa: N803
        return [{"StackEvents": self.events[:2]}, {"StackEvents": self.events[2:]}]


def test_a_failed_update_says_which_resources_failed_and_why_first_cause_first() -> None:
    cloudformation = FailingCloudFormation()
    plan = Plan("arn:change-set", "UPDATE", (Change("Modify", "Table", "AWS::DynamoDB::Table", "False"),))

    with pytest.raises(DeployError) as failure:
        changeset.apply_plan(cloudformation, STACK, plan, sleep=lambda s: None)

    lines = str(failure.value).splitlines()
    assert cloudformation.executed == ["arn:change-set"]
    assert lines[0] == f"stack {STACK} ended in UPDATE_ROLLBACK_COMPLETE"
    assert lines[1] == ("  Table (AWS::DynamoDB::Table) UPDATE_FAILED: "
                        "Cannot update GSI's properties other than Provisioned Throughput")
    assert lines[2].startswith("  APIHandler (AWS::Lambda::Function) UPDATE_FAILED")
    assert len(lines) == 3  # the failure of an earlier deploy is not this one's


def test_a_stack_whose_creation_rolled_back_must_be_deleted_first() -> None:
    with pytest.raises(DeployError, match="delete-stack"):
        changeset.change_type("ROLLBACK_COMPLETE")
    assert changeset.change_type(None) == changeset.change_type("REVIEW_IN_PROGRESS") == "CREATE"
    assert changeset.change_type("UPDATE_ROLLBACK_COMPLETE") == "UPDATE"


def test_an_identical_update_is_no_changes_and_leaves_no_change_set() -> None:
    with mock_aws():
        cloudformation = boto3.client("cloudformation", region_name=REGION)
        s3 = boto3.client("s3", region_name=REGION)
        s3.create_bucket(Bucket="templates", CreateBucketConfiguration={"LocationConstraint": REGION})
        body = json.dumps({"Resources": {"Q": {"Type": "AWS::SQS::Queue"}}})
        s3.put_object(Bucket="templates", Key="t.json", Body=body)
        url = f"https://templates.s3.{REGION}.amazonaws.com/t.json"
        first = changeset.create_plan(cloudformation, STACK, url, [], name="first", sleep=lambda s: None)
        changeset.apply_plan(cloudformation, STACK, first, sleep=lambda s: None)

        again = changeset.create_plan(cloudformation, STACK, url, [], name="again", sleep=lambda s: None)

        assert first.change_type == "CREATE" and [c.logical_id for c in first.changes] == ["Q"]
        assert again.empty and changeset.format_plan(STACK, again) == f"Stack {STACK}: no changes."
        summaries = cloudformation.list_change_sets(StackName=STACK)["Summaries"]
        assert [s["ChangeSetName"] for s in summaries] == ["first"]  # executed; "again" deleted


class RefusedChangeSet:
    """CloudFormation refusing a change set for another reason than "no changes" (moto validates little)."""

    def describe_stacks(self, StackName: str) -> dict[str, Any]:  # noqa: N803 (boto3's argument names)
        return {"Stacks": [{"StackStatus": "UPDATE_COMPLETE"}]}

    def create_change_set(self, **arguments: Any) -> dict[str, str]:
        return {"Id": "arn:change-set"}

    def describe_change_set(self, ChangeSetName: str) -> dict[str, str]:  # noqa: N803
        return {"Status": "FAILED", "StatusReason": "Template format error: Unresolved resource dependencies [X]"}


def test_a_change_set_cloudformation_refuses_stops_the_deploy_with_its_reason() -> None:
    with pytest.raises(DeployError, match="could not be created: Template format error"):
        changeset.create_plan(RefusedChangeSet(), STACK, "https://b.s3.eu-west-3.amazonaws.com/t", [], name="n",
                              sleep=lambda s: None)


@pytest.mark.usefixtures("secrets_in_place")
def test_the_stacks_own_template_plans_every_resource_on_a_first_deploy(aws: Aws, sources: FakeSources) -> None:
    """The real template (moto computes its change set; it cannot create its REST API from an OpenAPI body)."""
    from infra.deploy import synthesise_template

    out = io.StringIO()
    real = Deployer(aws, out=out, build=sources.build, synthesise=synthesise_template, sleep=lambda s: None,
                    project_dir=sources.root)

    code = real.run(Options(STACK, REGION, plan_only=True, parameters={"MailFrom": "no-reply@example.com"}))

    template = json.loads((sources.root / "build" / "template.json").read_text())
    printed = out.getvalue()
    assert code == 0, printed
    assert f"Stack {STACK}: create, {len(template['Resources'])} resource change(s)" in printed
    for logical_id, resource in template["Resources"].items():
        assert re.search(rf"^  Add +{logical_id} +{re.escape(resource['Type'])} +-$", printed, re.M), logical_id
