"""Black box: a Messenger page connected through the API on the real local stage has its history imported from
the sandbox's Graph twin once the stage settles (the minute sweep, then the stream): three conversations in the
inbox, resolved and read, their messages in order, and the import's counts on the channel."""

PAGE = "104060654500777"


def ok(answer, status=200):
    assert answer.status_code == status, f"{answer.request.method} {answer.request.url}: {answer.status_code} " \
                                         f"{answer.text}"
    return answer.json()


def test_a_connected_page_s_history_is_in_the_inbox_after_the_stage_settles(stage):
    token = stage.login()
    store_id = ok(stage.call("GET", "/v1/stores", token=token))["items"][0]["id"]
    created = ok(stage.call("POST", f"/v1/stores/{store_id}/channels", {
        "kind": "messenger", "external_id": PAGE, "name": "Demo history", "access_token": "EAA-history-token"},
        token=token), 201)
    assert created["history"]["status"] == "importing"
    stage.settle()
    channels = ok(stage.call("GET", f"/v1/stores/{store_id}/channels", token=token))["items"]
    history = next(c for c in channels if c["id"] == created["id"])["history"]
    assert (history["status"], history["threads"], history["messages"]) == ("imported", 3, 137)
    threads = ok(stage.call("GET", "/v1/threads", params={"status": "waiting,replied,resolved"}, token=token))
    imported = [t for t in threads["items"] if t["customer"]["phone"].startswith(PAGE)]
    assert len(imported) == 3 and all(t["status"] == "resolved" and not t["unread"] for t in imported)
    camille = next(t for t in imported if t["customer"]["name"] == "Camille Martin")
    messages = ok(stage.call("GET", f"/v1/threads/{camille['id']}/messages", token=token))["items"]
    assert [m["direction"] for m in sorted(messages, key=lambda m: m["created_at"])] == ["in", "out", "in"]
    outbox = ok(stage.call("GET", "/sandbox/outbox"))["items"]
    assert not [i for i in outbox if i.get("to", "").startswith(PAGE)]  # no greeting went to the history's customers
