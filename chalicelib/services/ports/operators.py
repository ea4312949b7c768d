"""What the operators' use cases need beyond the directory: what only a walk over the whole stage finds."""
from __future__ import annotations

from typing import Protocol


class BrandCatalog(Protocol):
    """Every brand, and a store by its id alone. Operators' batch work: never on a request path."""

    def brand_ids(self) -> list[str]: ...

    def locate_store(self, store_id: str) -> str | None:
        """The brand of the store with this id, or None."""
        ...
