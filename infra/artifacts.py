"""S3 for a deploy: the artifacts bucket (code package, template), and the web client's upload and invalidation.

Artifacts are stored under content-hash keys, so uploading twice is free and a key names one exact build:
a template pointing at an older key rolls the code back.
"""
from __future__ import annotations

import hashlib
import mimetypes
from pathlib import Path
from typing import Any

from botocore.exceptions import ClientError

ARTIFACTS_PREFIX = "comptoir"
# Vite names what it builds under assets/ after their content: cached for a year; the rest, index.html
# first, is revalidated on each load so a deploy shows at once.
_IMMUTABLE = "public, max-age=31536000, immutable"
_REVALIDATE = "no-cache"


def artifacts_bucket_name(account_id: str, region: str) -> str:
    """One bucket per account and region (names are global: the account id keeps it ours)."""
    return f"comptoir-artifacts-{account_id}-{region}"


def ensure_artifacts_bucket(s3: Any, bucket: str, region: str) -> bool:
    """Creates the bucket once: private, versioned, encrypted, old versions expired. True when created now."""
    try:
        s3.head_bucket(Bucket=bucket)
        return False
    except ClientError as error:
        if error.response.get("Error", {}).get("Code") not in ("404", "NoSuchBucket", "NotFound"):
            raise  # 403: the name is someone else's, or these credentials may not read it
    location = {} if region == "us-east-1" else {"CreateBucketConfiguration": {"LocationConstraint": region}}
    s3.create_bucket(Bucket=bucket, ObjectOwnership="BucketOwnerEnforced", **location)
    s3.put_public_access_block(Bucket=bucket, PublicAccessBlockConfiguration={
        "BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": True, "RestrictPublicBuckets": True})
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    s3.put_bucket_encryption(Bucket=bucket, ServerSideEncryptionConfiguration={
        "Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}]})
    s3.put_bucket_lifecycle_configuration(Bucket=bucket, LifecycleConfiguration={"Rules": [{
        "ID": "expire-old-versions", "Status": "Enabled", "Filter": {"Prefix": ""},
        "NoncurrentVersionExpiration": {"NoncurrentDays": 90},
        "AbortIncompleteMultipartUpload": {"DaysAfterInitiation": 7}}]})
    return True


def upload_artifact(s3: Any, bucket: str, stack: str, path: Path, kind: str) -> str:
    """Uploads `path` under `comptoir/<stack>/<kind>-<sha256 prefix><suffix>` unless already there; the key."""
    digest = hashlib.sha256(path.read_bytes()).hexdigest()[:16]
    key = f"{ARTIFACTS_PREFIX}/{stack}/{kind}-{digest}{path.suffix}"
    try:
        s3.head_object(Bucket=bucket, Key=key)
    except ClientError:
        s3.upload_file(str(path), bucket, key)
    return key


def template_url(bucket: str, region: str, key: str) -> str:
    """The S3 URL CloudFormation reads a template from (templates over 51,200 bytes must come from S3)."""
    return f"https://{bucket}.s3.{region}.amazonaws.com/{key}"


def upload_web_client(s3: Any, bucket: str, dist: Path) -> list[str]:
    """Uploads the built web client's files whose content changed (MD5 = ETag of a single-part upload).

    Files of earlier builds are kept: a browser still on the previous index.html can load its assets.
    Returns the keys uploaded.
    """
    uploaded: list[str] = []
    for path in sorted(p for p in dist.rglob("*") if p.is_file()):
        key = path.relative_to(dist).as_posix()
        body = path.read_bytes()
        if _etag(s3, bucket, key) == hashlib.md5(body, usedforsecurity=False).hexdigest():
            continue
        content_type = mimetypes.guess_type(key)[0] or "application/octet-stream"
        cache = _IMMUTABLE if key.startswith("assets/") else _REVALIDATE
        s3.put_object(Bucket=bucket, Key=key, Body=body, ContentType=content_type, CacheControl=cache)
        uploaded.append(key)
    return uploaded


def _etag(s3: Any, bucket: str, key: str) -> str | None:
    try:
        return str(s3.head_object(Bucket=bucket, Key=key)["ETag"]).strip('"')
    except ClientError:
        return None


def invalidate(cloudfront: Any, distribution_id: str, uploaded: list[str]) -> str:
    """Invalidates `/*` once per set of uploads (the reference is their hash, so a retry is not a second one)."""
    reference = hashlib.sha256("\n".join(uploaded).encode()).hexdigest()[:32]
    answer = cloudfront.create_invalidation(DistributionId=distribution_id, InvalidationBatch={
        "Paths": {"Quantity": 1, "Items": ["/*"]}, "CallerReference": reference})
    return str(answer["Invalidation"]["Id"])
