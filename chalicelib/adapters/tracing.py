"""X-Ray tracing of the calls a function makes (DynamoDB, Twilio, SES, Comprehend), through Powertools' Tracer.

Lambda's active tracing (set by the template) records each invocation; patching botocore and requests adds a
subsegment for every call to AWS and to the providers, so a slow send or a throttled table shows in the trace.
Only inside Lambda on AWS: the local stage and the tests have no X-Ray daemon to send segments to.
"""
from __future__ import annotations

import os

# PynamoDB and boto3 call AWS through botocore (a subsegment per operation); Twilio sends through a requests
# Session's `send`, which only the lower-level http.client patch sees.
PATCHED = ("botocore", "httplib")
# botocore's own connections, already recorded by operation: not twice as raw HTTP calls.
BOTOCORE_CONNECTIONS = ("botocore.awsrequest.AWSHTTPConnection", "botocore.awsrequest.AWSHTTPSConnection")


def start_tracing(local: bool) -> bool:
    """Patches the HTTP clients for X-Ray once per process, on AWS Lambda only; True when tracing is on."""
    if local or not os.environ.get("LAMBDA_TASK_ROOT") or os.environ.get("POWERTOOLS_TRACE_DISABLED") == "true":
        return False
    from aws_lambda_powertools import Tracer
    from aws_xray_sdk.ext.httplib import add_ignored

    for connection in BOTOCORE_CONNECTIONS:
        add_ignored(subclass=connection)
    Tracer(service="comptoir", patch_modules=PATCHED)  # patches at construction; later instances share it
    return True
