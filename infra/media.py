"""Customers' files we keep (images, videos, audio, documents sent on Meta's channels): a private bucket.

The outbound stream consumer copies each file once its message is on its thread (it writes objects, and deletes
the copies of a message erased while they were made); the API checks the agent's rights on the thread and
answers a presigned link valid five minutes (it reads objects: a HEAD to answer 404 for a missing file, then the
link its own role signs), and deletes a customer's files when the customer is erased. Neither may list the
bucket. No other function reaches it, nobody reads it anonymously, and only HTTPS is accepted.
"""
from __future__ import annotations

from infra.cfn import Json, get_att, ref, sub
from infra.functions import API, OUTBOUND
from infra.web import private_bucket_properties

BUCKET_ID = "MediaBucket"
BUCKET_POLICY_ID = "MediaBucketPolicy"
BUCKET_VARIABLE = "COMPTOIR_MEDIA_BUCKET"  # as chalicelib/media.py reads it
ACTIONS: dict[str, tuple[str, ...]] = {API.name: ("s3:GetObject", "s3:DeleteObject"),
                                       OUTBOUND.name: ("s3:PutObject", "s3:DeleteObject")}


def _objects() -> Json:
    return sub("${" + BUCKET_ID + ".Arn}/*")


def resources() -> dict[str, Json]:
    bucket = {
        "Type": "AWS::S3::Bucket",
        # Files are part of the conversations' history: kept with the stack's data when the stack goes.
        "DeletionPolicy": "Retain",
        "UpdateReplacePolicy": "Retain",
        "Properties": {
            **private_bucket_properties(),
            # A copy cut short by a timeout leaves no parts behind (the stream copies the file again).
            "LifecycleConfiguration": {"Rules": [{"Id": "AbortUnfinishedUploads", "Status": "Enabled",
                                                  "AbortIncompleteMultipartUpload": {"DaysAfterInitiation": 1}}]},
        },
    }
    policy = {
        "Type": "AWS::S3::BucketPolicy",
        "Properties": {"Bucket": ref(BUCKET_ID), "PolicyDocument": {"Version": "2012-10-17", "Statement": [
            {"Sid": "HttpsOnly", "Effect": "Deny", "Principal": "*", "Action": "s3:*",
             "Resource": [get_att(BUCKET_ID, "Arn"), _objects()],
             "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]}},
    }
    return {BUCKET_ID: bucket, BUCKET_POLICY_ID: policy}


def environment(function_name: str) -> dict[str, Json]:
    return {BUCKET_VARIABLE: ref(BUCKET_ID)} if function_name in ACTIONS else {}


def role_statements(function_name: str) -> list[Json]:
    if function_name not in ACTIONS:
        return []
    return [{"Effect": "Allow", "Action": list(ACTIONS[function_name]), "Resource": [_objects()]}]
