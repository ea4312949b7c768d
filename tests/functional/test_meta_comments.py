"""Customers' comments on the store's posts, in the flow: Facebook page and Instagram comments on the
commenter's thread as comments (with their post), the account's switch honoured, and public replies with
`reply_to`: checked, sent under the comment through the Graph twin, free of the direct messages' window."""
from __future__ import annotations

import json

from tests.functional.test_meta_webhook import IG, PAGE, connect, fixture_body, messages, post, threads

FB_COMMENT = "122143920000000001_1093400000000001"
IG_COMMENT = "17919697626119712"


def comment_thread(stage, fixture: str = "messenger_feed_comment", receive_comments: bool = True):
    ids = connect(stage, receive_comments=receive_comments)
    assert post(stage, fixture_body(fixture)).status == 200
    stage.settle()
    return ids, stage.login()


def test_a_facebook_page_comment_is_stored_as_a_comment_with_its_post(stage):
    _, token = comment_thread(stage)
    [thread] = threads(stage, token)
    assert thread["channel"] == "messenger" and thread["customer"]["phone"] == "6200000000000003"
    [comment] = messages(stage, token, thread["id"])
    assert comment["kind"] == "comment" and comment["text"] == "Vous l'avez en 40 ?"
    assert comment["comment"] == {"id": FB_COMMENT, "post_id": "104060654500000_122143920000000001",
                                  "permalink": "https://www.facebook.com/104060654500000/posts/pfbid02Xa7"}
    assert comment["reply_to"] is None


def test_comments_and_direct_messages_of_one_person_share_a_thread(stage):
    _, token = comment_thread(stage, "instagram_comment")
    dm = json.loads(fixture_body("instagram_text"))
    dm["entry"][0]["messaging"][0]["sender"]["id"] = "7300000000000002"
    assert post(stage, json.dumps(dm).encode()).status == 200
    stage.settle()
    [thread] = threads(stage, token)
    kinds = sorted(str(m["kind"]) for m in messages(stage, token, thread["id"]))
    assert kinds == ["None", "comment"]


def test_page_comments_stay_on_facebook_when_the_store_switched_comments_off(stage):
    _, token = comment_thread(stage, receive_comments=False)
    assert threads(stage, token) == []


def test_reply_to_is_checked_and_named(stage):
    _, token = comment_thread(stage)
    [thread] = threads(stage, token)
    path = f"/v1/threads/{thread['id']}/messages"
    missing = stage.call("POST", path, {"text": "Oui", "reply_to": "m-nothing"}, token=token)
    assert missing.status == 404 and "reply_to" in missing.body["errors"]
    [comment] = messages(stage, token, thread["id"])
    tagged = stage.call("POST", path, {"text": "Oui", "reply_to": comment["id"], "tag": "ACCOUNT_UPDATE"},
                        token=token)
    assert tagged.status == 400 and "reply_to" in tagged.body["errors"]
    free = stage.call("POST", path, {"text": "En message privé"}, token=token)
    assert free.status == 422  # a comment opens no window for direct messages
    private = stage.call("POST", path, {"text": "En message privé", "reply_to": comment["id"], "private": True},
                         token=token)
    assert private.status == 201
    not_a_comment = stage.call("POST", path, {"text": "Oui", "reply_to": private.body["id"]}, token=token)
    assert not_a_comment.status == 400 and "reply_to" in not_a_comment.body["errors"]
    too_long = stage.call("POST", path, {"text": "x" * 2001, "reply_to": comment["id"]}, token=token)
    assert too_long.status == 422 and "text" in too_long.body["errors"]


def test_reply_to_on_a_channel_without_comments_is_refused(stage):
    connect(stage)
    assert post(stage, fixture_body("whatsapp_text")).status == 200
    stage.settle()
    token = stage.login()
    [thread] = threads(stage, token)
    [message] = messages(stage, token, thread["id"])
    refused = stage.call("POST", f"/v1/threads/{thread['id']}/messages", {"text": "Oui", "reply_to": message["id"]},
                         token=token)
    assert refused.status == 400 and "reply_to" in refused.body["errors"]


def test_public_replies_go_under_the_comment_several_times_and_past_the_window(stage):
    _, token = comment_thread(stage, "instagram_comment")
    [thread] = threads(stage, token)
    [comment] = messages(stage, token, thread["id"])
    stage.clock.advance(8 * 86400)  # past the 7 days of free direct messages
    token = stage.login()
    path = f"/v1/threads/{thread['id']}/messages"
    closed = stage.call("POST", path, {"text": "En privé"}, token=token)
    assert closed.status == 422 and closed.body["type"].endswith("/window-closed")
    for text in ("Oui, en stock !", "Et en 38 aussi."):
        sent = stage.call("POST", path, {"text": text, "reply_to": comment["id"]}, token=token)
        assert sent.status == 201, sent.body
        assert sent.body["reply_to"] == comment["id"] and sent.body["comment"]["id"] == IG_COMMENT
    stage.settle()
    replies = [i for i in stage.call("GET", "/sandbox/outbox").body["items"] if i.get("reply_to_comment")]
    assert sorted(i["body"] for i in replies) == ["Et en 38 aussi.\n-- Demo store", "Oui, en stock !\n-- Demo store"]
    assert {(i["channel"], i["reply_to_comment"], i["status"]) for i in replies} == \
        {("instagram", IG_COMMENT, "published")}
    ours = [m for m in messages(stage, token, thread["id"]) if m["direction"] == "out"]
    assert [m["status"] for m in ours] == ["sent", "sent"] and all(m["reply_to"] == comment["id"] for m in ours)


