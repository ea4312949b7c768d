"""Where the stores' platform access tokens are kept: never in the table (its stream copies every item to the
consumers), never in a log line.

On AWS each token is a SecureString parameter of SSM Parameter Store, `<path>/<account id>`, under the
stack's secrets path; the functions' roles may touch that path only. On the local stage a token is a file
of its own in the data folder, readable by its owner only: every process of the stage (gateway, stream
pump, ticker) shares that folder, it survives a restart as the local tables do, and the local stage calls
no AWS service. Without a data folder (in-process tests) the tokens live in memory.
"""
from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path
from typing import Any, NoReturn

from ..config import MissingSetting, Settings
from ..services.domain.errors import NotFound
from ..services.ports.channel_accounts import ChannelTokens
from .timeouts import SSM, boto_config

_ACCOUNT_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")  # what an account id is made of: a name, never a path


def _checked(account_id: str) -> str:
    if not _ACCOUNT_ID.fullmatch(account_id):
        raise ValueError("an account id is letters, digits, '_' and '-' only")
    return account_id


class ParameterChannelTokens:
    """One SecureString parameter per account; read at each use, so a new token reaches every function at once."""

    def __init__(self, path: str, client: Any = None) -> None:
        self.path = path.rstrip("/")
        self._client = client  # created on first use

    def put(self, account_id: str, token: str) -> None:
        self.client().put_parameter(Name=self._name(account_id), Value=token, Type="SecureString", Overwrite=True,
                                    Description="Access token of a store's messaging channel")

    def get(self, account_id: str) -> str:
        name = self._name(account_id)
        try:
            answer = self.client().get_parameter(Name=name, WithDecryption=True)
        except self.client().exceptions.ParameterNotFound:
            raise NotFound("no access token for this channel") from None
        return str(answer["Parameter"]["Value"])

    def delete(self, account_id: str) -> None:
        name = self._name(account_id)
        try:
            self.client().delete_parameter(Name=name)
        except self.client().exceptions.ParameterNotFound:
            return

    def _name(self, account_id: str) -> str:
        return f"{self.path}/{_checked(account_id)}"

    def client(self) -> Any:
        if self._client is None:
            import boto3

            self._client = boto3.client("ssm", config=boto_config(SSM))
        return self._client


class FileChannelTokens:
    """One file per account, mode 0600, replaced atomically: a reader never sees half a token."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def put(self, account_id: str, token: str) -> None:
        self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=self.folder, prefix=".token-")  # created 0600
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(token)
        os.replace(temporary, self._file(account_id))

    def get(self, account_id: str) -> str:
        try:
            return self._file(account_id).read_text(encoding="utf-8")
        except FileNotFoundError:
            raise NotFound("no access token for this channel") from None

    def delete(self, account_id: str) -> None:
        self._file(account_id).unlink(missing_ok=True)

    def _file(self, account_id: str) -> Path:
        return self.folder / _checked(account_id)


class MemoryChannelTokens:
    """The tokens of one process, for in-process tests of the local stage."""

    def __init__(self) -> None:
        self._tokens: dict[str, str] = {}

    def put(self, account_id: str, token: str) -> None:
        self._tokens[_checked(account_id)] = token

    def get(self, account_id: str) -> str:
        if account_id not in self._tokens:
            raise NotFound("no access token for this channel")
        return self._tokens[account_id]

    def delete(self, account_id: str) -> None:
        self._tokens.pop(account_id, None)


class WithoutChannelTokens:
    """The tokens of a deployed function whose environment names no tokens path (its role may not read any):
    it fails when asked, rather than at start, so the functions that never need a token still run."""

    def put(self, account_id: str, token: str) -> None:
        self._refuse()

    def get(self, account_id: str) -> str:
        self._refuse()

    def delete(self, account_id: str) -> None:
        self._refuse()

    @staticmethod
    def _refuse() -> NoReturn:
        raise MissingSetting("CHANNEL_TOKENS_PATH is not set: this function may not use channel tokens")


def channel_tokens_for(settings: Settings) -> ChannelTokens:
    """SSM outside the local stage (under the path the environment names), else the data folder or memory."""
    if not settings.local:
        if not settings.channel_tokens_path:
            return WithoutChannelTokens()
        return ParameterChannelTokens(settings.channel_tokens_path)
    if settings.data_dir:
        return FileChannelTokens(Path(settings.data_dir) / "channel-tokens")
    return MemoryChannelTokens()
