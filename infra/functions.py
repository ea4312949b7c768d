"""The Lambda functions, what each may do, and their settings from `.chalice/config.json`.

Each function gets its own role: a bug or a leaked credential in one cannot use another's rights.
The DynamoDB actions below are the ones each function's code path calls (transactions are authorised
per item action: TransactWriteItems needs Put/Update/Delete/ConditionCheckItem, TransactGetItems
needs GetItem). Nobody gets Scan: every list is a Query (ARCHITECTURE.md, "Data").
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from chalice.config import Config

RUNTIME = "python3.11"
CHALICE_STAGE = "aws"

_READ = ("dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query")
_WRITE = ("dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:ConditionCheckItem",
          "dynamodb:BatchWriteItem")  # search postings (stream) and customer records (import)
# Statistics read a thread's facts and its store, then write facts and day aggregates in one transaction.
_STATISTICS = ("dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:PutItem", "dynamodb:UpdateItem")
# Search postings are written and removed in batches; customer links are updated, a renamed customer's
# threads are read (Query on the customer's partition) and saved with their version condition.
_SEARCH = ("dynamodb:GetItem", "dynamodb:Query", "dynamodb:PutItem", "dynamodb:UpdateItem",
           "dynamodb:ConditionCheckItem", "dynamodb:BatchWriteItem")


@dataclass(frozen=True)
class FunctionSpec:
    name: str            # Chalice's function name: the key under `lambda_functions` in config.json
    logical_id: str      # CloudFormation id
    handler: str         # module.attribute inside the deployment package
    description: str
    table_actions: tuple[str, ...]
    sends_email: bool = False
    reads_stream: bool = False
    detects_sentiment: bool = False  # calls Amazon Comprehend on customer messages, to raise dissatisfaction alerts
    operates: bool = False  # the operators' function: failure queues, stream replay, consumers invoked


API = FunctionSpec(
    name="api_handler", logical_id="APIHandler", handler="app.app",
    description="HTTP API: agent routes and provider webhooks",
    table_actions=_READ + _WRITE,
    sends_email=True,  # invitations and password resets are sent while answering
)
# The table's stream feeds three consumers, each its own function, role and event source mapping, so
# that one failing (statistics, say) retries its own records and never delays another's.
OUTBOUND = FunctionSpec(
    name="handle_outbound_stream", logical_id="HandleOutboundStream",
    handler="chalicelib.handlers.streams.handle_outbound_stream",
    description="Table stream: messages onto their threads, outbound sending, timers fired, notifications",
    table_actions=_READ + _WRITE,
    sends_email=True,  # e-mail notifications follow from the stream (ARCHITECTURE.md, "Shape")
    reads_stream=True,
    detects_sentiment=True,  # a customer message is assessed when the stream puts it on its thread
)
STATISTICS = FunctionSpec(
    name="handle_statistics_stream", logical_id="HandleStatisticsStream",
    handler="chalicelib.handlers.streams.handle_statistics_stream",
    description="Table stream: thread changes folded into per-thread facts and per-store day aggregates",
    table_actions=_STATISTICS,
    reads_stream=True,
)
SEARCH = FunctionSpec(
    name="handle_search_stream", logical_id="HandleSearchStream",
    handler="chalicelib.handlers.streams.handle_search_stream",
    description="Table stream: the search index and the customer records follow what was written",
    table_actions=_SEARCH,
    reads_stream=True,
)
CONSUMERS: tuple[FunctionSpec, ...] = (OUTBOUND, STATISTICS, SEARCH)
SWEEP = FunctionSpec(
    name="sweep_timers", logical_id="SweepTimers",
    handler="chalicelib.handlers.schedules.sweep_timers",
    description="Every minute: claims due timers (escalation, snooze, opening hours)",
    table_actions=_READ + _WRITE,
)
# Operators invoke it from the console or the ops command. It alone may Scan: listing every brand and
# finding a store by its id alone have no key (an operator's occasional command, never a request path).
OPS = FunctionSpec(
    name="ops", logical_id="Ops", handler="chalicelib.handlers.ops.ops",
    description="Operators' commands: onboard brands, assign numbers, export, replay failed stream batches",
    table_actions=_READ + _WRITE + ("dynamodb:Scan",),
    sends_email=True,  # the first admin's invitation and password resets
    operates=True,
)
FUNCTIONS: tuple[FunctionSpec, ...] = (API, *CONSUMERS, SWEEP, OPS)


@dataclass(frozen=True)
class FunctionSettings:
    timeout: int
    memory_size: int
    architecture: str
    environment: dict[str, str]


@dataclass(frozen=True)
class StageSettings:
    api_gateway_stage: str
    endpoint_type: str
    log_retention_in_days: int
    functions: dict[str, FunctionSettings]


def load_stage_settings(project_dir: Path, stage: str = CHALICE_STAGE) -> StageSettings:
    """Reads the stage through Chalice's own Config so per-function overrides resolve as `chalice` would."""
    config_file = project_dir / ".chalice" / "config.json"
    from_disk: dict[str, Any] = json.loads(config_file.read_text())
    if stage not in from_disk.get("stages", {}):
        raise ValueError(f"{config_file} has no stage {stage!r}")
    base = Config(chalice_stage=stage, user_provided_params={"project_dir": str(project_dir)},
                  config_from_disk=from_disk)

    def settings(name: str) -> FunctionSettings:
        scoped = base.scope(stage, name)
        return FunctionSettings(
            timeout=scoped.lambda_timeout or 60,
            memory_size=scoped.lambda_memory_size or 128,
            architecture=scoped.lambda_architecture,
            environment=dict(scoped.environment_variables),
        )

    return StageSettings(
        api_gateway_stage=base.api_gateway_stage or "api",
        endpoint_type=base.api_gateway_endpoint_type or "REGIONAL",
        log_retention_in_days=base.log_retention_in_days or 30,
        functions={spec.name: settings(spec.name) for spec in FUNCTIONS},
    )
