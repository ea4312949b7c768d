"""Business figures as CloudWatch metrics: Powertools' embedded metric format (EMF) on AWS, nothing locally.

The figures are derived by the stream consumers from what was written (handlers/figures.py), not reported by
the use cases: every fact they count (a message stored, a send's outcome, an escalation step, an agent's first
answer) is already a write the stream carries, so the use cases stay as they are and a figure is counted once
per record acted on, whatever the retries. Namespace "Comptoir"; each figure is published twice in one EMF
blob, by stage and by stage and channel, so that an alarm reads the whole stage without knowing the channels.
"""
from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from typing import Literal, Protocol

NAMESPACE = "Comptoir"
Unit = Literal["Count", "Seconds"]
STAGE_VARIABLE = "COMPTOIR_METRICS_STAGE"  # the stack's name, set by the template: the alarms' Stage dimension


@dataclass(frozen=True)
class Figure:
    """One observation: a count to add up, or a duration of which CloudWatch keeps the distribution."""

    name: str
    value: float
    unit: Unit = "Count"
    channel: str | None = None


class Figures(Protocol):
    """Where the handlers put what they observed; flushed once per invocation."""

    def add(self, figure: Figure) -> None: ...

    def flush(self) -> None: ...


class NoFigures:
    """The local stage and tests that do not look: figures are dropped (no CloudWatch agent reads them)."""

    def add(self, figure: Figure) -> None:
        """Drops the figure."""

    def flush(self) -> None:
        """Nothing to publish."""


class EmfFigures:
    """Collects figures and prints them, at flush, as EMF blobs that Lambda's log stream turns into metrics."""

    def __init__(self, stage: str) -> None:
        self.stage = stage
        self._pending: list[Figure] = []
        self._lock = threading.Lock()  # stream batches of one process may run on several threads locally

    def add(self, figure: Figure) -> None:
        """Keeps the figure until the invocation ends."""
        with self._lock:
            self._pending.append(figure)

    def flush(self) -> None:
        """Publishes what was collected, one blob per channel (counts added up, durations kept one by one; past
        EMF's 100 values of a metric in a blob, Powertools prints one and starts the next)."""
        with self._lock:
            pending, self._pending = self._pending, []
        by_channel: dict[str | None, list[Figure]] = {}
        for figure in pending:
            by_channel.setdefault(figure.channel, []).append(figure)
        for channel, figures in by_channel.items():
            self._publish(channel, figures)

    def _publish(self, channel: str | None, figures: list[Figure]) -> None:
        from aws_lambda_powertools.metrics import EphemeralMetrics

        # An empty service: Powertools would otherwise add POWERTOOLS_SERVICE_NAME as a dimension, and the
        # alarms read the metrics by their exact dimensions.
        metrics = EphemeralMetrics(namespace=NAMESPACE, service="")
        metrics.add_dimension(name="Stage", value=self.stage)
        if channel:
            metrics.add_dimension(name="Channel", value=channel)
            metrics.add_dimensions(Stage=self.stage)  # the same values again, by stage alone
        totals: dict[tuple[str, str], float] = {}
        for figure in figures:
            if figure.unit == "Count":
                totals[(figure.name, figure.unit)] = totals.get((figure.name, figure.unit), 0) + figure.value
            else:
                metrics.add_metric(name=figure.name, unit=figure.unit, value=figure.value)
        for (name, unit), total in totals.items():
            metrics.add_metric(name=name, unit=unit, value=total)
        if metrics.metric_set:  # empty when the last 100 values went out on their own
            metrics.flush_metrics()


def figures_for(local: bool) -> Figures:
    """CloudWatch's on AWS, by the stack's name; none on the local stage (nothing there reads them)."""
    if local:
        return NoFigures()
    return EmfFigures(os.environ.get(STAGE_VARIABLE) or "aws")
