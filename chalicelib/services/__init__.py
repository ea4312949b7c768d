"""Comptoir without its frameworks: domain/ (rules), ports/ (what the outside must offer), usecases/ (what users do).

Pure Python: no boto3, chalice or pynamodb here, and no import of handlers/ or models/."""
