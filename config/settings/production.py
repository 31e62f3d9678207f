"""Production: no secret defaults; refuses to start without its environment."""

from __future__ import annotations

from config.env import database, env

from .base import *  # noqa: F403

SECRET_KEY = env("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS")
DATABASES = {"default": database("DATABASE_URL")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
CELERY_BROKER_URL = env("CELERY_BROKER_URL")
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=CELERY_BROKER_URL)
CELERY_TASK_ALWAYS_EAGER = False
DEBUG = False
# Reminders go out through SMTP: EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD,
# EMAIL_USE_TLS and DEFAULT_FROM_EMAIL from the environment (.env.example).
EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend")
DEMO_DATA_ALLOWED = env.bool("DEMO_DATA_ALLOWED", default=False)

if SECRET_KEY.startswith("dev-only") or len(SECRET_KEY) < 32:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("DJANGO_SECRET_KEY måste vara en slumpad nyckel på minst 32 tecken.")

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Every page names its static files through {% static %} (hashed names; the PDFs carry no
# static files), so collectstatic keeps and compresses only the hashed copies: half the
# work and the disk, Plotly's 4.8 MB bundle once instead of twice.
WHITENOISE_KEEP_ONLY_HASHED_FILES = True

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
# The load balancer and the stack test ask /health/ over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^health/$"]
SESSION_COOKIE_SECURE = SECURE_SSL_REDIRECT
CSRF_COOKIE_SECURE = SECURE_SSL_REDIRECT
# HSTS on by default (a year); 0 turns it off, e.g. while trying TLS out.
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("DJANGO_SECURE_HSTS_PRELOAD", default=True)
SESSION_COOKIE_HTTPONLY = True
if CACHE_URL:  # noqa: F405
    # Sessions in Redis beside the shared cache: with SESSION_SAVE_EVERY_REQUEST (the idle
    # timeout) a page view would otherwise write a database row, also while an import holds
    # the database busy. Redis restarted means signing in again; nothing else is lost.
    SESSION_ENGINE = "django.contrib.sessions.backends.cache"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
