"""The local sentiment detector (what raises an alert on strong dissatisfaction) measured on the labelled
customer messages in tests/data.

Informational figures (budget `-`): precision and recall of "strong dissatisfaction" on the sample the cue
lists were tuned on, and on the held-out sample labelled at the same time and never looked at while tuning.
"""
from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"
SAMPLES = {"sample": "sentiment_sample.csv", "holdout": "sentiment_holdout.csv"}


def measure(path: Path) -> dict[str, int]:
    from chalicelib.adapters.lexicon_sentiment import LexiconSentiment

    detector = LexiconSentiment()
    counts = {"tp": 0, "fp": 0, "fn": 0, "tn": 0}
    with path.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            said, truth = detector.assess(row["text"]).alert, row["alert"] == "1"
            counts[("t" if said == truth else "f") + ("p" if said else "n")] += 1
    return counts


def run(report: Any) -> None:
    for name, file in SAMPLES.items():
        c = measure(DATA / file)
        detail = (f"tests/data/{file}: {sum(c.values())} messages, {c['tp'] + c['fn']} labelled alerts; "
                  f"{c['tp']} found, {c['fp']} false alerts, {c['fn']} missed")
        report.info(f"sentiment_precision_{name}", round(c["tp"] / max(1, c["tp"] + c["fp"]), 3))
        report.info(f"sentiment_recall_{name}", round(c["tp"] / max(1, c["tp"] + c["fn"]), 3), detail)


if __name__ == "__main__":
    from bench.__main__ import Report

    run(Report())
