"""Comptoir's Chalice app: registers the blueprints and the event handlers, nothing else."""
from chalice import Chalice

from chalicelib.handlers import register

app = Chalice(app_name="comptoir")
register(app)

# Lambda entry points that are not HTTP routes, named for the deployment and the local stage.
handle_table_stream = app.handle_table_stream  # type: ignore[attr-defined]
sweep_timers = app.sweep_timers  # type: ignore[attr-defined]
