"""Search (D3) and the customer panel (D7, B9) through the API, with the index kept from the stream."""
from urllib.parse import quote

from tests.functional.support import ALICE, DEMO_NUMBER
from tests.functional.test_bad_input_and_tenancy import assert_problem
from tests.functional.test_sms_flow import invite_agent

BOB = "+33698765432"
CSV = {"Content-Type": "text/csv; charset=utf-8"}


def found(stage, token, q, **params):
    query = "&".join(f"{k}={quote(str(v), safe='')}" for k, v in {"q": q, **params}.items())
    answer = stage.call("GET", f"/v1/threads?{query}", token=token)
    assert answer.status == 200, answer.body
    assert "counts" not in answer.body
    return answer.body


def phones(body):
    return [(item["customer"]["phone"], item["match"]["kind"]) for item in body["items"]]


def two_customers(stage):
    stage.text("Mon blender est cassé", sender=ALICE)
    stage.clock.advance(60)
    stage.text("commande 4521 pas reçue", sender=BOB)


def test_customers_are_found_by_the_words_they_wrote(stage):
    admin = stage.login()
    two_customers(stage)
    body = found(stage, admin, "blender")
    assert phones(body) == [(ALICE, "text")] and body["next_cursor"] is None
    match = body["items"][0]["match"]
    assert match["excerpt"] == "Mon blender est cassé" and match["message_id"] and match["at"].endswith("Z")
    assert body["items"][0]["status"] == "waiting"  # the whole thread, as the inbox shows it
    assert phones(found(stage, admin, "Blender")) == [(ALICE, "text")]
    assert phones(found(stage, admin, "casse")) == [(ALICE, "text")]
    assert phones(found(stage, admin, "commande 4521")) == [(BOB, "text")]
    assert phones(found(stage, admin, "commande 9999")) == []


def test_an_agents_answer_is_found_too(stage):
    admin = stage.login()
    stage.text("Bonjour", sender=ALICE)
    thread = stage.only_thread(admin)
    assert stage.call("POST", f"/v1/threads/{thread['id']}/messages", {"text": "Votre cafetière arrive demain"},
                      token=admin).status == 201
    stage.settle()
    assert phones(found(stage, admin, "cafetiere")) == [(ALICE, "text")]


def test_a_customer_is_found_by_number_in_national_or_international_format(stage):
    admin = stage.login()
    two_customers(stage)
    assert phones(found(stage, admin, "06 12 34 56 78")) == [(ALICE, "number")]
    assert phones(found(stage, admin, ALICE)) == [(ALICE, "number")]
    assert phones(found(stage, admin, "06 98 76 54 32")) == [(BOB, "number")]
    assert phones(found(stage, admin, "07 00 00 00 00")) == []


def test_a_customer_is_found_by_the_name_the_head_office_imported(stage):
    admin = stage.login()
    two_customers(stage)
    raw = "\ufeffphone;name;segment\n06 12 34 56 78;Chloé Martin;gold\n"
    answer = stage.call("POST", "/v1/customers/import", raw=raw, token=admin, headers=CSV)
    assert answer.status == 200 and answer.body == {"imported": 1}
    stage.settle()
    assert phones(found(stage, admin, "chloe")) == [(ALICE, "name")]
    assert phones(found(stage, admin, "Chloé Martin")) == [(ALICE, "name")]
    assert phones(found(stage, admin, "martin paul")) == []


def test_an_agent_without_the_store_finds_nothing(stage):
    admin = stage.login()
    lyon = stage.call("POST", "/v1/stores", {"name": "Lyon", "timezone": "Europe/Paris"}, token=admin).body
    bob = invite_agent(stage, admin, lyon["id"], "bob@demo.test")
    two_customers(stage)
    for q in ("blender", "commande 4521", "06 12 34 56 78", ALICE):
        assert found(stage, bob, q)["items"] == []
    thread = found(stage, admin, "blender")["items"][0]
    assert_problem(stage.call("GET", f"/v1/threads?q=blender&store_id={thread['store_id']}", token=bob), 404)
    assert_problem(stage.call("GET", f"/v1/threads/{thread['id']}/customer", token=bob), 404)
    assert_problem(stage.call("GET", f"/v1/customers/{quote(ALICE)}", token=bob), 404)
    # Moved to Lyon: now Bob finds it, by its words and by its number.
    moved = stage.call("POST", f"/v1/threads/{thread['id']}/transfer", {"store_id": lyon["id"]}, token=admin)
    assert moved.status == 200
    stage.settle()
    assert phones(found(stage, bob, "blender")) == [(ALICE, "text")]
    assert phones(found(stage, bob, "0612345678")) == [(ALICE, "number")]
    assert phones(found(stage, bob, "blender", store_id=lyon["id"])) == [(ALICE, "text")]


def test_results_come_in_pages_newest_first(stage):
    admin = stage.login()
    senders = [f"+3361000000{i}" for i in range(5)]
    for sender in senders:
        stage.text(f"Le blender numéro {sender[-1]} est cassé", sender=sender)
        stage.clock.advance(60)
    seen, cursor = [], None
    while True:
        body = found(stage, admin, "blender", limit=2, **({"cursor": cursor} if cursor else {}))
        assert len(body["items"]) <= 2
        seen += [item["customer"]["phone"] for item in body["items"]]
        cursor = body["next_cursor"]
        if not cursor:
            break
    assert seen == list(reversed(senders))


