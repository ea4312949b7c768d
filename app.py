"""Comptoir's Chalice app: registers the blueprints, nothing else.

Lambda entry points that are not HTTP routes are registered by the blueprints and
found by name in `app.handler_map`: the table stream's consumers `handle_outbound_stream`,
`handle_statistics_stream` and `handle_search_stream`, and `sweep_timers` (every minute).
"""
from chalice import Chalice

from chalicelib.handlers import calls, channels, collaboration, files, register, reviews

app = Chalice(app_name="comptoir", configure_logs=False)  # Powertools logs JSON itself
register(app)
app.register_blueprint(collaboration.bp)
app.register_blueprint(channels.bp)
app.register_blueprint(files.bp)
app.register_blueprint(calls.bp)
app.register_blueprint(reviews.bp)
