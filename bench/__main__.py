"""`make bench`: the performance budgets of ARCHITECTURE.md, one line per figure: `name value budget`.

Budget `-` marks an informational figure. Lines starting with `#` say what was measured (the DynamoDB
call sequences behind the counts). Exits 1 when any budget is missed.
"""
from __future__ import annotations

# The counter goes in before anything creates a botocore session (see ddbcount.py).
from . import ddbcount

ddbcount.install()

import logging  # noqa: E402
import platform  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from typing import Any  # noqa: E402


class Report:
    def __init__(self) -> None:
        self.missed: list[str] = []

    def figure(self, name: str, value: Any, budget: float | None, detail: str = "") -> None:
        """A budgeted figure (or an informational one when budget is None); at most `budget` passes."""
        print(f"{name} {value} {'-' if budget is None else budget}", flush=True)
        if detail:
            print(f"#   {detail}", flush=True)
        if budget is not None and not value <= budget:
            self.missed.append(name)

    def info(self, name: str, value: Any, detail: str = "") -> None:
        self.figure(name, value, None, detail)


def main() -> int:
    from . import durability, imports, inbox, local_stage, search, sentiment, stage, stats, timers, web, webhook

    started = time.perf_counter()
    report = Report()
    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # the moto server's access log
    print(f"# Comptoir benchmarks: DynamoDB calls counted with botocore before-call hooks (exact); times are "
          f"medians on moto {_version('moto')} ThreadedMotoServer at 127.0.0.1 (in process via "
          f"chalice.test.Client), Python {platform.python_version()}, {_cpus()} CPUs", flush=True)
    backend = stage.start()
    try:
        webhook.run(backend, report)
        inbox.run(backend, report)
        timers.run(backend, report)
        stats.run(backend, report)
        search.run(backend, report)
    finally:
        backend.stop()
    imports.run(report)
    from . import package  # the deployment zip's size, built offline
    package.run(report)
    sentiment.run(report)
    web.run(report)
    web.run_interactive(report)
    local_stage.run(report)  # `python -m local` in subprocesses, on DynamoDB Local
    durability.run(report)
    print(f"# {len(report.missed)} budget(s) missed{': ' + ', '.join(report.missed) if report.missed else ''}; "
          f"{time.perf_counter() - started:.0f} s", flush=True)
    return 1 if report.missed else 0


def _version(dist: str) -> str:
    from importlib.metadata import version

    return version(dist)


def _cpus() -> int:
    import os

    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 0


if __name__ == "__main__":
    sys.exit(main())
