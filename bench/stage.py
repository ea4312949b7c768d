"""The backend every in-process figure runs on: moto as a ThreadedMotoServer on 127.0.0.1 (a real HTTP
endpoint, like the local stage's), and the app's local-stage container pointed at it."""
from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

REGION = "eu-west-3"
TABLE = "comptoir"


def environment() -> None:
    """Dummy credentials (nothing can reach a real account) and the local stage's settings."""
    os.environ.update(AWS_ACCESS_KEY_ID="bench", AWS_SECRET_ACCESS_KEY="bench", AWS_DEFAULT_REGION=REGION,
                      AWS_ACCOUNT_ID_ENDPOINT_MODE="disabled", COMPTOIR_STAGE="local", COMPTOIR_TABLE=TABLE,
                      NO_PROXY="127.0.0.1,localhost", no_proxy="127.0.0.1,localhost")
    os.environ.pop("AWS_SESSION_TOKEN", None)
    os.environ.pop("AWS_PROFILE", None)


@dataclass
class Stage:
    endpoint: str
    server: Any
    container: Any  # chalicelib.bootstrap.Services

    def fresh_container(self, table: str = TABLE) -> Any:
        """A new object graph on `table`: every PynamoDB connection (and botocore client) is made again."""
        from dataclasses import replace

        from chalicelib import bootstrap, runtime
        from chalicelib.config import from_env

        self.container = bootstrap.bootstrap(replace(from_env(), table=table))
        runtime.install(self.container)
        return self.container

    def container_on(self, table: str, clock: Any) -> Any:
        """A container on its own table (created from the models, with its stream) and a given clock."""
        from dataclasses import replace

        from chalicelib import bootstrap, runtime
        from chalicelib.config import from_env
        from chalicelib.models import tables

        self.container = bootstrap.bootstrap(replace(from_env(), table=table), clock=clock)
        runtime.install(self.container)
        tables.create_tables()  # the models' table, indexes and stream (NEW_AND_OLD_IMAGES)
        return self.container

    def client(self) -> Any:
        import boto3

        return boto3.client("dynamodb", endpoint_url=self.endpoint, region_name=REGION)

    def create_table_without_stream(self, table: str) -> None:
        """The main table's keys and indexes (from the model), without the stream: see bench/webhook.py."""
        from chalicelib.models.tables import Item

        schema = Item._get_schema()
        self.client().create_table(
            TableName=table, BillingMode="PAY_PER_REQUEST", KeySchema=schema["key_schema"],
            AttributeDefinitions=schema["attribute_definitions"],
            GlobalSecondaryIndexes=[{"IndexName": g["index_name"], "KeySchema": g["key_schema"],
                                     "Projection": g["projection"]} for g in schema["global_secondary_indexes"]])

    def stop(self) -> None:
        self.server.stop()


def app() -> Any:
    """The Chalice app, its request logs still formatted (their cost is the handler's) but sent nowhere.

    Note: Chalice (app_name "comptoir") and Powertools (service "comptoir") both put a stdout handler on
    the logger "comptoir", so every log record of the app is written twice."""
    import logging

    from app import app as chalice_app

    for handler in logging.getLogger("comptoir").handlers:
        if isinstance(handler, logging.StreamHandler):
            handler.setStream(open(os.devnull, "w"))  # noqa: SIM115 (for the life of the process)
    return chalice_app


def start() -> Stage:
    from moto.server import ThreadedMotoServer

    from bench import moto_speed

    environment()
    moto_speed.install()  # moto, costing per partition as DynamoDB does
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    os.environ["DYNAMODB_ENDPOINT"] = endpoint

    from local.seed import create_local_tables

    stage = Stage(endpoint=endpoint, server=server, container=None)
    stage.fresh_container()
    create_local_tables()
    return stage
