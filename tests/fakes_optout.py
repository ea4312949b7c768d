"""The opt-out register in memory, with the contract of the DynamoDB one (tests/contract/test_optout_register.py)."""
from __future__ import annotations

from collections.abc import Sequence

from chalicelib.services.domain.optout import OptOutChange, number_hash


class FakeOptOuts:
    def __init__(self) -> None:
        self.items: dict[tuple[str, str, str], OptOutChange] = {}  # (brand, customer hash, store number)

    def record(self, change: OptOutChange) -> bool:
        key = (change.brand_id, change.customer_hash, change.store_number)
        current = self.items.get(key)
        if current is not None and current.at > change.at:
            return False
        self.items[key] = change
        return True

    def opted_out(self, brand_id: str, store_number: str, customer_number: str) -> bool:
        return self.opted_out_hash(brand_id, store_number, number_hash(customer_number))

    def opted_out_many(self, brand_id: str, pairs: Sequence[tuple[str, str]]) -> set[tuple[str, str]]:
        return {(store, customer) for store, customer in pairs if self.opted_out(brand_id, store, customer)}

    def opted_out_hash(self, brand_id: str, store_number: str, customer_hash: str) -> bool:
        change = self.items.get((brand_id, customer_hash, store_number))
        return change is not None and change.opted_out

    def store_numbers_opted_out(self, brand_id: str, customer_hash: str) -> list[str]:
        return sorted(number for (brand, hashed, number), change in self.items.items()
                      if brand == brand_id and hashed == customer_hash and change.opted_out)