def test_a_facebook_public_reply_uses_the_comments_edge(stage, monkeypatch):
    _, token = comment_thread(stage)
    [thread] = threads(stage, token)
    [comment] = messages(stage, token, thread["id"])
    channel = stage.container.inbound.channels.get("messenger")
    calls = []
    monkeypatch.setattr(channel.graph, "post", lambda path, tok, payload: calls.append((path, payload)) or {"id": "r1"})
    sent = stage.call("POST", f"/v1/threads/{thread['id']}/messages", {"text": "Oui", "reply_to": comment["id"]},
                      token=token)
    assert sent.status == 201
    stage.stream.drain()
    replies = [call for call in calls if call[0].endswith("/comments")]  # besides the thread's read mark
    assert replies == [(f"{FB_COMMENT}/comments", {"message": "Oui\n-- Demo store"})]


def test_the_sandbox_writes_a_comment_and_shows_the_public_reply_to_the_commenter(stage):
    connect(stage)
    for channel, account in (("messenger", PAGE), ("instagram", IG)):
        written = stage.call("POST", "/sandbox/meta", {"channel": channel, "from": f"{channel}-fan", "to": account,
                                                       "text": "Combien ?", "comment": True, "post_id": "p1"})
        assert written.status == 202 and written.body == {"stored": 1}
    stage.settle()
    token = stage.login()
    for thread in threads(stage, token):
        [comment] = messages(stage, token, thread["id"])
        assert comment["kind"] == "comment" and comment["comment"]["post_id"] == "p1"
        sent = stage.call("POST", f"/v1/threads/{thread['id']}/messages", {"text": "20 €", "reply_to": comment["id"]},
                          token=token)
        assert sent.status == 201
    stage.settle()
    for channel, account in (("messenger", PAGE), ("instagram", IG)):
        outbox = stage.call("GET", "/sandbox/outbox").body["items"]
        [reply] = [i for i in outbox if i["to"] == f"{channel}-fan"]
        assert reply["reply_to_comment"]
        assert (reply["channel"], reply["from"], reply["body"]) == (channel, account, "20 €\n-- Demo store")
    bad = stage.call("POST", "/sandbox/meta", {"channel": "whatsapp", "from": "+33612340000", "to": "1",
                                               "text": "x", "comment": True})
    assert bad.status == 400 and "comment" in bad.body["errors"]


def test_a_private_reply_goes_once_per_comment_within_seven_days(stage):
    connect(stage)
    written = stage.call("POST", "/sandbox/meta", {"channel": "messenger", "from": "fan-1", "to": PAGE,
                                                   "text": "Prix ?", "comment": True})
    assert written.body == {"stored": 1}
    written = stage.call("POST", "/sandbox/meta", {"channel": "messenger", "from": "fan-1", "to": PAGE,
                                                   "text": "Et la taille ?", "comment": True})
    stage.settle()
    token = stage.login()
    [thread] = threads(stage, token)
    later, first = messages(stage, token, thread["id"])
    path = f"/v1/threads/{thread['id']}/messages"
    alone = stage.call("POST", path, {"text": "Oui", "private": True}, token=token)
    assert alone.status == 400 and "private" in alone.body["errors"]
    sent = stage.call("POST", path, {"text": "Je vous réponds ici", "reply_to": first["id"], "private": True},
                      token=token)
    assert sent.status == 201 and sent.body["private"] is True and sent.body["reply_to"] == first["id"]
    again = stage.call("POST", path, {"text": "Encore", "reply_to": first["id"], "private": True}, token=token)
    assert again.status == 409 and "private" in again.body["errors"]
    public = stage.call("POST", path, {"text": "Voir en privé", "reply_to": first["id"]}, token=token)
    assert public.status == 201 and public.body["private"] is False
    stage.settle()
    [item] = [i for i in stage.call("GET", "/sandbox/outbox").body["items"] if i.get("private")]
    assert (item["to"], item["from"], item["reply_to_comment"]) == ("fan-1", PAGE, first["comment"]["id"])
    stage.clock.advance(8 * 86400)
    token = stage.login()
    late = stage.call("POST", path, {"text": "Pardon du retard", "reply_to": later["id"], "private": True},
                      token=token)
    assert late.status == 400 and "private" in late.body["errors"]
