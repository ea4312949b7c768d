"""Customer records (D7, B9) with in-memory fakes: head-office attributes, CSV import, the panel."""
from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from chalicelib.services.domain import Agent, Brand, Customer, Message, Store, StoreRights, Thread
from chalicelib.services.domain.errors import Forbidden, InvalidInput, NotFound
from chalicelib.services.ports.clock import FixedClock
from chalicelib.services.usecases.conversations.common import customer_id_for, thread_id_for
from chalicelib.services.usecases.customer_file import MAX_ROWS
from chalicelib.services.usecases.customers import Customers
from tests.fakes import FakeDirectory, FakeThreads
from tests.fakes_search import FakeCustomers

AT = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
BRAND = "maison"
PARIS, LYON = "s-paris", "s-lyon"
CHLOE = "+33612345678"


class Shop:
    def __init__(self) -> None:
        self.directory = FakeDirectory()
        self.directory.add_brand(Brand(id=BRAND, name="Maison"))
        for store_id, number in ((PARIS, "+33170000001"), (LYON, "+33470000001")):
            self.directory.add_store(Store(brand_id=BRAND, id=store_id, name=store_id, timezone="Europe/Paris",
                                           phone_number=number))
        self.threads = FakeThreads()
        self.repository = FakeCustomers(self.threads)
        self.customers = Customers(self.repository, self.threads, self.directory, FixedClock(AT))
        self.admin = Agent(brand_id=BRAND, id="a-admin", email="a@maison.test", password_hash="", brand_admin=True)
        self.ines = Agent(brand_id=BRAND, id="a-ines", email="i@maison.test", password_hash="",
                          rights={PARIS: StoreRights(perimeter=True)})

    def thread(self, phone: str, store_id: str, channel: str = "sms") -> Thread:
        """A thread written, as the stream tells the customer records about it."""
        thread = Thread(brand_id=BRAND, id=thread_id_for(BRAND, channel, phone), store_id=store_id, channel=channel,
                        customer=Customer(id=customer_id_for(BRAND, phone), phone=phone), status="waiting",
                        conversation_id="c1", conversation_started_at=AT, last_message_at=AT, created_at=AT)
        self.threads.save(None, thread)
        self.customers.thread_changed(None, thread)
        return thread

    def import_(self, text: str) -> int:
        return self.customers.import_csv(self.admin, text.encode())


@pytest.fixture
def shop() -> Shop:
    return Shop()


def test_a_customer_nobody_named_is_an_unknown_customer_with_the_number_they_wrote_to(shop):
    thread = shop.thread(CHLOE, PARIS)
    shop.customers.message_stored(Message(
        brand_id=BRAND, thread_id=thread.id, id="m1", direction="in", author="customer", text="Bonjour",
        created_at=AT, channel="sms", store_id=PARIS, customer_address=CHLOE, store_address="+33170000001"))
    view = shop.customers.panel(shop.ines, thread.id)
    assert (view.name, view.display_name, view.phone) == (None, "Unknown customer", CHLOE)
    assert (view.channel, view.store_number, view.threads) == ("sms", "+33170000001", [])


def test_the_panel_lists_the_customers_other_threads_the_agent_sees(shop):
    mine = shop.thread(CHLOE, PARIS)
    other = shop.thread(CHLOE, PARIS, channel="whatsapp")
    shop.thread(CHLOE, LYON, channel="messenger")
    assert [t.id for t in shop.customers.panel(shop.ines, mine.id).threads] == [other.id]
    assert len(shop.customers.panel(shop.admin, mine.id).threads) == 2


def test_a_moved_thread_changes_its_link_and_the_panel_follows(shop):
    thread = shop.thread(CHLOE, PARIS)
    moved = replace(thread, store_id=LYON, version=thread.version + 1)
    shop.threads.save(thread, moved)
    shop.customers.thread_changed(thread, moved)
    _, links = shop.repository.with_threads(BRAND, thread.customer.id)
    assert [link.store_id for link in links] == [LYON]
    with pytest.raises(NotFound):
        shop.customers.panel(shop.ines, thread.id)


