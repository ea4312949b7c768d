"""A deployed stack: its ops function, found through the stack's outputs, invoked with the command's event."""
from __future__ import annotations

import json
from typing import Any

OPS_OUTPUT = "OpsFunctionName"
OPS_LOGICAL_ID = "Ops"


class StackError(RuntimeError):
    """The stack or its ops function cannot be reached."""


class StackOperations:
    def __init__(self, stack: str, *, cloudformation: Any, lambdas: Any) -> None:
        self.stack = stack
        self.cloudformation, self.lambdas = cloudformation, lambdas
        self._function: str | None = None

    def function_name(self) -> str:
        """The ops function: the stack's output, else its resource (a stack deployed before the output)."""
        if self._function is None:
            try:
                stacks = self.cloudformation.describe_stacks(StackName=self.stack)["Stacks"]
            except self.cloudformation.exceptions.ClientError as error:
                raise StackError(f"stack {self.stack}: {error}") from None
            outputs = {o["OutputKey"]: o["OutputValue"] for o in stacks[0].get("Outputs", [])}
            self._function = outputs.get(OPS_OUTPUT) or self._resource()
        return self._function

    def _resource(self) -> str:
        try:
            detail = self.cloudformation.describe_stack_resource(StackName=self.stack,
                                                                 LogicalResourceId=OPS_LOGICAL_ID)
        except self.cloudformation.exceptions.ClientError:
            raise StackError(f"stack {self.stack} has no ops function: deploy this version first") from None
        return str(detail["StackResourceDetail"]["PhysicalResourceId"])

    def run(self, event: dict[str, Any]) -> dict[str, Any]:
        answer = self.lambdas.invoke(FunctionName=self.function_name(), InvocationType="RequestResponse",
                                     Payload=json.dumps(event).encode())
        payload = json.loads(answer["Payload"].read() or b"null")
        if answer.get("FunctionError"):
            detail = payload.get("errorMessage") if isinstance(payload, dict) else payload
            return {"error": {"type": "FunctionError", "detail": f"the ops function failed: {detail}", "errors": {}}}
        if not isinstance(payload, dict):
            raise StackError(f"the ops function answered {payload!r}")
        return payload


def stack_operations(stack: str, region: str | None) -> StackOperations:
    import boto3

    session = boto3.session.Session(region_name=region)
    return StackOperations(stack, cloudformation=session.client("cloudformation"), lambdas=session.client("lambda"))
