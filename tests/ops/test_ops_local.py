"""The ops command end to end against the real local stage, as an operator runs it: `python -m ops ...` in its
own process, finding the stage through PORT and COMPTOIR_DATA."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import boto3
import pytest

from tests.blackbox.stage import ROOT, LocalStage

NUMBER = "+15550000042"
ADMIN = "first.admin@lumiere.test"


@pytest.fixture(scope="module")
def stage(tmp_path_factory: pytest.TempPathFactory):
    local = LocalStage(tmp_path_factory.mktemp("ops-stage"))
    local.start()
    yield local
    if local.process and local.process.poll() is None:
        local.stop()
    local.stop_leftovers()


def ops(stage: LocalStage, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("COMPTOIR_", "DYNAMODB_", "PUBLIC_"))}
    env.update(PORT=str(stage.port), COMPTOIR_DATA=str(stage.data_dir))
    return subprocess.run([sys.executable, "-m", "ops", *args], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=120)


def ok(stage: LocalStage, *args: str) -> Any:
    done = ops(stage, *args)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def onboarded(stage: LocalStage) -> dict[str, Any]:
    created = ok(stage, "brands", "create", "--name", "Lumière", "--admin-email", ADMIN, "--store-name",
                 "Lumière Lyon", "--timezone", "Europe/Paris", "--number", NUMBER)
    token = created["invitation_url"].rsplit("/invitations/", 1)[1]
    accepted = stage.call("POST", f"/v1/invitations/{token}/accept",
                          {"password": "lumiere-password", "first_name": "Lou", "last_name": "Mière"})
    assert accepted.status_code == 200, accepted.text
    return {**created, "token": stage.login(ADMIN, "lumiere-password")}


def test_brands_create_prints_an_invitation_the_first_admin_accepts_and_logs_in_with(stage, onboarded):
    assert onboarded["invitation_url"].startswith(f"{stage.base}/invitations/{onboarded['brand_id']}.")
    me = stage.call("GET", "/v1/me", token=onboarded["token"]).json()
    assert me["brand_id"] == onboarded["brand_id"] and me["brand_admin"] is True
    stores = stage.call("GET", "/v1/stores", token=onboarded["token"]).json()["items"]
    assert [(s["id"], s["phone_number"]) for s in stores] == [(onboarded["store_id"], NUMBER)]
    mail = stage.call("GET", "/sandbox/mail", params={"to": ADMIN}).json()["items"]
    assert onboarded["invitation_url"] in mail[0]["body"]


def test_a_text_to_the_new_number_lands_in_the_new_brands_inbox(stage, onboarded):
    stage.text("Bonjour Lumière", sender="+33611223344", to=NUMBER)
    mine = stage.call("GET", "/v1/threads", token=onboarded["token"]).json()["items"]
    assert [t["customer"]["phone"] for t in mine] == ["+33611223344"]
    demo = stage.call("GET", "/v1/threads", token=stage.login()).json()["items"]
    assert all(t["customer"]["phone"] != "+33611223344" for t in demo)


def test_brands_list_shows_both_brands_with_their_numbers(stage, onboarded):
    brands = {b["brand_id"]: b for b in ok(stage, "brands", "list")["brands"]}
    assert brands["demo"]["stores"][0]["number"] == "+15550000001"
    assert brands[onboarded["brand_id"]]["stores"][0]["number"] == NUMBER


def test_a_number_of_another_store_is_refused_and_a_free_one_moves_with_its_release(stage, onboarded):
    taken = ops(stage, "numbers", "assign", "--store-id", onboarded["store_id"], "--number", "+15550000001")
    assert taken.returncode == 1 and "already assigned to store" in taken.stderr and taken.stdout == ""
    bad = ops(stage, "numbers", "assign", "--store-id", onboarded["store_id"], "--number", "12")
    assert bad.returncode == 1 and "number" in bad.stderr
    moved = ok(stage, "numbers", "assign", "--store-id", onboarded["store_id"], "--number", "+15550000043")
    assert moved["changed"] and moved["previous_number"] == NUMBER and moved["store"]["number"] == "+15550000043"
    again = ok(stage, "numbers", "assign", "--store-id", onboarded["store_id"], "--number", "+15550000043")
    assert again["changed"] is False
    assert ok(stage, "numbers", "release", "--number", "+15550000043")["store"]["store_id"] == onboarded["store_id"]
    assert ok(stage, "numbers", "release", "--number", "+15550000043")["changed"] is False
    back = ok(stage, "numbers", "assign", "--store-id", onboarded["store_id"], "--number", NUMBER,
              "--brand-id", onboarded["brand_id"])
    assert back["store"]["number"] == NUMBER


def test_reset_password_sends_the_mail_and_prints_nothing_secret(stage, onboarded):
    done = ops(stage, "agents", "reset-password", "--email", ADMIN)
    assert done.returncode == 0 and json.loads(done.stdout) == {"email": ADMIN, "reset_sent": True}
    mail = stage.call("GET", "/sandbox/mail", params={"to": ADMIN}).json()["items"]
    link = mail[0]["body"].split("/reset-password/", 1)[1].split()[0]
    assert link not in done.stdout + done.stderr
    assert ok(stage, "agents", "reset-password", "--email", "nobody@lumiere.test")["reset_sent"] is False


def test_export_writes_every_item_of_the_brand_and_resumes_from_its_cursor(stage, onboarded, tmp_path: Path):
    stage.text("Encore une question", sender="+33611223344", to=NUMBER)
    out = tmp_path / "lumiere.jsonl"
    done = ops(stage, "brands", "export", "--brand-id", onboarded["brand_id"], "--out", str(out),
               "--resume", str(tmp_path / "cursor.json"))
    assert done.returncode == 0, done.stderr
    assert "done" in done.stderr and "threads" in done.stderr
    items = [json.loads(line) for line in out.read_text().splitlines()]
    brand_pk = f"B#{onboarded['brand_id']}"
    kinds = {i.get("kind") for i in items}
    assert {"brand", "store", "agent", "thread", "message", "number", "email"} <= kinds, kinds
    assert all(i["pk"].startswith(brand_pk) or i["pk"].startswith(("NUMBER#", "EMAIL#")) for i in items)
    assert len({(i["pk"], i["sk"]) for i in items}) == len(items)
    assert not (tmp_path / "cursor.json").exists()
    assert "#demo" not in out.read_text() and "B#demo" not in out.read_text()


def failure_entry(stage: LocalStage, handler: str) -> dict[str, Any]:
    """A record the stage really streamed (the brand's row), as the pump writes it when it gives up."""
    client = boto3.client("dynamodb", endpoint_url=stage_endpoint(stage), region_name="eu-west-3")
    item = client.get_item(TableName="comptoir", Key={"pk": {"S": "B#demo"}, "sk": {"S": "BRAND"}})["Item"]
    record = {"eventID": "1", "eventName": "MODIFY", "eventVersion": "1.1", "eventSource": "aws:dynamodb",
              "awsRegion": "eu-west-3", "eventSourceARN": "arn:aws:dynamodb:eu-west-3:123456789012:table/comptoir/"
              "stream/2026-01-01T00:00:00.000",
              "dynamodb": {"ApproximateCreationDateTime": 1767225600, "Keys": {"pk": item["pk"], "sk": item["sk"]},
                           "NewImage": item, "OldImage": item, "SequenceNumber": f"9000{len(handler)}",
                           "SizeBytes": 100, "StreamViewType": "NEW_AND_OLD_IMAGES"}}
    return {"handler": handler, "attempts": 3, "record": record}


def stage_endpoint(stage: LocalStage) -> str:
    port = json.loads((stage.data_dir / "dynamodb-local.pid").read_text())["port"]
    return f"http://127.0.0.1:{port}"


def test_failures_are_listed_replayed_once_and_what_fails_again_stays(stage):
    failures = stage.data_dir / "failed-stream-records.jsonl"
    entries = [failure_entry(stage, "handle_search_stream"), failure_entry(stage, "handle_nothing")]
    failures.write_text("".join(json.dumps(e) + "\n" for e in entries))
    listed = ok(stage, "failures", "list")["failures"]
    assert [f["consumer"] for f in listed] == ["handle_search_stream", "handle_nothing"]
    assert listed[0]["keys"] == {"pk": "B#demo", "sk": "BRAND"}
    dry = ok(stage, "failures", "replay", "--dry-run")
    assert [r["outcome"] for r in dry["replayed"]] == ["would replay", "would replay"]
    assert len(failures.read_text().splitlines()) == 2
    replayed = ok(stage, "failures", "replay")["replayed"]
    assert [r["outcome"].split(":")[0] for r in replayed] == ["replayed", "failed again"]
    assert [json.loads(line)["handler"] for line in failures.read_text().splitlines()] == ["handle_nothing"]
    again = ok(stage, "failures", "replay")["replayed"]
    assert [(r["consumer"], r["outcome"].split(":")[0]) for r in again] == [("handle_nothing", "failed again")]


def test_no_running_stage_is_a_clear_error(tmp_path: Path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("COMPTOIR_", "DYNAMODB_"))}
    env.update(PORT="1", COMPTOIR_DATA=str(tmp_path))
    done = subprocess.run([sys.executable, "-m", "ops", "brands", "list"], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 1 and "no local stage runs on" in done.stderr and "make dev" in done.stderr
