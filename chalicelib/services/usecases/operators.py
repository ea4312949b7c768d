"""What operators do to a stage beside the brands' own admins: onboard a brand, give a store its textable
number or take it back, send an agent a password reset."""
from __future__ import annotations

from dataclasses import dataclass, replace

from ..domain import Brand, Store
from ..domain.errors import AlreadyExists, Conflict, InvalidInput, NotFound
from ..domain.phone import to_e164
from ..ports.operators import BrandCatalog
from ..ports.repositories import Directory
from .accounts import Accounts, normalise_email
from .credentials import Credentials
from .stores import Stores

OPERATOR = "operator"  # who invited a brand's first admin: nobody of the brand, so nobody is told of the acceptance


@dataclass(frozen=True)
class Onboarding:
    brand: Brand
    store: Store
    invitation_url: str


@dataclass(frozen=True)
class NumberChange:
    number: str
    store: Store | None  # the store that has the number now (assign) or had it (release); None: nobody had it
    previous_number: str | None = None  # the number the store had before an assignment, released by it
    changed: bool = True


class Operators:
    def __init__(self, directory: Directory, stores: Stores, accounts: Accounts, credentials: Credentials,
                 catalog: BrandCatalog) -> None:
        self.directory = directory
        self.stores = stores
        self.accounts = accounts
        self.credentials = credentials
        self.catalog = catalog

    def create_brand(self, *, name: str, admin_email: str, store_name: str, timezone: str,
                     number: str) -> Onboarding:
        """A new brand, its first store with its number, and the invitation of its first admin.

        The admin chooses a password through the invitation link, as any invited agent does."""
        address = normalise_email(admin_email, "admin_email")
        brand, store = self.stores.new_brand(name=name, store_name=store_name, timezone=timezone,
                                             phone_number=number, number_field="number")
        if self.directory.find_agent_by_email(address) is not None:
            raise InvalidInput.field("admin_email", "an account with this e-mail exists already")
        self._refuse_taken(store.phone_number or "", None)
        self.directory.add_brand(brand)
        try:
            self.directory.add_store(store)
        except AlreadyExists:
            raise Conflict("this number was assigned to another store meanwhile", {"number": "taken"}) from None
        url = self.accounts.invite_brand_admin(brand.id, store.id, address, OPERATOR)
        return Onboarding(brand, store, url)

    def list_brands(self) -> list[tuple[Brand, list[Store]]]:
        """Every brand with its stores."""
        found = [(self.directory.get_brand(b), b) for b in self.catalog.brand_ids()]
        return [(brand, self.directory.list_stores(brand_id)) for brand, brand_id in found if brand is not None]

    def assign_number(self, store_id: str, number: str, brand_id: str | None = None) -> NumberChange:
        """Gives a store its textable number (one number, one store); the store's previous number is released."""
        e164 = to_e164(number, "number")
        store = self._store(store_id, brand_id)
        if store.phone_number == e164:
            return NumberChange(e164, store, e164, changed=False)
        self._refuse_taken(e164, store)
        try:
            self.directory.save_store(replace(store, phone_number=e164), store.phone_number)
        except AlreadyExists:
            raise Conflict(f"{e164} was assigned to another store meanwhile", {"number": "taken"}) from None
        return NumberChange(e164, replace(store, phone_number=e164), store.phone_number)

    def release_number(self, number: str) -> NumberChange:
        """Takes a number away from its store; a number nobody has is left as it is."""
        e164 = to_e164(number, "number")
        holder = self.directory.find_store_ref_by_number(e164)
        store = self.directory.get_store(*holder) if holder else None
        if store is None:
            return NumberChange(e164, None, changed=False)
        self.directory.save_store(replace(store, phone_number=None), store.phone_number)
        return NumberChange(e164, replace(store, phone_number=None), e164)

    def send_password_reset(self, email: str) -> bool:
        """E-mails the agent a reset link; False when the address has no account (the operator may ask)."""
        agent = self.directory.find_agent_by_email(normalise_email(email))
        if agent is None or agent.deleted_at is not None:
            return False
        self.credentials.request_reset(email)
        return True

    def _store(self, store_id: str, brand_id: str | None) -> Store:
        brand_id = brand_id or self.catalog.locate_store(store_id)
        store = self.directory.get_store(brand_id, store_id) if brand_id else None
        if store is None:
            raise NotFound(f"no store {store_id}")
        return store

    def _refuse_taken(self, e164: str, store: Store | None) -> None:
        holder = self.directory.find_store_ref_by_number(e164)
        if holder is not None and (store is None or holder != (store.brand_id, store.id)):
            raise Conflict(f"{e164} is already assigned to store {holder[1]} of brand {holder[0]}: "
                           "release it first", {"number": "taken"})
