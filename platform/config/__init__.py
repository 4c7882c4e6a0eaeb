"""The Tværs Django project: settings, root URLs, the Celery app and WSGI/ASGI."""

from .celery import app as celery_app

__all__ = ("celery_app",)
