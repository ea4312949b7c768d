"""Fixtures of the bench's own tests: moto's server in process, as bench/stage.py runs it, with its speed-ups."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from typing import Any

import boto3
import pytest
from botocore.config import Config as BotoConfig

REGION = "eu-west-3"


@pytest.fixture(scope="session")
def endpoint() -> Iterator[str]:
    from moto.server import ThreadedMotoServer

    from bench import moto_speed

    moto_speed.install()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


def _client(service: str, endpoint: str) -> Any:
    return boto3.client(service, endpoint_url=endpoint, region_name=REGION, aws_access_key_id="test",
                        aws_secret_access_key="test", config=BotoConfig(account_id_endpoint_mode="disabled"))


@pytest.fixture
def dynamodb(endpoint: str) -> Any:
    return _client("dynamodb", endpoint)


@pytest.fixture
def streams(endpoint: str) -> Any:
    return _client("dynamodbstreams", endpoint)


@pytest.fixture
def table(dynamodb: Any) -> Iterator[str]:
    """pk/sk, a GSI on `kind`, a NEW_AND_OLD_IMAGES stream, on demand."""
    name = f"t-{uuid.uuid4().hex[:8]}"
    dynamodb.create_table(
        TableName=name,
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
        AttributeDefinitions=[{"AttributeName": name_, "AttributeType": "S"} for name_ in ("pk", "sk", "kind")],
        GlobalSecondaryIndexes=[{"IndexName": "by_kind", "Projection": {"ProjectionType": "ALL"},
                                 "KeySchema": [{"AttributeName": "kind", "KeyType": "HASH"},
                                               {"AttributeName": "sk", "KeyType": "RANGE"}]}],
        BillingMode="PAY_PER_REQUEST",
        StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"},
    )
    yield name
    dynamodb.delete_table(TableName=name)


@pytest.fixture
def put(dynamodb: Any, table: str) -> Callable[..., None]:
    def write(pk: str, sk: str = "a", **attributes: Any) -> None:
        dynamodb.put_item(TableName=table, Item={"pk": {"S": pk}, "sk": {"S": sk}, **attributes})

    return write
