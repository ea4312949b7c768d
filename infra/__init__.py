"""Infrastructure as code for the AWS stage: `python -m infra.synth --out build/template.json`.

A plain CloudFormation template synthesised offline from the Chalice app (routes, handlers),
the PynamoDB model (table, indexes, TTL) and `.chalice/config.json` (stage settings). See README.md.
"""
