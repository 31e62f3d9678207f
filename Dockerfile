# Nämndkollen production image: one image for web (gunicorn), worker and beat (celery).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=config.settings.production \
    DJANGO_STATIC_ROOT=/app/staticfiles

WORKDIR /app
RUN useradd --system --home /app namndkollen
# Pango for WeasyPrint (the committee report) and DejaVu for all PDFs and print charts.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

COPY pyproject.toml requirements.lock README.md ./
COPY apps ./apps
COPY config ./config
RUN pip install -c requirements.lock .

COPY . .
# collectstatic needs settings but no real secrets or services.
RUN DJANGO_SECRET_KEY=build-time-only-not-used-at-runtime-0123456789 \
    DJANGO_ALLOWED_HOSTS=build DATABASE_URL=sqlite:////tmp/build.sqlite3 \
    CELERY_BROKER_URL=memory:// python manage.py collectstatic --noinput \
    && chown -R namndkollen /app

USER namndkollen
EXPOSE 8000
CMD ["gunicorn", "config.wsgi", "--config", "python:config.gunicorn", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
