import pytest

from tests.blackbox.stage import LocalStage


@pytest.fixture(scope="module")
def stage(tmp_path_factory):
    """One real local stage per test module, with its own data folder and port."""
    local = LocalStage(tmp_path_factory.mktemp("stage"))
    local.start()
    yield local
    if local.process and local.process.poll() is None:
        local.stop()
    local.stop_leftovers()
