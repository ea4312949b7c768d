"""The operators' command: `python -m ops ...` against the running local stage or a deployed stack."""
