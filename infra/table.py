"""The DynamoDB table, derived from the PynamoDB model so the template can never drift from the code.

Keys, indexes, projections, billing mode, stream view and TTL attribute all come from the model's
own schema (`Model._get_schema()`, the one PynamoDB's `create_table` uses for the local stage).
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from pynamodb.attributes import TTLAttribute
from pynamodb.models import Model

from infra.cfn import Json

TABLE_ID = "Table"
_PAY_PER_REQUEST = "PAY_PER_REQUEST"


def _hash_first(key_schema: Sequence[Mapping[str, Any]]) -> list[dict[str, str]]:
    # PynamoDB lists an index's keys in attribute order; DynamoDB wants HASH before RANGE.
    return sorted(({"AttributeName": k["AttributeName"], "KeyType": k["KeyType"]} for k in key_schema),
                  key=lambda k: k["KeyType"] != "HASH")


def _projection(index: Mapping[str, Any]) -> Json:
    projection = index["projection"]
    out: Json = {"ProjectionType": projection["ProjectionType"]}
    if projection.get("NonKeyAttributes"):
        out["NonKeyAttributes"] = list(projection["NonKeyAttributes"])
    return out


def _indexes(indexes: Sequence[Mapping[str, Any]]) -> list[Json]:
    return [
        {"IndexName": index["index_name"], "KeySchema": _hash_first(index["key_schema"]),
         "Projection": _projection(index)}
        for index in sorted(indexes, key=lambda i: i["index_name"])
    ]


def ttl_attribute_name(model: type[Model]) -> str | None:
    ttl = [attr.attr_name for attr in model.get_attributes().values() if isinstance(attr, TTLAttribute)]
    return ttl[0] if ttl else None


def index_names(model: type[Model]) -> list[str]:
    """Names of the global and local secondary indexes: IAM grants Query on exactly these."""
    schema = model._get_schema()
    return sorted(i["index_name"] for i in schema["global_secondary_indexes"] + schema["local_secondary_indexes"])


def table_resource(model: type[Model]) -> Json:
    """`AWS::DynamoDB::Table` for `model`: on-demand, streamed, TTL, point-in-time recovery, retained on delete."""
    meta = model.Meta
    schema = model._get_schema()
    billing_mode = getattr(meta, "billing_mode", None)
    if billing_mode != _PAY_PER_REQUEST:
        raise ValueError(f"{model.__name__}.Meta.billing_mode must be {_PAY_PER_REQUEST} (got {billing_mode!r})")
    stream_view_type = getattr(meta, "stream_view_type", None)
    if not stream_view_type:
        raise ValueError(f"{model.__name__}.Meta.stream_view_type is required: the stream consumer reads it")

    definitions: dict[str, str] = {}
    for definition in schema["attribute_definitions"]:
        definitions.setdefault(definition["AttributeName"], definition["AttributeType"])
    properties: Json = {
        "BillingMode": _PAY_PER_REQUEST,
        "AttributeDefinitions": [{"AttributeName": n, "AttributeType": t} for n, t in definitions.items()],
        "KeySchema": _hash_first(schema["key_schema"]),
        "StreamSpecification": {"StreamViewType": stream_view_type},
        "PointInTimeRecoverySpecification": {"PointInTimeRecoveryEnabled": True},
        "DeletionProtectionEnabled": True,
    }
    if schema["global_secondary_indexes"]:
        properties["GlobalSecondaryIndexes"] = _indexes(schema["global_secondary_indexes"])
    if schema["local_secondary_indexes"]:
        properties["LocalSecondaryIndexes"] = _indexes(schema["local_secondary_indexes"])
    ttl = ttl_attribute_name(model)
    if ttl:
        properties["TimeToLiveSpecification"] = {"AttributeName": ttl, "Enabled": True}
    # The table holds every brand's data: a stack deletion or a replacing update must not drop it.
    return {"Type": "AWS::DynamoDB::Table", "DeletionPolicy": "Retain", "UpdateReplacePolicy": "Retain",
            "Properties": properties}
