"""The Celery app. Tasks that touch a municipality's data use
tenants.celery.TenantTask, which carries the municipality into the worker."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = Celery("tvaers")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks(lambda: ["config", "tenants", "accounts", "audit", "organisation"])
