"""Shared test set-up: dummy AWS credentials, so no test can ever reach a real account."""
import os

os.environ.update(AWS_ACCESS_KEY_ID="testing", AWS_SECRET_ACCESS_KEY="testing", AWS_SESSION_TOKEN="testing",
                  AWS_DEFAULT_REGION="eu-west-3", AWS_ACCOUNT_ID_ENDPOINT_MODE="disabled")
os.environ.setdefault("COMPTOIR_STAGE", "local")

from collections.abc import Iterator  # noqa: E402  (after the credentials: nothing may read them earlier)
from pathlib import Path  # noqa: E402
from typing import TYPE_CHECKING  # noqa: E402

import pytest  # noqa: E402

if TYPE_CHECKING:
    from local.dynamodb_local import DynamoDBLocal

# Clients, a streamed table and a writer for the tests of stream readers, on the folder's `endpoint`.
pytest_plugins = ["tests.streamed_table"]


# Imported when first asked for: the application's modules read the environment at import.
@pytest.fixture(scope="session")
def dynamodb_local_jar() -> Path:
    from tests.dynamodb_local_support import dynamodb_local_jar

    return dynamodb_local_jar()


@pytest.fixture(scope="session")
def dynamodb_local(dynamodb_local_jar: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator["DynamoDBLocal"]:
    from tests.dynamodb_local_support import dynamodb_local

    yield from dynamodb_local(dynamodb_local_jar, tmp_path_factory.mktemp("dynamodb-local"))
