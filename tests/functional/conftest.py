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
