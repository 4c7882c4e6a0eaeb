"""Local development and the demo (./tvaers up)."""

from .base import *  # noqa: F403
from .base import VAR_DIR, env_bool

DEBUG = env_bool("DJANGO_DEBUG", True)
# Only for local runs; production refuses to start without DJANGO_SECRET_KEY.
SECRET_KEY = SECRET_KEY or "local-development-only-not-secret"  # noqa: F405
# Each message as its own .eml file in var/mail/ (and a count in the log),
# not MIME on the console.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "notifications.backends.EmailBackend")  # noqa: F405
EMAIL_FILE_PATH = str(VAR_DIR / "mail")
STORAGES["staticfiles"]["BACKEND"] = "whitenoise.storage.CompressedStaticFilesStorage"  # noqa: F405
WHITENOISE_USE_FINDERS = True
# Served from the app folders through the finders; no collectstatic locally.
STATIC_ROOT = None
