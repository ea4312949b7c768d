"""What the local stage starts with: its tables, and a demo brand whose admin logs in with the address and
password below."""
from __future__ import annotations

from typing import Any

DEMO_BRAND_ID = "demo"
DEMO_ADMIN_EMAIL = "admin@demo.test"
DEMO_ADMIN_PASSWORD = "demo-password"
DEMO_NUMBER = "+15550000001"


def seed_demo(services: Any) -> None:
    """Provisions the demo brand, its admin and its first store once; a restart finds it there and adds nothing.

    Goes through the product's own provisioning, so its writes flow through the streams like any other."""
    if services.directory.get_brand(DEMO_BRAND_ID) is not None:
        return
    services.stores.provision_brand(name="Demo brand", admin_email=DEMO_ADMIN_EMAIL,
                                    admin_password=DEMO_ADMIN_PASSWORD, store_name="Demo store",
                                    timezone="Europe/Paris", phone_number=DEMO_NUMBER, brand_id=DEMO_BRAND_ID)


def create_local_tables() -> None:
    """The main table from the models (indexes and stream) and the sandbox's table, where the composition root
    pointed them (build the services first)."""
    from chalicelib.models import tables
    from chalicelib.sandbox import store as sandbox_store

    tables.create_tables()
    sandbox_store.create_table()
