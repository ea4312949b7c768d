"""The local stage reads its settings from the environment and sets what the app reads."""

from __future__ import annotations

from pathlib import Path

from local import settings


def test_defaults():
    read = settings.read({})

    assert read.port == 8000
    assert read.dynamodb_local_port == 0
    assert read.data_dir == Path(".data").resolve()
    assert read.public_base_url == "http://127.0.0.1:8000"
    assert read.region == "eu-west-3"


def test_the_public_base_url_follows_the_port_unless_given():
    assert settings.read({"PORT": "9000"}).public_base_url == "http://127.0.0.1:9000"
    assert settings.read({"PUBLIC_BASE_URL": "https://x.example/"}).public_base_url == "https://x.example"


def test_apply_sets_the_app_environment_and_keeps_given_credentials(tmp_path: Path):
    env = {"AWS_ACCESS_KEY_ID": "mine", "COMPTOIR_DATA": "relative"}
    read = settings.read({"COMPTOIR_DATA": str(tmp_path), "PORT": "8123"})

    settings.apply(read, "http://127.0.0.1:5555", env)

    assert env == {
        "COMPTOIR_STAGE": "local",
        "DYNAMODB_ENDPOINT": "http://127.0.0.1:5555",
        "AWS_ACCESS_KEY_ID": "mine",
        "AWS_SECRET_ACCESS_KEY": "local",
        "AWS_DEFAULT_REGION": "eu-west-3",
        "AWS_ACCOUNT_ID_ENDPOINT_MODE": "disabled",
        "TWILIO_AUTH_TOKEN": "local-twilio-token",
        "PUBLIC_BASE_URL": "http://127.0.0.1:8123",
        "COMPTOIR_DATA": str(tmp_path),
    }


def test_dynamodb_local_listens_where_asked():
    assert settings.read({"DYNAMODB_LOCAL_PORT": "8123"}).dynamodb_local_port == 8123
