import pytest
from moto import mock_aws

from chalicelib import runtime


@pytest.fixture
def stage():
    """A fresh local stage in process: moto tables, the demo brand, a fixed clock."""
    from tests.functional.support import Stage

    with mock_aws():
        yield Stage()
    runtime.install(None)


@pytest.fixture(autouse=True)
def twin_history(request, monkeypatch):
    """The Graph twin's history is for the modules that test its import (TWIN_HISTORY = True); elsewhere a connected
    page has none, so that a test's inbox holds what its own customers wrote."""
    if not getattr(request.module, "TWIN_HISTORY", False):
        monkeypatch.setattr("chalicelib.sandbox.meta_history.PEOPLE", ())
