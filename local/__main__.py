"""`python -m local` (`make dev`): runs the local stage until Ctrl+C or SIGTERM."""

from __future__ import annotations

import logging
import os
import signal
import sys
import threading
from pathlib import Path
from types import FrameType

from local import logs, settings
from local.stage import LocalStage, StartupError

log = logging.getLogger("local")

PROJECT_DIR = Path(__file__).resolve().parent.parent


def main() -> int:
    logs.configure(os.environ.get("LOG_LEVEL", "INFO"))
    stopping = threading.Event()
    _stop_on_signals(stopping)
    stage = LocalStage(settings.read(), project_dir=PROJECT_DIR)
    try:
        stage.start()
    except (StartupError, OSError) as error:
        log.error("the local stage did not start: %s", error)
        stage.stop()
        return 1
    except Exception:
        log.exception("the local stage did not start")
        stage.stop()
        return 1
    print(_banner(stage), flush=True)
    while not stopping.wait(0.5):
        pass
    log.info("stopping")
    stage.stop()
    log.info("stopped")
    return 0


def _stop_on_signals(stopping: threading.Event) -> None:
    def handle(signum: int, _frame: FrameType | None) -> None:
        if stopping.is_set():  # a second Ctrl+C: the user does not want to wait for a clean stop
            os._exit(130)
        stopping.set()

    signal.signal(signal.SIGINT, handle)
    signal.signal(signal.SIGTERM, handle)


def _backend_note(stage: LocalStage) -> str:
    assert stage.dynamodb_local is not None
    how = "left running by the last stage, reused" if stage.dynamodb_local.reused else "started"
    return f"Amazon's DynamoDB Local, {how}, pid {stage.dynamodb_local.pid}, its files in the data folder"


def _banner(stage: LocalStage) -> str:
    s = stage.settings
    local_url = f"http://127.0.0.1:{s.port}"
    lines = [
        "",
        "Comptoir local stage is running",
        f"  API          {local_url}/v1/   sandbox: {local_url}/sandbox/",
        f"  web client   {local_url}/",
        "  demo login   admin@demo.test / demo-password   (local stage only)",
        f"  data folder  {s.data_dir}",
        f"  DynamoDB     {stage.endpoint}   ({_backend_note(stage)})",
    ]
    if s.public_base_url != local_url:
        lines.append(f"  public URL   {s.public_base_url}   (what Twilio signs)")
    lines += ["Ctrl+C stops. Every write is on disk as soon as it is answered: a crash loses nothing accepted.", ""]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
