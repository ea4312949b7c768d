"""Structured JSON logs with a correlation id, through Powertools for AWS Lambda."""
from __future__ import annotations

from aws_lambda_powertools import Logger

logger = Logger(service="comptoir")
