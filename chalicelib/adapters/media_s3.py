"""Kept files in a private S3 bucket; agents get them through short-lived presigned links."""
from __future__ import annotations

from typing import Any

from ..services.ports.media import File

LINK_SECONDS = 300  # a link is handed out only after the agent's rights were checked: it need not live long


class S3MediaStore:
    def __init__(self, bucket: str, client: Any = None) -> None:
        self.bucket = bucket
        self._client = client  # made on first use: cold starts stay cheap

    def _s3(self) -> Any:
        if self._client is None:
            import boto3

            self._client = boto3.client("s3")
        return self._client

    def put(self, key: str, file: File) -> None:
        self._s3().put_object(Bucket=self.bucket, Key=key, Body=file.data,
                              ContentType=file.content_type or "application/octet-stream")

    def open(self, key: str) -> File | str | None:
        from botocore.exceptions import ClientError

        try:
            self._s3().head_object(Bucket=self.bucket, Key=key)
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") in ("404", "NoSuchKey", "NotFound"):
                return None
            raise
        link: str = self._s3().generate_presigned_url(
            "get_object", Params={"Bucket": self.bucket, "Key": key}, ExpiresIn=LINK_SECONDS)
        return link

    def delete(self, key: str) -> None:
        # S3 answers a delete of a missing key with success: an erasure retried deletes nothing twice.
        self._s3().delete_object(Bucket=self.bucket, Key=key)
