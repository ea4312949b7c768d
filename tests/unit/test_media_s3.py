"""Kept files in S3 (moto): written with their type, handed out as a presigned link of five minutes, absent is None,
deleted for good."""
from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import boto3
from moto import mock_aws

from chalicelib.adapters.media_s3 import LINK_SECONDS, S3MediaStore
from chalicelib.services.ports.media import File


@mock_aws
def test_a_kept_file_is_put_with_its_type_and_opened_as_a_short_lived_link() -> None:
    client = boto3.client("s3", region_name="eu-west-3")
    client.create_bucket(Bucket="media", CreateBucketConfiguration={"LocationConstraint": "eu-west-3"})
    store = S3MediaStore("media", client)
    store.put("b1/t1/m_1-0", File(b"png", "image/png"))
    stored = client.get_object(Bucket="media", Key="b1/t1/m_1-0")
    assert stored["Body"].read() == b"png" and stored["ContentType"] == "image/png"
    link = store.open("b1/t1/m_1-0")
    assert isinstance(link, str) and urlparse(link).path.endswith("/b1/t1/m_1-0")
    assert parse_qs(urlparse(link).query)["X-Amz-Expires"] == [str(LINK_SECONDS)]
    assert store.open("b1/t1/m_2-0") is None


@mock_aws
def test_a_deleted_file_is_gone_from_the_bucket_and_deleting_again_is_harmless() -> None:
    client = boto3.client("s3", region_name="eu-west-3")
    client.create_bucket(Bucket="media", CreateBucketConfiguration={"LocationConstraint": "eu-west-3"})
    store = S3MediaStore("media", client)
    store.put("b1/t1/m_1-0", File(b"png", "image/png"))
    store.put("b1/t1/m_2-0", File(b"jpg", "image/jpeg"))
    store.delete("b1/t1/m_1-0")
    store.delete("b1/t1/m_1-0")  # an erasure retried
    assert [o["Key"] for o in client.list_objects_v2(Bucket="media")["Contents"]] == ["b1/t1/m_2-0"]
    assert store.open("b1/t1/m_1-0") is None
