"""Cold start: `import app` against `import boto3` alone, each timed inside fresh interpreters.

The time is taken with perf_counter around the import inside the subprocess, so interpreter start-up is
left out. Environment as on the AWS stage (COMPTOIR_STAGE=aws, a token secret set); cwd = repo root.
"""
from __future__ import annotations

import os
import statistics
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RUNS = 7
SNIPPET = "import time; t = time.perf_counter(); {statement}; print(time.perf_counter() - t)"
STATEMENTS = {
    "app": "import app",
    "boto3": "import boto3",
    # Informational: what the first request adds, the object graph built lazily by runtime.services().
    "app_with_container": "import app; from chalicelib.runtime import services; services()",
}


def _environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("COMPTOIR_", "DYNAMODB_"))}
    env.update(COMPTOIR_STAGE="aws", COMPTOIR_TOKEN_SECRET="bench-token-secret-of-at-least-32-characters",
               AWS_DEFAULT_REGION="eu-west-3", AWS_ACCESS_KEY_ID="bench", AWS_SECRET_ACCESS_KEY="bench")
    return env


def _time(name: str, env: dict[str, str]) -> float:
    out = subprocess.run([sys.executable, "-c", SNIPPET.format(statement=STATEMENTS[name])], cwd=ROOT, env=env,
                         capture_output=True, text=True, check=True)
    return float(out.stdout.strip().splitlines()[-1])


def run(report: Any) -> None:
    env = _environment()
    for name in STATEMENTS:  # once each first: bytecode caches written, files in the page cache
        _time(name, env)
    times: dict[str, list[float]] = {name: [] for name in STATEMENTS}
    for _ in range(RUNS):  # interleaved, so machine noise hits all alike
        for name in STATEMENTS:
            times[name].append(_time(name, env))
    ms = {name: statistics.median(values) * 1e3 for name, values in times.items()}
    report.info("import_app_median_ms", round(ms["app"], 1), f"{RUNS} fresh interpreters, COMPTOIR_STAGE=aws")
    report.info("import_boto3_median_ms", round(ms["boto3"], 1), f"{RUNS} fresh interpreters")
    report.info("import_app_with_container_median_ms", round(ms["app_with_container"], 1),
                "import app + runtime.services(), the rest of a cold start before the first DynamoDB call")
    report.figure("import_app_vs_boto3_ratio", round(ms["app"] / ms["boto3"], 3), 1.3,
                  f"median {ms['app']:.1f} ms / {ms['boto3']:.1f} ms")
