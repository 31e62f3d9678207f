"""Settings shared by every environment. Every value comes from the environment."""

from __future__ import annotations

from datetime import timedelta

from celery.schedules import crontab

from config.env import BASE_DIR, database, env

SECRET_KEY = env("DJANGO_SECRET_KEY", default="dev-only-insecure-key-change-me")
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS: list[str] = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS: list[str] = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tables2",
    "django_filters",
    "django_celery_beat",
    "simple_history",
    "import_export",
    "apps.core.third_party.AxesConfig",  # axes, under a Swedish name
    "csp",
    "apps.core",
    "apps.organisations",
    "apps.indicators",
    "apps.imports",
    "apps.budget",
    "apps.decisions",
    "apps.dashboards",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "apps.core.no_store.NoStoreMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it answers a locked-out log-in with the lock-out page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "apps.imports.context_processors.kolada_banner",
            ],
        },
    },
]

# The embedded first-run database lives in var/ (ignored by git), created on demand.
(BASE_DIR / "var" / "static").mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": database("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}"),
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=0)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": env.int("DJANGO_PASSWORD_MIN_LENGTH", default=12)},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", "Svenska")]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
# Swedish for the third-party apps that ship none (django_celery_beat, axes, simple_history)
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_TZ = True

MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=BASE_DIR / "var" / "media")
STATIC_URL = "/static/"
STATIC_ROOT = env.path("DJANGO_STATIC_ROOT", default=BASE_DIR / "var" / "static")
# static/plotly/plotly-basic.min.js is plotly.js's basic bundle (scatter and bar, the only
# trace types the charts use), served by the app itself, never from a CDN.
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Browsers may keep versioned static files (Plotly's bundle among them) for a year.
WHITENOISE_MAX_AGE = 60 * 60 * 24 * 365

# Log-in throttling (django-axes): after AXES_FAILURE_LIMIT wrong passwords for a user
# name or from an address, log-ins are refused for AXES_COOLOFF_MINUTES (Swedish page).
AUTHENTICATION_BACKENDS = [
    "apps.core.auth.ThrottledLoginBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_IPWARE_PROXY_COUNT = env.int("AXES_PROXY_COUNT", default=0)
AXES_VERBOSE = False  # its start-up banner and per-attempt lines; lock-outs are still logged
# The audit of log-ins in the admin (Axes → access logs and access failures): who, when,
# from where, successful or not; the failures are kept per user up to this many.
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_ACCESS_FAILURE_LOG_PER_USER_LIMIT = env.int("AXES_FAILURE_LOG_PER_USER", default=1000)

# Sessions end after this many idle minutes (each request moves the end forward).
SESSION_COOKIE_AGE = env.int("DJANGO_SESSION_IDLE_MINUTES", default=30) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Content-Security-Policy (django-csp): scripts only from this site's own files (no inline
# script, no eval); styles may be inline (Plotly sets them); images also as data: and blob:
# (the chart's PNG download); no frames, no plugins, forms only to this site.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Pages and files about people that no browser or proxy may keep (apps.core.no_store).
NO_STORE_PATHS = [r"^/namnd/[^/]+/ej-verkstallda/", r"^/admin/decisions/"]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "organisations:home"
LOGOUT_REDIRECT_URL = "login"

DJANGO_TABLES2_TEMPLATE = "django_tables2/bootstrap5.html"

# Celery: without a broker every task runs at once in the calling process (first run, tests).
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="")
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=CELERY_BROKER_URL or None)
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not CELERY_BROKER_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_TIME_LIMIT = 60 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 55 * 60
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Imports are acknowledged late: a task whose worker died is delivered again once this many
# seconds passed without its acknowledgement (longer than the longest import, two hours).
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=3 * 60 * 60)
}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BEAT_SCHEDULE = {
    # Beat proves it is alive by this heartbeat; /health/ reports when it last ran.
    "scheduler-heartbeat": {
        "task": "apps.core.tasks.record_heartbeat",
        "schedule": timedelta(seconds=env.int("SCHEDULER_HEARTBEAT_SECONDS", default=60)),
        "args": ["beat"],
    },
    # Runs whose worker died (no heartbeat) are marked failed, never left "pågår".
    "import-stalled-runs": {
        "task": "apps.imports.tasks.fail_stalled_runs",
        "schedule": timedelta(minutes=env.int("IMPORT_STALLED_CHECK_MINUTES", default=5)),
    },
    # Each night every committee's Kolada indicators are refreshed (only what changed).
    "kolada-nightly-refresh": {
        "task": "apps.imports.tasks.refresh_all_committees",
        "schedule": crontab(hour=env.int("KOLADA_REFRESH_HOUR", default=3), minute=15),
    },
    # Each morning: reminders for follow-up periods whose deadline is near or today.
    "follow-up-reminders": {
        "task": "apps.indicators.tasks.send_follow_up_reminders",
        "schedule": crontab(hour=env.int("FOLLOW_UP_REMINDER_HOUR", default=7), minute=0),
    },
}

