"""Settings for shop. Every knob that differs between machines comes from the environment (see SPEC.md)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from shop.env import (
    env_bool,
    env_duration,
    env_int,
    env_list,
    env_str,
    parse_throttle_rates,
    secret_key_weakness,
)

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", default=False)

SECRET_KEY = env_str("SECRET_KEY")
if SECRET_KEY is None:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")
    SECRET_KEY = "django-insecure-development-key-only-for-debug"  # noqa: S105 - only ever used with DEBUG on
elif not DEBUG and (weakness := secret_key_weakness(SECRET_KEY)):
    raise ImproperlyConfigured(f"SECRET_KEY {weakness}; make one with: openssl rand -base64 48")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1")
# Behind a proxy that sets X-Forwarded-For and X-Forwarded-Proto itself (and strips them from clients).
TRUST_PROXY_HEADER = env_bool("TRUST_PROXY_HEADER", default=False)

INSTALLED_APPS = [
    "accounts.apps.SellerAdminConfig",  # django.contrib.admin, on the site that asks sellers for a second factor
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",  # only until accounts' migration 0002 has moved its tokens to knox
    "knox",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "eventbus",
    "shop.api",
    "scheduler",
    "accounts",
    "audit",
    "products",
    "payments",
    "deposits",
    "orders",
    "deliveries",
    "orderview",
    "privacy",
]

MIDDLEWARE = [
    "shop.api.health.HealthProbeMiddleware",  # first: probes answer whatever the Host, over plain HTTP
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "shop.api.middleware.RequestBodyLimitMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",  # request.user.is_verified(): signed in with the second factor
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",  # last: answers a locked-out sign-in
]

ROOT_URLCONF = "shop.urls"
WSGI_APPLICATION = "shop.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------------------
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")


def _database(url: str) -> dict:
    # Health checks: a connection kept between requests is tested before a request uses it, so a database
    # restart costs no request a 503 on a dead connection.
    database = dj_database_url.parse(url, conn_max_age=env_int("CONN_MAX_AGE", 60), conn_health_checks=True)
    if database["ENGINE"] == "django.db.backends.sqlite3":
        # The embedded database of `make run`: wait for the writer lock instead of failing at once, and take
        # the write lock when a transaction starts so that two requests never deadlock upgrading a read lock.
        database["OPTIONS"] = {"timeout": 20, "transaction_mode": "IMMEDIATE"}
    if database["ENGINE"] == "django.db.backends.postgresql":
        # A query that waits on a lock, or runs, longer than this fails instead of holding a worker hostage;
        # such failures open the circuit breakers (shop/breakers.py). Ordinary contention stays far below.
        database["OPTIONS"] = {
            "connect_timeout": env_int("DB_CONNECT_TIMEOUT", 3),
            "options": (
                f"-c statement_timeout={env_int('DB_STATEMENT_TIMEOUT_MS', 5000)} "
                f"-c lock_timeout={env_int('DB_LOCK_TIMEOUT_MS', 2000)} "
                # A transaction left open (a process stuck between two statements) holds back every event
                # committed after it began (eventbus/consumer.py): it is ended instead.
                f"-c idle_in_transaction_session_timeout={env_int('DB_IDLE_IN_TRANSACTION_TIMEOUT_MS', 60000)}"
            ),
        }
    return database


DATABASES = {"default": _database(DATABASE_URL)}

# The read model may live in a database of its own (the tutorial's polyglot persistence: reads scale apart
# from writes). Its group's bookkeeping (checkpoint, dead letters) lives with it, so that its writes and its
# position commit together; orderview/routers.py sends each table to its database.
ORDERVIEW_DATABASE_URL = env_str("ORDERVIEW_DATABASE_URL")
ORDERVIEW_DATABASE = "orderview" if ORDERVIEW_DATABASE_URL else "default"
if ORDERVIEW_DATABASE_URL:
    DATABASES["orderview"] = _database(ORDERVIEW_DATABASE_URL)
    DATABASE_ROUTERS = ["orderview.routers.ReadModelRouter"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Signing in: brute force is locked out (django-axes) --------------------------------------------------
# Every sign-in goes through `authenticate()`: the admin's login and the API's /api/auth/token/. After 5 wrong
# passwords for one username from one client address, that pair is locked for 15 minutes, or until an
# operator unlocks it (`manage.py axes_reset_username NAME`, `axes_reset_ip ADDRESS`, or the admin). Never a
# username from every address: then anyone could lock the seller out by failing on purpose. An attacker who
# moves between addresses still meets the `auth` throttle of each (THROTTLE_RATES).
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "shop.api.throttling.client_address"  # the address the throttles count
AXES_VERBOSE = False
AXES_DISABLE_ACCESS_LOG = True  # no record of good sign-ins (address, browser), kept forever and read by nobody

# The admin's second factor (django-otp, TOTP): a seller who enrolled an authenticator app signs in with its
# code; superusers must, once SUPERUSER_OTP_REQUIRED is on. A wrong code slows the next try (the device's own
# throttle doubles the wait after each failure), so codes cannot be guessed either.
SUPERUSER_OTP_REQUIRED = env_bool("SUPERUSER_OTP_REQUIRED", default=False)
OTP_TOTP_ISSUER = env_str("OTP_TOTP_ISSUER", "shop")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Language and time ----------------------------------------------------------------------------------
LANGUAGE_CODE = "ko"
LANGUAGES = [("ko", _("Korean")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Seoul"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# The admin's and the API docs' assets (Swagger UI from drf-spectacular-sidecar: no CDN, no internet) are
# served by the web process itself: from STATIC_ROOT where they were collected (the image sets it and collects
# them when it is built), and straight from the installed apps otherwise (`make run`, `make serve`).
STATIC_ROOT = env_str("STATIC_ROOT")
WHITENOISE_USE_FINDERS = True

# --- The shop -------------------------------------------------------------------------------------------
BANK_ACCOUNT = env_str("BANK_ACCOUNT", "국민은행 123456-01-234567 (예금주: 주식회사 샵)")

# --- Scheduled jobs ---------------------------------------------------------------------------------------
# Management commands the Procfile's `scheduler` runs, by name, and the seconds between two runs of each.
SCHEDULED_COMMANDS = {"forget_expired_keys": 3600, "forget_expired_tokens": 3600, "expire_unpaid_orders": 30}

# How long a customer has to transfer the money (입금기한); then expire_unpaid_orders cancels the order.
DEPOSIT_DEADLINE = env_duration("DEPOSIT_DEADLINE", "3d")

# --- Events ---------------------------------------------------------------------------------------------
# Every group of subscribers (a context's queue) applies the event log from its checkpoint, a page per
# transaction (eventbus/consumer.py). Without a broker, the groups catch up in this process right after the
# transaction that recorded an event commits; with REDIS_URL, a Celery task per group wakes them.
REDIS_URL = env_str("REDIS_URL")
EVENT_TRANSPORT = "eventbus.transports.CeleryTransport" if REDIS_URL else "eventbus.transports.InProcessTransport"

# Delivery guarantees; each is justified in docs/operations.md.
EVENTBUS_PAGE_SIZE = 500  # events applied per transaction, at most
EVENTBUS_PAGE_TIME = 0.02  # s: and no more than fit in this time near the head of the log (a page's transaction
# holds back the events committed after its first write: 0.2 s gave the read model a p95 lag of 217 ms under
# steady load, 0.02 s 92 ms) …
EVENTBUS_BACKLOG_PAGE_TIME = 0.2  # s: … or in a full page, behind a backlog (0.02 s halved the drain rate)
EVENTBUS_CATCH_UP_BUDGET = 2.0  # s: then a worker leaves the rest of a backlog to a fresh task, behind other groups
EVENTBUS_HELD_BACK_WAIT = 1.0  # s: how long a catch-up waits for events behind a transaction still running
EVENTBUS_VISIBILITY_TIMEOUT = 10  # s: a task unacknowledged this long (its worker died) is handed out again
EVENTBUS_MAX_ATTEMPTS = 5  # quick attempts at an event that fails for a reason of its own; then a dead letter
EVENTBUS_RETRY_MAX_COUNTDOWN = 5  # s: the quick attempts' backoff doubles up to this
# Then a dead letter is retried by itself this long after it was parked, and after each failed retry; after
# the last one it is parked for good, for an operator (retry_dead_letters).
EVENTBUS_DEAD_LETTER_RETRIES = [timedelta(minutes=minutes) for minutes in (1, 5, 30, 120, 360, 1440)]
EVENTBUS_BROKER_BACKOFF = 2.0  # s: after a failed wake-up, a process leaves new events to the relay this long
EVENTBUS_RELAY_DISPATCH_AFTER = timedelta(seconds=2)  # an event's own wake-up goes first; then the relay wakes
# An order that sits in a step that the saga moves on by itself (placed, deposit_confirmed, preparing) longer
# than this is reported as stuck (saga_doctor, /readyz, the admin).
SAGA_STUCK_AFTER = env_duration("SAGA_STUCK_AFTER", "5m")

CELERY_BROKER_URL = REDIS_URL
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 30
CELERY_TASK_PUBLISH_RETRY = False
CELERY_BROKER_CONNECTION_TIMEOUT = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_CONNECTION_MAX_RETRIES = None
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = True
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
# Celery's Django fixup closes the database connection before and after every task unless told to reuse it;
# shop/celery.py drops only the connections that are broken or past CONN_MAX_AGE instead.
CELERY_DB_REUSE_MAX = 1_000_000
CELERY_BROKER_TRANSPORT_OPTIONS = {
    # Publishing never waits for a broker that is down: one connection attempt, then the outbox keeps the
    # event for the relay. (Workers reconnect on their own schedule, broker_connection_max_retries.)
    "max_retries": 0,
    "visibility_timeout": EVENTBUS_VISIBILITY_TIMEOUT,
    "unacked_restore_interval": 1,
    "unacked_restore_throttle": 1,
    "socket_connect_timeout": 0.5,
    "socket_timeout": 2,
    "health_check_interval": 10,
}

# Circuit breakers (shop/breakers.py): consecutive failures before opening, and seconds it stays open.
BREAKER_FAIL_MAX = env_int("BREAKER_FAIL_MAX", 5)
BREAKER_RESET_TIMEOUT = env_int("BREAKER_RESET_TIMEOUT", 10)

# --- REST API -------------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first: an unauthenticated API call answers 401 with `WWW-Authenticate: Token`.
        "knox.auth.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "shop.api.pagination.NewestFirstCursorPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["shop.api.parsers.JSONObjectParser"],
    "EXCEPTION_HANDLER": "shop.api.exceptions.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "shop.api.schema.ShopAutoSchema",
    "DEFAULT_THROTTLE_RATES": parse_throttle_rates(
        env_str("THROTTLE_RATES", ""), {"orders": "30/minute", "auth": "10/minute", "auth_address": "100/hour"}
    ),
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    # The client address of the `auth` throttle: REMOTE_ADDR, or the proxy's X-Forwarded-For entry when a
    # trusted proxy is in front. Never a header the client could simply make up.
    "NUM_PROXIES": 1 if TRUST_PROXY_HEADER else 0,
}
if DEBUG:
    REST_FRAMEWORK["DEFAULT_RENDERER_CLASSES"].append("rest_framework.renderers.BrowsableAPIRenderer")

# API tokens (django-rest-knox): one per device, stored as a SHA-512 digest, never in plain text. A token
# lives TOKEN_TTL from its issue and is not extended by use: a stolen one dies by itself.
REST_KNOX = {
    "TOKEN_TTL": env_duration("TOKEN_TTL", "30d"),
    "AUTO_REFRESH": False,
    "AUTH_HEADER_PREFIX": "Token",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "shop API",
    "DESCRIPTION": "Orders paid by bank transfer: place, pay, ship, receive, and follow every order on one screen.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Request bodies as their own components: without read-only fields, and with minLength 1 on text that may
    # not be blank, so a client generated from the schema knows what is refused.
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# Throttle counters live in the cache, which every process must share (gunicorn's workers are processes):
# Redis when there is one, otherwise a table of the database (created by the migrations).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "shop_cache",
        # Each write counts the rows; past MAX_ENTRIES the expired ones are deleted first, so only more than
        # this many customers throttled within one window would cost live counters.
        "OPTIONS": {"MAX_ENTRIES": 10_000},
    }
}
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }

# --- Security ---------------------------------------------------------------------------------------------
# Production is HTTPS behind a TLS-terminating proxy: redirect to HTTPS, secure cookies, HSTS. Plain HTTP
# with nothing in front (SECURE_SSL_REDIRECT=off) turns all of that off, as SPEC.md says.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = SECURE_SSL_REDIRECT
CSRF_COOKIE_SECURE = SECURE_SSL_REDIRECT
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000 if SECURE_SSL_REDIRECT else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=True)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")
if TRUST_PROXY_HEADER:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Request bodies larger than this are refused with 413 before they are parsed.
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("MAX_REQUEST_BODY_BYTES", 64 * 1024)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}
