"""The local stage (`make dev` = `python -m local`): the Chalice app on Amazon's DynamoDB Local,
a DynamoDB stream pump and a schedule ticker on one machine, with data kept across restarts and crashes.

Nothing here is deployed: it stands in for API Gateway, Lambda's event source mappings and
EventBridge, and invokes the app's handlers with the events those services would send.
"""
