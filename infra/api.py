"""The REST API: its OpenAPI body comes from Chalice's own swagger generator, so routes follow the app.

Chalice's `CFNSwaggerGenerator` points each integration at `${APIHandler.Arn}`. We point it at the
function's ARN built from its fixed name instead: then the API does not depend on the function, and
the function can receive the API's URL (PUBLIC_BASE_URL, which Twilio signs) without a cycle.
"""
from __future__ import annotations

import hashlib
import json
from typing import Any

from chalice.app import Chalice
from chalice.deploy.swagger import CFNSwaggerGenerator

from infra.cfn import Json, ref, sub, var

REST_API_ID = "RestAPI"
STAGE_ID = "RestAPIStage"
API_NAME = "${AWS::StackName}"


class _NamedFunctionSwaggerGenerator(CFNSwaggerGenerator):
    def __init__(self, function_name: str) -> None:
        super().__init__()
        self._function_name = function_name

    def _uri(self, lambda_arn: Any = None) -> Any:
        return sub(
            "arn:${AWS::Partition}:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/"
            f"arn:${{AWS::Partition}}:lambda:${{AWS::Region}}:${{AWS::AccountId}}:function:{self._function_name}"
            "/invocations"
        )


def _check_supported(app: Chalice) -> None:
    # Built-in authorizers and websockets would need more functions than this template deploys.
    if app.builtin_auth_handlers:
        raise NotImplementedError("Chalice built-in authorizers are not deployed by infra/: add them first")
    if app.websocket_handlers:
        raise NotImplementedError("Chalice websocket handlers are not deployed by infra/: add them first")


def api_url(stage_name: str) -> Json:
    return sub("https://" + var(REST_API_ID) + ".execute-api.${AWS::Region}.${AWS::URLSuffix}/" + stage_name)


def rest_api_resources(app: Chalice, function_id: str, function_name: str, stage_name: str,
                       endpoint_type: str) -> dict[str, Json]:
    """RestApi, a Deployment named after the body's hash, the Stage, and API Gateway's invoke permission."""
    _check_supported(app)
    body = _NamedFunctionSwaggerGenerator(function_name).generate_swagger(app)
    body["info"]["title"] = sub(API_NAME)
    # CloudFormation creates a Deployment only when its logical id is new: naming it after the
    # body redeploys the stage exactly when the routes change.
    digest = hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()[:10]
    deployment_id = f"RestAPIDeployment{digest}"
    return {
        REST_API_ID: {
            "Type": "AWS::ApiGateway::RestApi",
            "Properties": {
                "Name": sub(API_NAME),
                "Body": body,
                "EndpointConfiguration": {"Types": [endpoint_type]},
                "Mode": "overwrite",  # a route removed from the app disappears from the API
            },
        },
        deployment_id: {
            "Type": "AWS::ApiGateway::Deployment",
            "Properties": {"RestApiId": ref(REST_API_ID), "Description": f"Routes {digest}"},
        },
        STAGE_ID: {
            "Type": "AWS::ApiGateway::Stage",
            "Properties": {"RestApiId": ref(REST_API_ID), "DeploymentId": ref(deployment_id),
                           "StageName": stage_name},
        },
        f"{function_id}InvokePermission": {
            "Type": "AWS::Lambda::Permission",
            "Properties": {
                "FunctionName": ref(function_id),
                "Action": "lambda:InvokeFunction",
                "Principal": "apigateway.amazonaws.com",
                "SourceArn": sub("arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:"
                                 + var(REST_API_ID) + "/*"),
                "SourceAccount": ref("AWS::AccountId"),
            },
        },
    }
