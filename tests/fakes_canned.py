"""Canned responses in memory, alike DynamoCannedResponses (tests/contract/test_canned.py keeps them alike)."""
from __future__ import annotations

from copy import deepcopy

from chalicelib.services.domain import CannedResponse
from chalicelib.services.domain.errors import AlreadyExists, StaleVersion
from chalicelib.services.usecases.canned import order


class FakeCannedResponses:
    def __init__(self) -> None:
        self.items: dict[tuple[str, str | None, str], CannedResponse] = {}  # (brand, owner, id) -> canned response

    def list(self, brand_id: str, owner_agent_id: str | None) -> list[CannedResponse]:
        mine = [c for (b, owner, _), c in self.items.items() if b == brand_id and owner == owner_agent_id]
        return [deepcopy(c) for c in sorted(mine, key=order)]

    def get(self, brand_id: str, agent_id: str, canned_id: str) -> CannedResponse | None:
        found = self.items.get((brand_id, None, canned_id)) or self.items.get((brand_id, agent_id, canned_id))
        return deepcopy(found)

    def add(self, canned: CannedResponse) -> None:
        key = (canned.brand_id, canned.owner_agent_id, canned.id)
        if key in self.items:
            raise AlreadyExists("a canned response with this id exists already")
        self.items[key] = deepcopy(canned)

    def save(self, before: CannedResponse, after: CannedResponse) -> None:
        key = (after.brand_id, after.owner_agent_id, after.id)
        current = self.items.get(key)
        if current is None or current.version != before.version:
            raise StaleVersion("the canned response changed meanwhile")
        self.items[key] = deepcopy(after)

    def delete(self, canned: CannedResponse) -> None:
        key = (canned.brand_id, canned.owner_agent_id, canned.id)
        current = self.items.get(key)
        if current is None or current.version != canned.version:
            raise StaleVersion("the canned response changed meanwhile")
        del self.items[key]
