"""How long every outbound call may take, and how often it is tried, in one place.

Without a limit a provider that stops answering holds the function until Lambda's own timeout kills it, with
the whole stream batch. With one, the call fails in seconds: a send goes back to `queued` and is retried
with its batch, a mail or a sentiment check fails on its own.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from botocore.config import Config


@dataclass(frozen=True)
class Limits:
    connect: float  # seconds to open the connection
    read: float  # seconds to wait for the answer
    attempts: int  # attempts in all, the first included


SES = Limits(connect=2, read=5, attempts=3)
# A failed sentiment check only means no automatic alert, and it runs while customer messages wait: short.
COMPREHEND = Limits(connect=2, read=3, attempts=2)
SSM = Limits(connect=2, read=3, attempts=3)

# Twilio's HTTP client takes one timeout (connect and read alike) and a number of retries that urllib3
# spends on connection failures only: it never repeats a POST whose request may have reached Twilio,
# so a retry cannot send an SMS twice.
TWILIO_TIMEOUT_SECONDS = 5.0
TWILIO_MAX_RETRIES = 2


def boto_config(limits: Limits) -> Config:
    """A botocore client configuration with these limits; "standard" retries back off and retry throttling."""
    from botocore.config import Config

    return Config(connect_timeout=limits.connect, read_timeout=limits.read,
                  retries={"total_max_attempts": limits.attempts, "mode": "standard"})

# Meta's Graph API: each attempt has its own timeout; a 5xx or 429 is tried again, twice at most.
GRAPH = Limits(connect=2, read=5, attempts=3)
