"""Adapters for the services' other ports: passwords, tokens, e-mail."""
