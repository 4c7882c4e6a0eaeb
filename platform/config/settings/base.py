"""Settings shared by every environment. Anything that differs between
machines comes from environment variables (see .env.example)."""

import os
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

PLATFORM_DIR = Path(__file__).resolve().parent.parent.parent
BASE_DIR = PLATFORM_DIR.parent
# Git-ignored folder for everything a local run writes (embedded database,
# embedded broker, beat schedule, mail files).
VAR_DIR = Path(os.environ.get("TVAERS_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
DEBUG = env_bool("DJANGO_DEBUG", False)

# The base domain: the shared site lives here, each municipality at
# <slug>.<base domain>, the partner API at <base domain>/api/v1/.
TVAERS_BASE_DOMAIN = os.environ.get("TVAERS_BASE_DOMAIN", "localhost")
# Port appended to links in mails and on pages (empty behind a proxy on 80/443).
TVAERS_PUBLIC_PORT = os.environ.get("TVAERS_PUBLIC_PORT", "")
TVAERS_URL_SCHEME = os.environ.get("TVAERS_URL_SCHEME", "http")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", f"{TVAERS_BASE_DOMAIN},.{TVAERS_BASE_DOMAIN}")

SHARED_APPS = [
    "django_tenants",
    "tenants",
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.admin",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "accounts",
    # Mail (composed in the deciding transaction, sent after commit) and the
    # "waiting for you" items every domain contributes to the start page.
    "notifications",
    "vocabulary",
    "courses",
    "exchange",
    # Matching: runs, proposals and their pages (its models are the exchange's).
    "exchange.matching",
    "api",
    # The start pages (public, and each person's): above every domain.
    "home",
    # The demo seed (./tvaers manage seed_demo): uses every domain's services.
    "demo",
    # The network side of the wage-compensation pools (cross-border: shared
    # budgets, grants and the ledger of who owes whom).
    "exchange.network_pools",
    # audit lives in both lists: cross-border events in public, local events
    # in the municipality's own schema.
    "audit",
]
TENANT_APPS = [
    "django.contrib.contenttypes",
    "tenants.organisation",
    # The wage-compensation pool before approvals: on the swap page its
    # "apply for compensation" link comes before the approval buttons.
    # A municipality's own wage-compensation pool and its claims.
    "exchange.pools",
    "exchange.approvals",
    "exchange.alerts",
    "courses.development",
    "exchange.journey",
    "audit",
]
INSTALLED_APPS = list(SHARED_APPS) + [app for app in TENANT_APPS if app not in SHARED_APPS]

TENANT_MODEL = "tenants.Municipality"
TENANT_DOMAIN_MODEL = "tenants.Domain"
# New municipality schemas are cloned from this template schema instead of
# running every migration again (see tenants.services.municipality_provision).
TVAERS_TEMPLATE_SCHEMA = "tenant_template"
# Issue SET search_path only when the schema changes, not before every query
# (nothing in Tværs sets the search path behind django-tenants' back).
TENANT_LIMIT_SET_CALLS = True
PUBLIC_SCHEMA_URLCONF = "config.urls_public"
ROOT_URLCONF = "config.urls_tenant"
DATABASE_ROUTERS = ("django_tenants.routers.TenantSyncRouter",)

MIDDLEWARE = [
    "tenants.middleware.MunicipalityHostMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "config.security.RejectNullCharactersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "config.locale.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.middleware.OrganisationBoundUserMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PLATFORM_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "tenants.context_processors.site",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"


def database_from_env() -> dict:
    url = os.environ.get("DATABASE_URL")
    if not url:
        raise RuntimeError(
            "DATABASE_URL is not set. Start the platform with ./tvaers (which runs an "
            "embedded PostgreSQL) or point DATABASE_URL at a PostgreSQL server."
        )
    config = dj_database_url.parse(url, conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "0")))
    config["ENGINE"] = "django_tenants.postgresql_backend"
    return config


DATABASES = {"default": database_from_env()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Sessions are host-only cookies; a cookie copied to another municipality's
# host is still refused by accounts.middleware.OrganisationBoundUserMiddleware.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

LANGUAGE_CODE = "da"
LANGUAGES = [("da", _("Danish")), ("en", _("English"))]
LOCALE_PATHS = [PLATFORM_DIR / "locale"]
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [PLATFORM_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Uploads (HR's staff files) are kept up to this size and stopped beyond
# it without being read into memory (config.uploads).
TVAERS_UPLOAD_MAX_BYTES = 20 * 1024 * 1024
FILE_UPLOAD_HANDLERS = ["config.uploads.LimitedUploadHandler"]

# Redis when configured; otherwise the database, so that throttling and
# other cached state are shared by every process (never process-local).
REDIS_CACHE_URL = os.environ.get("CACHE_URL", "")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_CACHE_URL}
        if REDIS_CACHE_URL
        else {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "tvaers_cache"}
    )
}
# Every key carries the schema it was made in, so municipalities never share entries.
CACHES["default"]["KEY_FUNCTION"] = "django_tenants.cache.make_key"
CACHES["default"]["REVERSE_KEY_FUNCTION"] = "django_tenants.cache.reverse_key"

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Tværs <noreply@tvaers.dk>")

# --- Celery -----------------------------------------------------------------
# Redis (or any broker URL) when CELERY_BROKER_URL is set; otherwise kombu's
# filesystem transport in var/, so worker and beat still run as their own
# processes without a broker server.
CELERY_BROKER_DIR = VAR_DIR / "broker"
# The host part only names the transport (kombu warns when it is missing).
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "") or "filesystem://localhost//"
CELERY_BROKER_TRANSPORT_OPTIONS = (
    {
        "data_folder_in": str(CELERY_BROKER_DIR / "queue"),
        "data_folder_out": str(CELERY_BROKER_DIR / "queue"),
        "control_folder": str(CELERY_BROKER_DIR / "control"),
        "store_processed": False,
    }
    if CELERY_BROKER_URL.startswith("filesystem")
    else {}
)
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND", "") or (
    CELERY_BROKER_URL
    if CELERY_BROKER_URL.startswith("redis")
    else f"file://{VAR_DIR / 'celery-results'}"
)
CELERY_RESULT_EXPIRES = 3600
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
# Task modules that are not an installed app's tasks.py (which the worker
# discovers by itself): the platform's own heartbeat.
CELERY_IMPORTS = ["config.tasks"]
CELERY_BEAT_SCHEDULE = {
    "worker-heartbeat": {"task": "config.tasks.heartbeat", "schedule": 60.0},
    "expire-openings": {
        "task": "exchange.tasks.expire_openings",
        "schedule": crontab(hour=1, minute=5),
    },
    "expire-proposals": {
        "task": "exchange.matching.tasks.expire_proposals",
        "schedule": crontab(hour=1, minute=5),
    },
    "match-networks": {
        "task": "exchange.matching.tasks.match_all_networks",
        "schedule": crontab(hour=2, minute=15),
    },
    "courses-daily": {
        "task": "courses.tasks.daily",
        "schedule": crontab(hour=6, minute=30),
    },
    "development-daily": {
        "task": "development.tasks.daily",
        "schedule": crontab(hour=6, minute=30),
    },
    "journey-daily": {
        "task": "journey.tasks.daily",
        "schedule": crontab(hour=7, minute=0),
    },
}
# Mails of the exchange are delivered by the worker after the deciding
# transaction commits (the tests deliver them at once, in-process).
TVAERS_SEND_MAIL_IN_WORKER = env_bool("TVAERS_SEND_MAIL_IN_WORKER", True)

# --- REST API ---------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["api.authentication.ApiKeyAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["api.permissions.HasRequiredScope"],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.ApiClientRateThrottle"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "api.pagination.StandardPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "api.errors.exception_handler",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "UNAUTHENTICATED_USER": None,
}
# Requests per minute for a partner API client that has no rate of its own.
API_DEFAULT_RATE_PER_MINUTE = int(os.environ.get("API_DEFAULT_RATE_PER_MINUTE", "600"))
SPECTACULAR_SETTINGS = {
    "TITLE": "Tværs partner API",
    "DESCRIPTION": (
        "The versioned REST API through which HR, learning and statistics systems "
        "read and write Tværs data. Authenticate with `Authorization: Api-Key <key>`. "
        'Every error has the shape `{"error": {"code", "message", "details"}}`.'
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
