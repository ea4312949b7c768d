"""The embedded moto server reports writes (so snapshots know when to run) and expires old shard iterators."""

from __future__ import annotations

from typing import Any


def test_a_write_is_reported_and_a_read_is_not(writes, dynamodb, put, table):
    before = writes.count
    put("p1")
    assert writes.count == before + 1

    dynamodb.get_item(TableName=table, Key={"pk": {"S": "p1"}, "sk": {"S": "a"}})
    dynamodb.query(TableName=table, KeyConditionExpression="pk = :p", ExpressionAttributeValues={":p": {"S": "p1"}})
    assert writes.count == before + 1


def test_shard_iterators_expire_after_two_passes(backend, dynamodb, streams, table):
    arn = dynamodb.describe_table(TableName=table)["Table"]["LatestStreamArn"]
    shard = streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][0]["ShardId"]
    backend.expire_old_iterators()  # forget what other tests left behind
    backend.expire_old_iterators()
    iterator: Any = streams.get_shard_iterator(StreamArn=arn, ShardId=shard, ShardIteratorType="LATEST")[
        "ShardIterator"
    ]

    assert backend.expire_old_iterators() == 0  # younger than one pass: kept
    streams.get_records(ShardIterator=iterator)
    assert backend.expire_old_iterators() >= 1  # seen at the previous pass: gone


def test_a_refused_transaction_does_not_silence_the_stream(dynamodb, streams, put, table):
    """moto restores deep copies of the tables after a cancelled transaction; readers must follow."""
    arn = dynamodb.describe_table(TableName=table)["Table"]["LatestStreamArn"]
    shard = streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][0]["ShardId"]
    iterator = streams.get_shard_iterator(StreamArn=arn, ShardId=shard, ShardIteratorType="LATEST")["ShardIterator"]
    put("before")
    refused = {"Put": {"TableName": table, "Item": {"pk": {"S": "before"}, "sk": {"S": "a"}},
                       "ConditionExpression": "attribute_not_exists(pk)"}}
    try:
        dynamodb.transact_write_items(TransactItems=[refused])
    except dynamodb.exceptions.TransactionCanceledException:
        pass
    put("after")
    seen: list[str] = []
    for _ in range(3):
        answer = streams.get_records(ShardIterator=iterator)
        seen += [r["dynamodb"]["Keys"]["pk"]["S"] for r in answer["Records"]]
        iterator = answer["NextShardIterator"]
    assert seen == ["before", "after"]
