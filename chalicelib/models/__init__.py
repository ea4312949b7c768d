"""PynamoDB persistence. Importing any module here first declares every item kind (see items/)."""
from . import items as _items  # noqa: F401
