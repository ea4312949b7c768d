"""Channel adapters: one per provider, behind the interfaces of services/ports/ and base.py."""
