"""The test suite (./tvaers test)."""

from .base import *  # noqa: F403
from .base import BASE_DIR

# The test run's own embedded broker and result store, apart from the demo's.
# Per run (the processes a run starts are given the parent's folder), so two
# runs never share a broker queue.
VAR_DIR = Path(  # noqa: F405
    os.environ.get("TVAERS_TEST_VAR_DIR", BASE_DIR / "var" / "test" / str(os.getpid()))  # noqa: F405
)
if CELERY_BROKER_URL.startswith("filesystem"):  # noqa: F405
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(VAR_DIR / "broker" / "queue"),
        "data_folder_out": str(VAR_DIR / "broker" / "queue"),
        "control_folder": str(VAR_DIR / "broker" / "control"),
        "store_processed": False,
    }
    CELERY_RESULT_BACKEND = f"file://{VAR_DIR / 'celery-results'}"
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")

SECRET_KEY = "test-only-not-secret"  # noqa: S105
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast, tests only
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
WHITENOISE_USE_FINDERS = True
LANGUAGE_CODE = "da"
# Served from the app folders through the finders; no collectstatic locally.
STATIC_ROOT = None
TVAERS_SEND_MAIL_IN_WORKER = False
# A test database per run, so two runs on one server (two checkouts, or a
# developer and a reviewer) never drop each other's database.
DATABASES["default"]["TEST"] = {"NAME": f"test_{DATABASES['default']['NAME']}_{os.getpid()}"}  # noqa: F405
