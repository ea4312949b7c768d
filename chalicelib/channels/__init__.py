"""Channel adapters: one per provider, behind the interfaces of services/ports.py and base.py."""
