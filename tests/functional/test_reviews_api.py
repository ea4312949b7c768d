"""The reviews inbox through the HTTP API, with the real stream records: a review posted by the integration is a
thread of channel `review`, posted again it is the same thread, a one-star review is an alert at the top of the
inbox, answered by SMS to a known author or by a public reply kept on the thread; the statistics count it."""
from tests.functional.support import ALICE, DEMO_NUMBER

TODAY = "from=2026-11-23&to=2026-11-23"


def store_id(stage, token):
    return stage.call("GET", "/v1/stores", token=token).body["items"][0]["id"]


def review(external_id="g-1", rating=1, **more):
    return {"source": "google", "external_id": external_id, "rating": rating, "text": "Attente trop longue",
            "category": "reception", "created_at": "2026-11-22T18:30:00Z", **more}


def test_a_review_is_a_thread_with_its_review_message_and_posted_twice_stays_one(stage):
    token = stage.login()
    path = f"/v1/stores/{store_id(stage, token)}/reviews"
    created = stage.call("POST", path, review(author={"name": "Alice"}), token=token)
    assert created.status == 201, created.body
    thread = created.body
    assert (thread["channel"], thread["alert"], thread["status"], thread["review_rating"], thread["answer_by"]) == (
        "review", True, "waiting", 1, "public")
    assert (thread["customer"]["phone"], thread["customer"]["name"]) == (None, "Alice")
    again = stage.call("POST", path, review(rating=5, text="changed"), token=token)
    assert (again.status, again.body["id"], again.body["version"]) == (200, thread["id"], thread["version"])
    stage.settle()
    (message,) = stage.call("GET", f"/v1/threads/{thread['id']}/messages", token=token).body["items"]
    assert (message["kind"], message["direction"], message["text"]) == ("review", "in", "Attente trop longue")
    assert message["review"] == {"source": "google", "external_id": "g-1", "rating": 1, "type": "negative",
                                 "category": "reception", "author_name": "Alice", "author_phone": None,
                                 "written_at": "2026-11-22T18:30:00.000Z"}
    customer = stage.call("GET", f"/v1/threads/{thread['id']}/customer", token=token)
    assert customer.status == 200, customer.body
    shown = customer.body
    assert (shown["phone"], shown["channel"], shown["display_name"]) == (None, "review", "Alice")
    found = stage.call("GET", "/v1/threads?q=attente", token=token).body["items"]
    assert [t["id"] for t in found] == [thread["id"]]  # a review's words are searched like a message's


def test_a_one_star_review_is_at_the_top_of_the_inbox_before_newer_messages(stage):
    token = stage.login()
    posted = stage.call("POST", f"/v1/stores/{store_id(stage, token)}/reviews", review(), token=token)
    stage.clock.advance(60)
    stage.text("Bonjour, ma commande ?")
    items = stage.call("GET", "/v1/threads", token=token).body["items"]
    assert [(t["channel"], t["alert"]) for t in items] == [("review", True), ("sms", False)]
    assert items[0]["id"] == posted.body["id"]


def test_bad_reviews_are_refused_naming_the_field(stage):
    token = stage.login()
    path = f"/v1/stores/{store_id(stage, token)}/reviews"
    for body, field in [(review(rating=0), "rating"), (review(rating=6), "rating"), (review(rating="5"), "rating"),
                        ({k: v for k, v in review().items() if k != "source"}, "source"),
                        (review(created_at="yesterday"), "created_at"), (review(source="two words"), "source"),
                        (review(author={"phone": "12"}), "author.phone"), (review(stars=3), "stars")]:
        refused = stage.call("POST", path, body, token=token)
        assert refused.status == 400, (body, refused.body)
        assert refused.headers["Content-Type"] == "application/problem+json" and field in refused.body["errors"]
    unknown = stage.call("POST", "/v1/stores/s-unknown/reviews", review(), token=token)
    assert unknown.status == 404 and unknown.headers["Content-Type"] == "application/problem+json"
    assert stage.call("GET", "/v1/threads", token=token).body["items"] == []


def test_a_known_author_is_answered_by_sms_from_the_stores_number(stage):
    token = stage.login()
    thread = stage.call("POST", f"/v1/stores/{store_id(stage, token)}/reviews",
                        review(rating=2, author={"name": "Alice", "phone": ALICE}), token=token).body
    assert thread["answer_by"] == "sms"
    answer = stage.call("POST", f"/v1/threads/{thread['id']}/messages", {"text": "Désolés, on vous rappelle."},
                        token=token)
    assert answer.status == 201, answer.body
    assert (answer.body["kind"], answer.body["status"]) == ("review_sms", "queued")
    stage.settle()
    (sent,) = stage.call("GET", "/sandbox/outbox?to=%2B33612345678").body["items"]
    assert (sent["to"], sent["from"], sent["body"].startswith("Désolés")) == (ALICE, DEMO_NUMBER, True)
    messages = stage.call("GET", f"/v1/threads/{thread['id']}/messages", token=token).body["items"]
    assert messages[0]["status"] == "delivered"  # the status callback found the answer on the review's thread
    assert stage.call("GET", f"/v1/threads/{thread['id']}", token=token).body["status"] == "replied"


def test_an_anonymous_review_gets_a_public_reply_sent_nowhere_and_counts_in_the_statistics(stage):
    token = stage.login()
    path = f"/v1/stores/{store_id(stage, token)}/reviews"
    thread = stage.call("POST", path, review(rating=4), token=token).body
    stage.call("POST", path, review("g-2", rating=1), token=token)
    answer = stage.call("POST", f"/v1/threads/{thread['id']}/messages", {"text": "Merci !"}, token=token)
    assert answer.status == 201, answer.body
    assert (answer.body["kind"], answer.body["status"]) == ("review_reply", "recorded")
    refused = stage.call("POST", f"/v1/threads/{thread['id']}/messages",
                         {"text": "Merci", "tag": "ACCOUNT_UPDATE"}, token=token)
    assert refused.status == 400 and "tag" in refused.body["errors"]
    stage.settle()
    assert stage.call("GET", "/sandbox/outbox").body["items"] == []
    report = stage.call("GET", f"/v1/stats?{TODAY}", token=token).body
    assert {k: report[k]["value"] for k in ("reviews", "average_rating", "reviews_answered_rate")} == {
        "reviews": 2, "average_rating": 2.5, "reviews_answered_rate": 0.5}
    assert report["new_inbound_customers"]["by_channel"] == {"review": 2}
