"""Use cases and rules of Comptoir. Pure Python: no boto3, chalice or pynamodb here."""
