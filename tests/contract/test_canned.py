"""Canned responses (D6): one contract, the in-memory fake and the DynamoDB repository
(on moto and DynamoDB Local)."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from chalicelib.models.canned import DynamoCannedResponses
from chalicelib.services.domain import CannedResponse
from chalicelib.services.domain.errors import AlreadyExists, StaleVersion
from tests.dynamodb_local_support import OnBothBackends
from tests.fakes_canned import FakeCannedResponses

AT = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
BRAND = "maison"


def a_canned(canned_id: str, title: str, owner: str | None = None, brand: str = BRAND) -> CannedResponse:
    return CannedResponse(brand_id=brand, id=canned_id, title=title, text=f"Texte de {title}",
                          scope="personal" if owner else "brand", owner_agent_id=owner, created_at=AT, updated_at=AT)


class CannedContract:
    library: FakeCannedResponses | DynamoCannedResponses

    @contextmanager
    def backend(self) -> Iterator[object]:
        raise NotImplementedError

    @pytest.fixture(autouse=True)
    def _repository(self) -> Iterator[None]:
        with self.backend() as library:
            self.library = library  # type: ignore[assignment]
            yield

    def titles(self, owner: str | None = None, brand: str = BRAND) -> list[str]:
        return [c.title for c in self.library.list(brand, owner)]

    def test_a_library_comes_back_in_alphabetical_order_without_regard_to_accents_or_case(self) -> None:
        for n, title in enumerate(["retour", "Échange", "Abc d", "Avoir", "abc", "Colis  perdu", "ÉCHANGE"]):
            self.library.add(a_canned(f"r{n}", title))
        assert self.titles() == ["abc", "Abc d", "Avoir", "Colis  perdu", "Échange", "ÉCHANGE", "retour"]

    def test_each_library_is_its_own(self) -> None:
        self.library.add(a_canned("r1", "Marque"))
        self.library.add(a_canned("r2", "Inès", owner="a-ines"))
        self.library.add(a_canned("r3", "Paul", owner="a-paul"))
        self.library.add(a_canned("r4", "Ailleurs", brand="rival"))
        assert (self.titles(), self.titles("a-ines"), self.titles("a-paul")) == (["Marque"], ["Inès"], ["Paul"])
        assert self.library.get(BRAND, "a-ines", "r1") == a_canned("r1", "Marque")
        assert self.library.get(BRAND, "a-ines", "r2") == a_canned("r2", "Inès", owner="a-ines")
        assert self.library.get(BRAND, "a-ines", "r3") is None  # another agent's own
        assert self.library.get(BRAND, "a-ines", "r4") is None  # another brand's
        assert self.library.get("rival", "a-x", "r1") is None

    def test_an_id_is_added_once(self) -> None:
        self.library.add(a_canned("r1", "Retour"))
        with pytest.raises(AlreadyExists):
            self.library.add(a_canned("r1", "Retour"))

    def test_a_new_title_moves_it_and_leaves_nothing_behind(self) -> None:
        first = a_canned("r1", "Avoir")
        self.library.add(first)
        self.library.add(a_canned("r2", "Colis"))
        moved = replace(first, title="Zèbre", text="Autre", updated_at=AT + timedelta(hours=1), version=2)
        self.library.save(first, moved)
        assert self.titles() == ["Colis", "Zèbre"]
        assert self.library.get(BRAND, "a-ines", "r1") == moved
        same_place = replace(moved, text="Encore", version=3)
        self.library.save(moved, same_place)
        assert self.library.list(BRAND, None)[1] == same_place

    def test_a_stale_change_or_deletion_is_refused_and_changes_nothing(self) -> None:
        first = a_canned("r1", "Avoir", owner="a-ines")
        self.library.add(first)
        current = replace(first, title="Bon d'achat", version=2)
        self.library.save(first, current)
        with pytest.raises(StaleVersion):
            self.library.save(first, replace(first, title="Crédit", version=2))
        with pytest.raises(StaleVersion):
            self.library.delete(first)
        assert self.library.list(BRAND, "a-ines") == [current]
        self.library.delete(current)
        assert self.library.list(BRAND, "a-ines") == []
        assert self.library.get(BRAND, "a-ines", "r1") is None
        with pytest.raises(StaleVersion):
            self.library.delete(current)


class TestFakeCanned(CannedContract):
    @contextmanager
    def backend(self) -> Iterator[object]:
        yield FakeCannedResponses()


class TestDynamoCanned(CannedContract, OnBothBackends):
    @contextmanager
    def backend(self) -> Iterator[object]:
        with self.fresh_table():
            yield DynamoCannedResponses()
