"""The bench's moto answers Query and TransactWriteItems as moto does, at the cost of what they touch."""

from __future__ import annotations

import time
from typing import Any

import pytest


def _item(pk: str, sk: str, **attributes: str) -> dict[str, Any]:
    return {"pk": {"S": pk}, "sk": {"S": sk}, **{name: {"S": value} for name, value in attributes.items()}}


def _keys(items: list[dict[str, Any]]) -> list[tuple[str, str]]:
    return [(i["pk"]["S"], i["sk"]["S"]) for i in items]


def _records(dynamodb: Any, streams: Any, table: str) -> list[tuple[str, str]]:
    arn = dynamodb.describe_table(TableName=table)["Table"]["LatestStreamArn"]
    shard = streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][0]["ShardId"]
    iterator = streams.get_shard_iterator(StreamArn=arn, ShardId=shard, ShardIteratorType="TRIM_HORIZON")[
        "ShardIterator"
    ]
    answer = streams.get_records(ShardIterator=iterator)
    return [(r["eventName"], r["dynamodb"]["Keys"]["pk"]["S"]) for r in answer["Records"]]


def test_a_query_reads_its_partition_in_order_and_pages(dynamodb, put, table):
    for sk in ("c", "a", "b"):
        put("p1", sk)
    put("p2", "a")
    put("p0", "z")

    first = dynamodb.query(TableName=table, KeyConditionExpression="pk = :p",
                           ExpressionAttributeValues={":p": {"S": "p1"}}, Limit=2)
    rest = dynamodb.query(TableName=table, KeyConditionExpression="pk = :p",
                          ExpressionAttributeValues={":p": {"S": "p1"}}, ExclusiveStartKey=first["LastEvaluatedKey"])
    newest = dynamodb.query(TableName=table, KeyConditionExpression="pk = :p AND sk > :s", ScanIndexForward=False,
                            ExpressionAttributeValues={":p": {"S": "p1"}, ":s": {"S": "a"}})
    none = dynamodb.query(TableName=table, KeyConditionExpression="pk = :p",
                          ExpressionAttributeValues={":p": {"S": "nobody"}})

    assert _keys(first["Items"]) + _keys(rest["Items"]) == [("p1", "a"), ("p1", "b"), ("p1", "c")]
    assert _keys(newest["Items"]) == [("p1", "c"), ("p1", "b")]
    assert none["Items"] == []


def test_an_index_query_still_sees_every_partition_in_index_order(dynamodb, put, table):
    put("p2", "b", kind={"S": "thread"})
    put("p1", "c", kind={"S": "thread"})
    put("p3", "a", kind={"S": "thread"})
    put("p4", "a", kind={"S": "message"})

    answer = dynamodb.query(TableName=table, IndexName="by_kind", KeyConditionExpression="kind = :k",
                            ExpressionAttributeValues={":k": {"S": "thread"}})
    scanned = dynamodb.scan(TableName=table)

    assert _keys(answer["Items"]) == [("p3", "a"), ("p2", "b"), ("p1", "c")]
    assert len(scanned["Items"]) == 4


def test_a_committed_transaction_writes_everything_with_its_stream_records(dynamodb, streams, put, table):
    put("counter", "a", n={"N": "1"})
    dynamodb.transact_write_items(TransactItems=[
        {"Put": {"TableName": table, "Item": _item("new", "a"), "ConditionExpression": "attribute_not_exists(pk)"}},
        {"Update": {"TableName": table, "Key": {"pk": {"S": "counter"}, "sk": {"S": "a"}},
                    "UpdateExpression": "ADD n :one", "ExpressionAttributeValues": {":one": {"N": "1"}}}},
    ])

    counter = dynamodb.get_item(TableName=table, Key={"pk": {"S": "counter"}, "sk": {"S": "a"}})["Item"]
    assert counter["n"] == {"N": "2"}
    assert dynamodb.get_item(TableName=table, Key={"pk": {"S": "new"}, "sk": {"S": "a"}}).get("Item")
    assert _records(dynamodb, streams, table) == [("INSERT", "counter"), ("INSERT", "new"), ("MODIFY", "counter")]


def test_a_cancelled_transaction_leaves_items_and_stream_as_they_were(dynamodb, streams, put, table):
    put("counter", "a", n={"N": "1"})
    put("old", "a", note={"S": "kept"})
    with pytest.raises(dynamodb.exceptions.TransactionCanceledException) as cancelled:
        dynamodb.transact_write_items(TransactItems=[
            {"Put": {"TableName": table, "Item": _item("new", "a")}},
            {"Update": {"TableName": table, "Key": {"pk": {"S": "counter"}, "sk": {"S": "a"}},
                        "UpdateExpression": "ADD n :one", "ExpressionAttributeValues": {":one": {"N": "1"}}}},
            {"Put": {"TableName": table, "Item": _item("old", "a", note="replaced")}},
            {"Delete": {"TableName": table, "Key": {"pk": {"S": "gone"}, "sk": {"S": "a"}},
                        "ConditionExpression": "attribute_exists(pk)"}},
        ])

    reasons = [r["Code"] for r in cancelled.value.response["CancellationReasons"]]
    assert reasons == ["None", "None", "None", "ConditionalCheckFailed"]
    get = lambda pk: dynamodb.get_item(TableName=table, Key={"pk": {"S": pk}, "sk": {"S": "a"}}).get("Item")  # noqa: E731
    assert get("new") is None
    assert get("counter")["n"] == {"N": "1"}
    assert get("old")["note"] == {"S": "kept"}
    assert _records(dynamodb, streams, table) == [("INSERT", "counter"), ("INSERT", "old")]
    put("after")  # the stream goes on from there
    assert _records(dynamodb, streams, table)[-1] == ("INSERT", "after")