def test_a_brand_admin_describes_a_customer_and_fields_left_out_are_kept(shop):
    shop.thread(CHLOE, PARIS)
    view = shop.customers.put(shop.admin, "06 12 34 56 78", {"name": "Chloé", "attributes": {"age": 34, "vip": True}})
    assert (view.phone, view.display_name, view.profile.attributes) == (CHLOE, "Chloé", {"age": "34", "vip": "true"})
    view = shop.customers.put(shop.admin, CHLOE, {"attributes": {"segment": "gold"}})
    assert (view.name, view.profile.attributes) == ("Chloé", {"segment": "gold"})
    view = shop.customers.put(shop.admin, CHLOE, {"name": None})
    assert (view.name, view.profile.attributes) == (None, {"segment": "gold"})


def test_only_a_brand_admin_describes_customers(shop):
    with pytest.raises(Forbidden):
        shop.customers.put(shop.ines, CHLOE, {"name": "Chloé"})
    with pytest.raises(Forbidden):
        shop.customers.import_csv(shop.ines, b"phone\n0612345678\n")


@pytest.mark.parametrize("attributes, field", [
    ({"": "x"}, "attributes"),
    ({"k" * 65: "x"}, "attributes"),
    ({"note": "x" * 501}, "attributes.note"),
    ({f"a{i}": "x" for i in range(51)}, "attributes"),
])
def test_unfit_attributes_name_the_field_and_change_nothing(shop, attributes, field):
    with pytest.raises(InvalidInput) as refusal:
        shop.customers.put(shop.admin, CHLOE, {"attributes": attributes})
    assert field in refusal.value.errors
    assert shop.repository.profiles == {}


def test_a_customer_is_seen_by_a_brand_admin_or_by_an_agent_who_sees_one_of_its_threads(shop):
    shop.customers.put(shop.admin, CHLOE, {"name": "Chloé"})
    with pytest.raises(NotFound):
        shop.customers.get(shop.ines, CHLOE)
    shop.thread(CHLOE, PARIS)
    assert shop.customers.get(shop.ines, "06 12 34 56 78").name == "Chloé"
    with pytest.raises(NotFound):
        shop.customers.get(shop.admin, "+33699999999")


def test_an_import_reads_bom_semicolons_and_national_numbers_and_keeps_what_empty_cells_leave(shop):
    shop.customers.put(shop.admin, CHLOE, {"name": "Chloé", "attributes": {"age": "34", "city": "Paris"}})
    text = "\ufeffphone;name;segment;age\n06 12 34 56 78;;gold;35\n+33698765432;Paul Durand;silver;\n\n"
    assert shop.import_(text) == 2
    chloe = shop.repository.get(BRAND, customer_id_for(BRAND, CHLOE))
    assert (chloe.name, chloe.attributes) == ("Chloé", {"age": "35", "city": "Paris", "segment": "gold"})
    paul = shop.repository.get(BRAND, customer_id_for(BRAND, "+33698765432"))
    assert (paul.name, paul.attributes, paul.updated_at) == ("Paul Durand", {"segment": "silver"}, AT)


def test_an_import_with_a_bad_line_names_every_error_and_writes_nothing(shop):
    text = ("phone,name,segment\n"
            "0612345678,Chloé,gold\n"
            "not a number,Paul,silver\n"
            "06 12 34 56 78,Chloé again,gold\n"
            "0698765432,Léa\n"
            f"0611111111,{'x' * 201},gold\n")
    with pytest.raises(InvalidInput) as refusal:
        shop.import_(text)
    assert set(refusal.value.errors) == {"line 3: phone", "line 4: phone", "line 5", "line 6: name"}
    assert "line 2" in refusal.value.errors["line 4: phone"]
    assert shop.repository.profiles == {}


@pytest.mark.parametrize("text, field", [
    ("name,segment\nChloé,gold\n", "header"),
    ("", "body"),
    ("phone,Phone\n0612345678,0612345678\n", "header"),
    ("phone," + ",".join(f"a{i}" for i in range(51)) + "\n", "header"),
])
def test_an_import_without_a_usable_header_is_refused(shop, text, field):
    with pytest.raises(InvalidInput) as refusal:
        shop.import_(text)
    assert field in refusal.value.errors


def test_an_import_is_not_utf8_or_too_long(shop):
    with pytest.raises(InvalidInput) as refusal:
        shop.customers.import_csv(shop.admin, "phone,name\n0612345678,Chloé\n".encode("latin-1"))
    assert "body" in refusal.value.errors
    rows = "".join(f"+3361{i:07d}\n" for i in range(MAX_ROWS + 1))
    with pytest.raises(InvalidInput) as refusal:
        shop.import_("phone\n" + rows)
    assert "body" in refusal.value.errors
    assert shop.repository.profiles == {}
