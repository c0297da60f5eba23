"""Gunicorn reads this file from the working directory (`make serve-prod` runs there)."""

# Error and access logs mask identity numbers like the application's own logs.
logger_class = "familieplan.core.logging.GunicornLogger"