# The cache: Redis shared by every web process and the worker where CACHE_URL is set
# (production: docker-compose.yml), local memory in each process otherwise (make run,
# tests). What is cached is keyed by a stamp of the data it was built from
# (apps/dashboards/cache.py), so a change is seen on the next request in every process.
CACHE_URL = env("CACHE_URL", default="")
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": CACHE_URL,
        "KEY_PREFIX": "namndkollen",
    }
    if CACHE_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}

KOLADA_BASE_URL = env("KOLADA_BASE_URL", default="https://api.kolada.se/v3")
# Politeness towards Kolada: at most this many requests a second, and the first back-off
# (doubled on each retry; Retry-After wins when longer).
KOLADA_REQUESTS_PER_SECOND = env.float("KOLADA_REQUESTS_PER_SECOND", default=5.0)
KOLADA_BACKOFF_SECONDS = env.float("KOLADA_BACKOFF_SECONDS", default=1.0)
# How long one request may take before it counts as failed (and is retried).
KOLADA_TIMEOUT_SECONDS = env.float("KOLADA_TIMEOUT_SECONDS", default=30.0)

# IVO's reporting windows per quarter: (first day, last day) as (month, day), in the months
# after the quarter (Q4's window is in January of the next year). IVO publishes them.
EVB_IVO_WINDOWS = {
    1: ((4, 1), (4, 30)),
    2: ((7, 1), (8, 31)),
    3: ((10, 1), (10, 31)),
    4: ((1, 1), (1, 31)),
}

# Limits for every file read by an import (ledger, register, own figures, Kolada files):
# a larger or longer file is refused with a message, never left to stall a worker.
IMPORT_MAX_FILE_BYTES = env.int("IMPORT_MAX_FILE_BYTES", default=50_000_000)
IMPORT_MAX_UNPACKED_BYTES = env.int("IMPORT_MAX_UNPACKED_BYTES", default=300_000_000)
IMPORT_MAX_ROWS = env.int("IMPORT_MAX_ROWS", default=500_000)
IMPORT_MAX_CELL_CHARS = env.int("IMPORT_MAX_CELL_CHARS", default=10_000)
# Import runs: a running import writes a heartbeat this often; one silent for
# IMPORT_STALLED_MINUTES (its worker died) is marked failed by a periodic task, as is a run
# no worker took within IMPORT_PENDING_MINUTES.
IMPORT_HEARTBEAT_SECONDS = env.int("IMPORT_HEARTBEAT_SECONDS", default=60)
IMPORT_STALLED_MINUTES = env.int("IMPORT_STALLED_MINUTES", default=10)
IMPORT_PENDING_MINUTES = env.int("IMPORT_PENDING_MINUTES", default=24 * 60)
# The admin's row-by-row import (own figures) is slower: fewer rows per file there.
ADMIN_IMPORT_MAX_ROWS = env.int("ADMIN_IMPORT_MAX_ROWS", default=10_000)

# load_demo creates users with known passwords: never allowed unless the environment says so.
DEMO_DATA_ALLOWED = env.bool("DEMO_DATA_ALLOWED", default=False)

# E-mail (follow-up reminders): printed to the console unless the environment says otherwise;
# production sends through SMTP (config/settings/production.py).
EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
EMAIL_USE_SSL = env.bool("EMAIL_USE_SSL", default=False)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Nämndkollen <namndkollen@localhost>")
# The address the reminders link to (the follow-up page).
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")
# Reminders go out this many days before a follow-up period's deadline, and on the day.
FOLLOW_UP_REMINDER_DAYS = env.int("FOLLOW_UP_REMINDER_DAYS", default=5)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # django-axes logs every log-in at INFO; lock-outs come at WARNING.
        "axes": {"level": "WARNING"},
        # WeasyPrint reports every CSS property it skips and each page it lays out.
        "weasyprint": {"level": "ERROR"},
        "fontTools": {"level": "WARNING"},
        "matplotlib": {"level": "WARNING"},
    },
}
