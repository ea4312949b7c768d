"""Canned responses (SPEC D6): the brand's library and each agent's own, alphabetical, searchable, filled."""
from __future__ import annotations

from dataclasses import replace

import pytest

from chalicelib.services.domain import Customer
from chalicelib.services.domain.errors import Forbidden, InvalidInput, NotFound
from chalicelib.services.ports.ids import SequentialIds
from chalicelib.services.usecases.canned import CannedResponses, fill, normalised
from tests.fakes_canned import FakeCannedResponses
from tests.unit.routing_shop import BOSS, INES, PAUL, RoutingShop


class CannedShop(RoutingShop):
    def __init__(self) -> None:
        super().__init__()
        self.library = FakeCannedResponses()
        self.canned = CannedResponses(self.library, self.cases.thread_access, self.directory, SequentialIds(),
                                      self.clock)

    def add_canned(self, title: str, text: str = "Bonjour {first_name}, merci de votre patience.",
                   scope: str = "brand", agent_id: str = BOSS) -> str:
        return self.canned.create(self.agent(agent_id), title, text, scope).id

    def titles(self, agent_id: str, q: str | None = None) -> list[str]:
        return [listed.canned.title for listed in self.canned.list(self.agent(agent_id), q)]


@pytest.fixture
def shop() -> CannedShop:
    return CannedShop()


def test_the_brand_library_and_ones_own_are_merged_alphabetically_without_regard_to_accents_or_case(
        shop: CannedShop) -> None:
    shop.add_canned("Retour produit")
    shop.add_canned("échange de taille")
    shop.add_canned("Délai de livraison", scope="personal", agent_id=INES)
    shop.add_canned("Avoir", scope="personal", agent_id=PAUL)
    shop.add_canned("Colis perdu")
    assert shop.titles(INES) == ["Colis perdu", "Délai de livraison", "échange de taille", "Retour produit"]
    assert shop.titles(PAUL) == ["Avoir", "Colis perdu", "échange de taille", "Retour produit"]


def test_a_search_matches_title_or_text_without_regard_to_accents_or_case(shop: CannedShop) -> None:
    shop.add_canned("Retour produit", "Vous pouvez nous RENVOYER l'article sous 30 jours.")
    shop.add_canned("Échange", "Nous échangeons la taille sans frais.")
    shop.add_canned("Livraison", "Votre colis arrive demain.")
    assert shop.titles(INES, "echange") == ["Échange"]
    assert shop.titles(INES, "renvoyer") == ["Retour produit"]
    assert shop.titles(INES, "  COLIS ") == ["Livraison"]
    assert shop.titles(INES, "rien") == []


def test_a_new_title_moves_it_in_the_order(shop: CannedShop) -> None:
    first = shop.add_canned("Avoir")
    shop.add_canned("Colis perdu")
    updated = shop.canned.update(shop.agent(BOSS), first, title="Remboursement")
    assert updated.version == 2 and updated.updated_at == shop.clock.now()
    assert shop.titles(INES) == ["Colis perdu", "Remboursement"]


def test_only_brand_admins_write_the_brand_library(shop: CannedShop) -> None:
    with pytest.raises(Forbidden):
        shop.add_canned("Retour", agent_id=INES)
    brand_one = shop.add_canned("Retour")
    with pytest.raises(Forbidden):
        shop.canned.update(shop.agent(INES), brand_one, text="Autre chose")
    with pytest.raises(Forbidden):
        shop.canned.delete(shop.agent(INES), brand_one)
    assert shop.titles(INES) == ["Retour"]


def test_ones_own_are_nobody_elses_not_even_a_brand_admins(shop: CannedShop) -> None:
    mine = shop.add_canned("Ma signature", "Inès, service client", scope="personal", agent_id=INES)
    for agent_id in (PAUL, BOSS):
        with pytest.raises(NotFound):
            shop.canned.update(shop.agent(agent_id), mine, title="Pris")
        with pytest.raises(NotFound):
            shop.canned.delete(shop.agent(agent_id), mine)
    shop.canned.delete(shop.agent(INES), mine)
    assert shop.titles(INES) == []
    with pytest.raises(NotFound):
        shop.canned.delete(shop.agent(INES), mine)


def test_bad_input_is_named_and_changes_nothing(shop: CannedShop) -> None:
    kept = shop.add_canned("Retour")
    for attempt, field in [
        (lambda: shop.add_canned("   "), "title"),
        (lambda: shop.add_canned("x" * 121), "title"),
        (lambda: shop.add_canned("Vide", " \n "), "text"),
        (lambda: shop.add_canned("Long", "x" * 1001), "text"),
        (lambda: shop.add_canned("Équipe", scope="team"), "scope"),
        (lambda: shop.canned.update(shop.agent(BOSS), kept, title=""), "title"),
        (lambda: shop.canned.list(shop.agent(BOSS), q="x" * 201), "q"),
    ]:
        with pytest.raises(InvalidInput) as refusal:
            attempt()
        assert field in refusal.value.errors
    assert shop.titles(BOSS) == ["Retour"]


def test_a_thread_fills_first_name_and_store_name(shop: CannedShop) -> None:
    shop.add_canned("Accueil", "Bonjour {first_name}, ici {store_name}. Je regarde votre commande.")
    thread_id = shop.text("Bonjour")
    listed = shop.canned.list(shop.agent(INES), thread_id=thread_id)
    assert listed[0].filled_text == "Bonjour, ici Order tracking. Je regarde votre commande."
    assert listed[0].canned.text.startswith("Bonjour {first_name}")  # the library itself is unchanged
    thread = shop.thread(thread_id)
    shop.threads.save(thread, replace(thread, customer=Customer(id=thread.customer.id, phone=thread.customer.phone,
                                                                name="Chloé Martin"), version=thread.version + 1))
    named = shop.canned.list(shop.agent(INES), thread_id=thread_id)[0].filled_text
    assert named == "Bonjour Chloé, ici Order tracking. Je regarde votre commande."
    assert shop.canned.list(shop.agent(INES))[0].filled_text is None


def test_a_thread_not_visible_to_the_agent_is_not_found(shop: CannedShop) -> None:
    thread_id = shop.text("Bonjour")
    shop.add("a-outsider", {})
    with pytest.raises(NotFound):
        shop.canned.list(shop.agent("a-outsider"), thread_id=thread_id)
    with pytest.raises(NotFound):
        shop.canned.list(replace(shop.agent(BOSS), brand_id="rival"), thread_id=thread_id)


@pytest.mark.parametrize("text, expected", [
    ("Bonjour {first_name}, votre colis est parti.", "Bonjour, votre colis est parti."),
    ("Merci {first_name} !", "Merci !"),
    ("Merci, {first_name}.", "Merci."),
    ("{first_name}, votre colis est parti.", "Votre colis est parti."),
    ("Bonjour,\n{first_name} nous avons trouvé.", "Bonjour,\nNous avons trouvé."),
    ("L'équipe {store_name}", "L'équipe Order tracking"),
    ("Code {promo} pour vous", "Code {promo} pour vous"),
])
def test_an_unknown_first_name_vanishes_cleanly(text: str, expected: str) -> None:
    assert fill(text, None, "Order tracking") == expected


def test_titles_compare_without_accents_case_or_repeated_spaces() -> None:
    assert normalised("  Échange\tde   TAILLE ") == "echange de taille"
    assert normalised("Straße") == "strasse"

