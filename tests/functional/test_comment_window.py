"""A comment opens no window to write freely, through the API: the thread says what may go instead (a public or
private reply to the comment), a free direct message is refused with 422 /window-closed until the customer writes
directly, and then it goes."""
from __future__ import annotations

import json

from tests.functional.test_meta_comments import comment_thread
from tests.functional.test_meta_webhook import fixture_body, messages, post, threads


def test_a_comment_only_thread_refuses_a_free_message_and_says_what_may_go(stage):
    _, token = comment_thread(stage, "instagram_comment")
    [thread] = threads(stage, token)
    assert thread["reply_window"] == {"ends_at": None, "hours": 168, "allowed_tags": [], "templates": False,
                                      "comments": True}
    path = f"/v1/threads/{thread['id']}/messages"
    closed = stage.call("POST", path, {"text": "Bonjour !"}, token=token)
    assert closed.status == 422 and closed.body["type"].endswith("/window-closed")
    assert closed.body["comment_replies"] is True and closed.body["allowed_tags"] == []
    assert "reply_to" in closed.body["errors"] and "private: true" in closed.body["detail"]
    tagged = stage.call("POST", path, {"text": "Bonjour !", "tag": "ACCOUNT_UPDATE"}, token=token)
    assert tagged.status == 422 and tagged.body["allowed_tags"] == []
    [comment] = messages(stage, token, thread["id"])
    private = stage.call("POST", path, {"text": "En 40, oui", "reply_to": comment["id"], "private": True},
                         token=token)
    assert private.status == 201, private.body


def test_the_customer_s_direct_message_opens_the_window(stage):
    _, token = comment_thread(stage, "instagram_comment")
    stage.clock.advance(3600)
    dm = json.loads(fixture_body("instagram_text"))
    dm["entry"][0]["messaging"][0]["sender"]["id"] = "7300000000000002"  # the commenter
    assert post(stage, json.dumps(dm).encode()).status == 200
    stage.settle()
    [thread] = threads(stage, token)
    window = thread["reply_window"]
    assert window["ends_at"] is not None and window["comments"] is True and window["allowed_tags"]
    sent = stage.call("POST", f"/v1/threads/{thread['id']}/messages", {"text": "Bonjour !"}, token=token)
    assert sent.status == 201, sent.body
