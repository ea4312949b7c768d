"""Fixtures for the tests of what reads DynamoDB streams, on whatever backend the folder's `endpoint` fixture names:
clients, a table shaped like Comptoir's (pk/sk, an index, a NEW_AND_OLD_IMAGES stream) per test, a writer."""
from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from typing import Any

import boto3
import pytest
from botocore.config import Config as BotoConfig

REGION = "eu-west-3"


def client(service: str, endpoint: str) -> Any:
    return boto3.client(service, endpoint_url=endpoint, region_name=REGION, aws_access_key_id="test",
                        aws_secret_access_key="test",
                        config=BotoConfig(account_id_endpoint_mode="disabled", retries={"total_max_attempts": 2}))


def create_streamed_table(dynamodb: Any) -> str:
    """Creates a table with a name of its own (on demand, `by_kind` index on kind/sk) and returns the name."""
    name = f"t-{uuid.uuid4().hex[:8]}"
    dynamodb.create_table(
        TableName=name,
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
        AttributeDefinitions=[{"AttributeName": attribute, "AttributeType": "S"} for attribute in ("pk", "sk", "kind")],
        GlobalSecondaryIndexes=[{"IndexName": "by_kind", "Projection": {"ProjectionType": "ALL"},
                                 "KeySchema": [{"AttributeName": "kind", "KeyType": "HASH"},
                                               {"AttributeName": "sk", "KeyType": "RANGE"}]}],
        BillingMode="PAY_PER_REQUEST",
        StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"},
    )
    return name


@pytest.fixture
def dynamodb(endpoint: str) -> Any:
    return client("dynamodb", endpoint)


@pytest.fixture
def streams(endpoint: str) -> Any:
    return client("dynamodbstreams", endpoint)


@pytest.fixture
def table(dynamodb: Any) -> Iterator[str]:
    name = create_streamed_table(dynamodb)
    yield name
    dynamodb.delete_table(TableName=name)


@pytest.fixture
def put(dynamodb: Any, table: str) -> Callable[..., None]:
    """Writes one item of the test's table: put("p1", "a", n={"N": "1"})."""

    def write(pk: str, sk: str = "a", **attributes: Any) -> None:
        dynamodb.put_item(TableName=table, Item={"pk": {"S": pk}, "sk": {"S": sk}, **attributes})

    return write
