"""Shared test set-up: dummy AWS credentials, so no test can ever reach a real account."""
import os

os.environ.update(AWS_ACCESS_KEY_ID="testing", AWS_SECRET_ACCESS_KEY="testing", AWS_SESSION_TOKEN="testing",
                  AWS_DEFAULT_REGION="eu-west-3", AWS_ACCOUNT_ID_ENDPOINT_MODE="disabled")
os.environ.setdefault("COMPTOIR_STAGE", "local")
