"""Statistics by channel through the API, from the real stream records on moto: `channels=` restricts every
indicator to those channels' conversations, an unknown channel is a 400 naming `channels`, and a day item written
before the split by channel still counts in the all-channel figures (and in no channel's)."""
import csv
import io
import re

import boto3

from chalicelib.models import keys
from chalicelib.models.items.stats import StoreDayItem
from tests.functional.support import ALICE

TODAY = "from=2026-11-23&to=2026-11-23"
BOB = "+33698765432"


def values(stage, token, query=""):
    answer = stage.call("GET", f"/v1/stats?{TODAY}{query}", token=token)
    assert answer.status == 200, answer.body
    return {name: answer.body[name]["value"] for name in (
        "contacts", "conversations", "new_inbound_customers", "connected_customers", "response_time_seconds",
        "response_rate")} | {"by_channel": answer.body["new_inbound_customers"]["by_channel"]}


def sms_and_whatsapp(stage, token):
    """Alice texts and is answered 5 minutes later; Bob writes on WhatsApp and waits."""
    stage.text("Bonjour", sender=ALICE)
    (thread,) = stage.call("GET", "/v1/threads?status=waiting", token=token).body["items"]
    stage.clock.advance(300)
    assert stage.call("POST", f"/v1/threads/{thread['id']}/messages", {"text": "Oui ?"}, token=token).status == 201
    stage.settle()
    stage.text("Bonjour", sender=f"whatsapp:{BOB}")


def test_each_channel_its_own_figures_and_no_filter_their_sum(stage):
    token = stage.login()
    sms_and_whatsapp(stage, token)
    assert values(stage, token, "&channels=sms") == {
        "contacts": 1, "conversations": 1, "new_inbound_customers": 1, "connected_customers": 1,
        "response_time_seconds": 300, "response_rate": 1.0, "by_channel": {"direct_sms": 1}}
    assert values(stage, token, "&channels=whatsapp") == {
        "contacts": 1, "conversations": 1, "new_inbound_customers": 1, "connected_customers": 1,
        "response_time_seconds": None, "response_rate": 0.0, "by_channel": {"whatsapp": 1}}
    everything = values(stage, token)
    assert everything == values(stage, token, "&channels=") == values(stage, token, "&channels=sms,whatsapp")
    assert everything == {"contacts": 2, "conversations": 2, "new_inbound_customers": 2, "connected_customers": 2,
                          "response_time_seconds": 300, "response_rate": 0.5,
                          "by_channel": {"direct_sms": 1, "whatsapp": 1}}
    assert values(stage, token, "&channels=messenger,instagram,review,widget,sdk,ivr")["contacts"] == 0


def test_an_unknown_channel_is_a_400_naming_channels_on_every_statistics_route(stage):
    token = stage.login()
    for path in ("/v1/stats", "/v1/stats/top-stores", "/v1/stats/top-stores.csv"):
        for wrong in ("fax", "sms,fax", "sms,", "SMS"):
            answer = stage.call("GET", f"{path}?{TODAY}&channels={wrong}", token=token)
            assert answer.status == 400 and "channels" in answer.body["errors"], (path, wrong, answer.body)
            assert answer.headers["Content-Type"].startswith("application/problem+json")


def test_top_stores_and_its_csv_by_channel(stage):
    token = stage.login()
    sms_and_whatsapp(stage, token)
    top = stage.call("GET", f"/v1/stats/top-stores?{TODAY}&metric=contacts&channels=whatsapp", token=token).body
    assert top["channels"] == ["whatsapp"]
    assert [(row["rank"], row["value"]) for row in top["items"] if row["value"]] == [(1, 1)]
    answer = stage.call("GET", f"/v1/stats/top-stores.csv?{TODAY}&metric=contacts&channels=sms,whatsapp",
                        token=token)
    rows = list(csv.DictReader(io.StringIO(answer.body.lstrip("\ufeff"))))
    assert sorted(int(row["contacts"]) for row in rows)[-1] == 2


def test_a_day_written_before_the_split_counts_in_the_totals_and_in_no_channel(stage):
    token = stage.login()
    sms_and_whatsapp(stage, token)
    store_id = stage.call("GET", "/v1/stores", token=token).body["items"][0]["id"]
    brand_id = stage.call("GET", "/v1/me", token=token).body["brand_id"]
    client = boto3.client("dynamodb", region_name=StoreDayItem.Meta.region)
    pk = keys.stats_pk(brand_id, store_id)
    client.update_item(  # what the statistics kept of earlier customers, in the day's names before the split
        TableName=StoreDayItem.Meta.table_name, Key={"pk": {"S": pk}, "sk": {"S": keys.stats_day_sk("2026-11-23")}},
        UpdateExpression="ADD c_contacts :two, c_contacts_answered :one, c_new_inbound_customers :one, "
                         "c_new_threads :one, ch_sms :one SET rt = :rt",
        ExpressionAttributeValues={":two": {"N": "2"}, ":one": {"N": "1"}, ":rt": {"L": [{"N": "900"}]}})
    client.update_item(TableName=StoreDayItem.Meta.table_name,
                       Key={"pk": {"S": pk}, "sk": {"S": keys.STATS_TOTAL_SK}},
                       UpdateExpression="ADD threads :one", ExpressionAttributeValues={":one": {"N": "1"}})
    everything = values(stage, token)
    assert everything == {"contacts": 4, "conversations": 2, "new_inbound_customers": 3, "connected_customers": 3,
                          "response_time_seconds": 600, "response_rate": 0.5,
                          "by_channel": {"direct_sms": 2, "whatsapp": 1}}
    assert values(stage, token, "&channels=sms,whatsapp") == {
        "contacts": 2, "conversations": 2, "new_inbound_customers": 2, "connected_customers": 2,
        "response_time_seconds": 300, "response_rate": 0.5, "by_channel": {"direct_sms": 1, "whatsapp": 1}}
    item = client.get_item(TableName=StoreDayItem.Meta.table_name,
                           Key={"pk": {"S": pk}, "sk": {"S": keys.stats_day_sk("2026-11-23")}})["Item"]
    assert {"sms:rt", "whatsapp:c_contacts", "sms:c_contacts"} <= set(item)  # split by channel, not copied
    assert item["rt"] == {"L": [{"N": "900"}]} and "ch_whatsapp" not in item


def test_the_channels_parameter_is_documented_with_the_values_the_server_takes(stage):
    document = stage.call("GET", "/openapi.json").body
    for path in ("/v1/stats", "/v1/stats/top-stores", "/v1/stats/top-stores.csv"):
        (channels,) = [p for p in document["paths"][path]["get"]["parameters"] if p["name"] == "channels"]
        assert channels["in"] == "query" and not channels.get("required")
        pattern = re.compile(channels["schema"]["pattern"])
        for taken in ("", "sms", "sms,whatsapp,messenger,instagram,review,widget,sdk,ivr"):
            assert pattern.search(taken), taken
        for refused in ("fax", "sms,", ",sms", "SMS", "sms, whatsapp"):
            assert not pattern.search(refused), refused