def test_a_query_of_fewer_than_2_characters_is_refused(stage):
    admin = stage.login()
    for q in ("x", "", " "):
        assert_problem(stage.call("GET", f"/v1/threads?q={quote(q)}", token=admin), 400, "q")
    assert_problem(stage.call("GET", "/v1/threads?q=blender&cursor=nope", token=admin), 400, "cursor")


def test_the_customer_panel_of_an_unknown_customer(stage):
    admin = stage.login()
    stage.text("Bonjour", sender=ALICE)
    thread = stage.only_thread(admin)
    panel = stage.call("GET", f"/v1/threads/{thread['id']}/customer", token=admin)
    assert panel.status == 200
    assert panel.body == {"id": thread["customer"]["id"], "name": None, "display_name": "Unknown customer",
                          "phone": ALICE, "channel": "sms", "store_number": DEMO_NUMBER, "attributes": {},
                          "updated_at": None, "threads": []}
    assert_problem(stage.call("GET", "/v1/threads/t-nope/customer", token=admin), 404)


def test_the_head_office_describes_a_customer_and_the_panel_shows_it_as_given(stage):
    admin = stage.login()
    stage.text("Bonjour", sender=ALICE)
    thread = stage.only_thread(admin)
    body = {"name": "Chloé Martin", "attributes": {"Âge": 34, "Segment": "Or", "Montant d'achat": "1 250,00 €"}}
    answer = stage.call("PUT", f"/v1/customers/{quote('06 12 34 56 78')}", body, token=admin)
    assert answer.status == 200, answer.body
    assert answer.body["phone"] == ALICE and answer.body["threads"][0]["id"] == thread["id"]
    panel = stage.call("GET", f"/v1/threads/{thread['id']}/customer", token=admin).body
    assert panel["display_name"] == "Chloé Martin"
    assert panel["attributes"] == {"Âge": "34", "Segment": "Or", "Montant d'achat": "1 250,00 €"}
    assert stage.call("GET", f"/v1/customers/{quote(ALICE)}", token=admin).body["name"] == "Chloé Martin"
    too_many = {"attributes": {f"a{i}": "x" for i in range(51)}}
    assert_problem(stage.call("PUT", f"/v1/customers/{quote(ALICE)}", too_many, token=admin), 400, "attributes")
    assert_problem(stage.call("PUT", "/v1/customers/not-a-number", {"name": "X"}, token=admin), 400, "phone")


def test_only_a_brand_admin_writes_customers(stage):
    admin = stage.login()
    demo_store = stage.call("GET", "/v1/stores", token=admin).body["items"][0]["id"]
    bob = invite_agent(stage, admin, demo_store, "bob@demo.test")
    assert_problem(stage.call("PUT", f"/v1/customers/{quote(ALICE)}", {"name": "X"}, token=bob), 403)
    assert_problem(stage.call("POST", "/v1/customers/import", raw="phone\n0612345678\n", token=bob, headers=CSV), 403)


def test_a_csv_import_with_a_bad_line_writes_nothing(stage):
    admin = stage.login()
    stage.text("Bonjour", sender=ALICE)
    raw = "phone,name,segment\n0612345678,Chloé Martin,gold\nnot a number,Paul,silver\n"
    answer = stage.call("POST", "/v1/customers/import", raw=raw, token=admin, headers=CSV)
    assert_problem(answer, 400, "line 3: phone")
    stage.settle()
    assert found(stage, admin, "chloe")["items"] == []
    assert stage.call("GET", f"/v1/customers/{quote(ALICE)}", token=admin).body["name"] is None
    assert_problem(stage.call("POST", "/v1/customers/import", raw="name\nChloé\n", token=admin, headers=CSV), 400,
                   "header")


def test_the_name_the_head_office_gives_shows_on_the_customers_threads(stage):
    admin = stage.login()
    # Named before they ever wrote: the thread they open shows the name.
    answer = stage.call("PUT", f"/v1/customers/{quote(BOB)}", {"name": "Bruno Petit"}, token=admin)
    assert answer.status == 200, answer.body
    stage.text("Bonjour", sender=BOB)
    # Named after: the existing thread follows, from the stream.
    stage.text("Bonjour", sender=ALICE)
    stage.call("PUT", f"/v1/customers/{quote(ALICE)}", {"name": "Chloé Martin"}, token=admin)
    stage.settle()
    threads = stage.call("GET", "/v1/threads", token=admin).body["items"]
    assert sorted(t["customer"]["name"] for t in threads) == ["Bruno Petit", "Chloé Martin"]
    # Renamed: it follows again; the canned response's {first_name} uses it.
    stage.call("PUT", f"/v1/customers/{quote(ALICE)}", {"name": "Chloé Durand"}, token=admin)
    stage.settle()
    items = stage.call("GET", "/v1/threads", token=admin).body["items"]
    alice = next(t for t in items if t["customer"]["phone"] == ALICE)
    assert alice["customer"]["name"] == "Chloé Durand"
    canned = {"title": "Accueil", "text": "Bonjour {first_name}, merci !", "scope": "brand"}
    assert stage.call("POST", "/v1/canned-responses", canned, token=admin).status == 201
    listed = stage.call("GET", f"/v1/canned-responses?thread_id={alice['id']}", token=admin).body["items"]
    assert [c["filled_text"] for c in listed] == ["Bonjour Chloé, merci !"]