def test_a_transaction_touching_one_item_twice_is_refused_and_changes_nothing(dynamodb, table):
    with pytest.raises(dynamodb.exceptions.ClientError):
        dynamodb.transact_write_items(TransactItems=[
            {"Put": {"TableName": table, "Item": _item("x", "a")}},
            {"Put": {"TableName": table, "Item": _item("x", "a", note="twice")}},
        ])
    assert dynamodb.get_item(TableName=table, Key={"pk": {"S": "x"}, "sk": {"S": "a"}}).get("Item") is None


def test_transactions_and_queries_do_not_slow_down_as_the_table_grows(dynamodb, table):
    def timed_transaction_and_query(n: int) -> float:
        started = time.perf_counter()
        dynamodb.transact_write_items(TransactItems=[{"Put": {"TableName": table, "Item": _item(f"t{n}", "a")}}])
        dynamodb.query(TableName=table, KeyConditionExpression="pk = :p", ExpressionAttributeValues={":p": {"S": "t1"}})
        return time.perf_counter() - started

    small = min(timed_transaction_and_query(n) for n in range(5))
    for start in range(0, 4000, 25):  # moto copied the whole table (and its stream) per transaction
        dynamodb.batch_write_item(RequestItems={table: [
            {"PutRequest": {"Item": _item(f"filler{i}", "a", body="x" * 200)}} for i in range(start, start + 25)]})
    large = min(timed_transaction_and_query(n) for n in range(5, 10))

    assert large < small * 3 + 0.02, (small, large)


ITEM = {"pk": {"S": "p1"}, "sk": {"S": "a"}, "n": {"N": "1.50"}, "blob": {"B": b"\x00\xff"}, "flag": {"BOOL": True},
        "none": {"NULL": True}, "tags": {"SS": ["x", "y"]}, "nums": {"NS": ["1", "2"]}, "blobs": {"BS": [b"a", b"b"]},
        "map": {"M": {"inner": {"L": [{"S": "deep"}, {"N": "3"}, {"M": {}}]}, "empty": {"L": []}}}}


@pytest.mark.parametrize("operation, result", [
    ("Query", {"Count": 1, "ScannedCount": 3, "Items": [ITEM], "NotInTheModel": "dropped",
               "LastEvaluatedKey": {"pk": {"S": "p1"}, "sk": {"S": "a"}},
               "ConsumedCapacity": {"TableName": "t", "CapacityUnits": 0.5}}),
    ("Query", {"Count": 0, "ScannedCount": 0, "Items": [], "LastEvaluatedKey": None}),
    ("GetItem", {"Item": ITEM}),
    ("GetItem", {}),
    ("BatchGetItem", {"Responses": {"t": [ITEM]}, "UnprocessedKeys": {}}),
    ("BatchWriteItem", {"UnprocessedItems": {"t": [{"PutRequest": {"Item": ITEM}}]}}),
    ("UpdateItem", {"Attributes": ITEM}),
    ("TransactWriteItems", {}),
    ("Query", "as stored"),
])
def test_item_answers_are_the_json_moto_would_write(operation, result):
    import json

    from moto.core.responses import ActionContext
    from moto.core.serialize import get_serializer_class
    from moto.core.utils import get_service_model
    from moto.dynamodb.models.dynamo_type import DynamoType
    from moto.dynamodb.responses import DynamoHandler, DynamoResult

    from bench import moto_speed

    moto_speed.install()
    if result == "as stored":  # what moto's query hands over: its own objects, binary values in base64 text
        wire = {**ITEM, "blob": {"B": "AP8="}, "blobs": {"BS": ["YQ==", "Yg=="]}}
        result = {"Count": 1, "ScannedCount": 1, "Items": [{name: DynamoType(value) for name, value in wire.items()}],
                  "LastEvaluatedKey": {"pk": DynamoType({"S": "p1"}), "sk": DynamoType({"S": "a"})}}
    service = get_service_model("dynamodb")
    context = ActionContext(service, service.operation_model(operation), get_serializer_class("dynamodb", "json"),
                            DynamoHandler())
    answer = DynamoResult(result)

    fast, slow = moto_speed._execute_result(answer, context), moto_speed._walked(answer, context)

    assert fast[0] == slow[0] and fast[1] == slow[1]
    assert json.loads(fast[2]) == json.loads(slow[2])


def test_an_answer_keeps_what_moto_adds_to_it(dynamodb, put, table):
    put("p1", "a")
    answer = dynamodb.query(TableName=table, KeyConditionExpression="pk = :p", ReturnConsumedCapacity="TOTAL",
                            ExpressionAttributeValues={":p": {"S": "p1"}})
    assert answer["ConsumedCapacity"]["TableName"] == table
    assert _keys(answer["Items"]) == [("p1", "a")]
