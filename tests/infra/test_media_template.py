"""Customers' kept files in the template: a private, encrypted, HTTPS-only bucket kept when the stack goes; the
outbound consumer may only write (and delete) its objects, the API only read and delete them (a customer's
erasure); neither lists it; no other function reaches it."""
from __future__ import annotations

from infra import media
from tests.infra.test_secrets_template import environments
from tests.infra.test_template import Template, all_statements, as_list, function_id_by_handler, role_statements

API, OUTBOUND = "app.app", "chalicelib.handlers.streams.handle_outbound_stream"


def _s3_actions(template: Template, handler: str) -> set[str]:
    return {a for s in role_statements(template, function_id_by_handler(template, handler))
            for a in as_list(s["Action"]) if a.startswith("s3:")}


def test_the_bucket_is_private_encrypted_https_only_and_retained(template: Template) -> None:
    bucket = template["Resources"][media.BUCKET_ID]
    assert bucket["Type"] == "AWS::S3::Bucket" and bucket["DeletionPolicy"] == "Retain"
    properties = bucket["Properties"]
    assert all(properties["PublicAccessBlockConfiguration"].values())
    assert properties["OwnershipControls"]["Rules"] == [{"ObjectOwnership": "BucketOwnerEnforced"}]
    assert properties["BucketEncryption"]["ServerSideEncryptionConfiguration"][0]["ServerSideEncryptionByDefault"]
    [deny] = template["Resources"][media.BUCKET_POLICY_ID]["Properties"]["PolicyDocument"]["Statement"]
    assert deny["Effect"] == "Deny" and deny["Condition"] == {"Bool": {"aws:SecureTransport": "false"}}


def test_the_consumer_only_writes_the_api_only_reads_the_others_nothing(template: Template) -> None:
    assert _s3_actions(template, OUTBOUND) == {"s3:PutObject", "s3:DeleteObject"}
    assert _s3_actions(template, API) == {"s3:GetObject", "s3:DeleteObject"}
    s3 = [s for s in all_statements(template) if any(a.startswith("s3:") for a in as_list(s["Action"]))]
    assert len(s3) == 2  # the two above: no other function's role names S3
    for statement in s3:
        assert statement["Resource"] == [{"Fn::Sub": "${MediaBucket.Arn}/*"}]


def test_only_the_api_and_the_consumer_are_given_the_buckets_name(template: Template) -> None:
    for handler, env in environments(template).items():
        if handler in (API, OUTBOUND):
            assert env[media.BUCKET_VARIABLE] == {"Ref": media.BUCKET_ID}
        else:
            assert media.BUCKET_VARIABLE not in env, handler
