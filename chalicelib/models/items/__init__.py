"""The item declarations, by aggregate. Importing the package declares every kind: a query of `Item`
filters on the kinds declared so far, so none may be missing."""
from . import channel_accounts, directory, optout, records, safety, stats, threads

__all__ = ["channel_accounts", "directory", "optout", "records", "safety", "stats", "threads"]
