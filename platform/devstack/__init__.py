"""Runs Tværs on one machine with nothing installed but Python: an embedded
PostgreSQL (pgserver) unless DATABASE_URL is set, an embedded Celery broker
unless CELERY_BROKER_URL is set, and the web, worker and beat processes.
Used by the ./tvaers script; not imported by the Django project."""
