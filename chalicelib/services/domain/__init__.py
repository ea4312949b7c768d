"""The product's rules: entities and pure functions, no I/O. Entities are re-exported here."""
