"""Deployment hardening: `check --deploy` is clean with production settings, HSTS and the
session's idle timeout come from the environment, log-ins are throttled with a Swedish
lock-out page, and passwords must pass the validators."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import timedelta

import pytest
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from tests.factories import TEST_PASSWORD
from tests.test_settings import COMPLETE, ROOT

SECRET_KEY = "k3#Vq9!zR2@wX7$pL5^mN1&bT8*cY4(dF6)gH0-jA;sE+uK2=vB7~nM4"  # random enough for `check`


def production(args: list[str], **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "AXES_"))}
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env={
            **clean,
            **COMPLETE,
            "DJANGO_SECRET_KEY": SECRET_KEY,
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            **env,
        },
        capture_output=True,
        text=True,
        timeout=120,
    )


def production_setting(name: str, **env: str) -> str:
    code = (
        f"import django; django.setup(); from django.conf import settings; print(settings.{name})"
    )
    result = production(["-c", code], **env)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_check_deploy_with_production_settings_finds_nothing():
    result = production(["manage.py", "check", "--deploy", "--fail-level", "WARNING"])

    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == "System check identified no issues (0 silenced).\n"
    assert result.stderr == ""


def test_hsts_is_on_by_default_and_read_from_the_environment():
    assert production_setting("SECURE_HSTS_SECONDS") == "31536000"
    assert production_setting("SECURE_HSTS_SECONDS", DJANGO_SECURE_HSTS_SECONDS="600") == "600"
    assert production_setting("SECURE_HSTS_INCLUDE_SUBDOMAINS") == "True"


def test_the_session_idle_timeout_is_read_from_the_environment():
    assert production_setting("SESSION_COOKIE_AGE", DJANGO_SESSION_IDLE_MINUTES="5") == "300"
    assert production_setting("SESSION_SAVE_EVERY_REQUEST") == "True"


def test_an_idle_session_ends_and_each_request_moves_its_end(client_for, personas, settings):
    client = client_for("politician_a")
    home = reverse("organisations:committee", args=["namnd-a"])
    client.get(home)
    session = Session.objects.get()
    assert session.expire_date > timezone.now() + timedelta(
        seconds=settings.SESSION_COOKIE_AGE - 60
    )

    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    response = client.get(home)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_repeated_wrong_passwords_lock_the_log_in_with_a_swedish_message(client, personas):
    login = reverse("login")
    for _ in range(4):
        response = client.post(login, {"username": "politiker-a", "password": "fel"})
        assert response.status_code == 200
    fifth = client.post(login, {"username": "politiker-a", "password": "fel"})

    locked = client.post(login, {"username": "politiker-a", "password": TEST_PASSWORD})

    assert fifth.status_code == 429
    assert locked.status_code == 429
    page = locked.content.decode()
    assert "För många misslyckade inloggningar" in page
    assert "Försök igen om 15 minuter" in page
    assert "_auth_user_id" not in client.session


def test_a_correct_password_before_the_limit_logs_in_and_clears_the_failures(client, personas):
    login = reverse("login")
    for _ in range(4):
        client.post(login, {"username": "politiker-a", "password": "fel"})

    response = client.post(login, {"username": "politiker-a", "password": TEST_PASSWORD})

    assert response.status_code == 302
    assert "_auth_user_id" in client.session


@pytest.mark.parametrize("password", ["kort1", "password1234", "123456789012", "politiker-a-2025"])
def test_weak_passwords_are_refused(personas, password):
    with pytest.raises(ValidationError):
        validate_password(password, user=personas.politician_a)


def test_a_long_uncommon_password_is_accepted(personas):
    validate_password("Ekorre-promenerar-i-Alingsås-1984", user=personas.politician_a)


def test_log_ins_and_failed_log_ins_are_audited_for_administrators(client, client_for, personas):
    from axes.models import AccessFailureLog, AccessLog

    login = reverse("login")
    client.post(login, {"username": "politiker-a", "password": "fel"})
    client.post(login, {"username": "politiker-a", "password": TEST_PASSWORD})

    assert AccessFailureLog.objects.filter(username="politiker-a").count() == 1
    assert AccessLog.objects.filter(username="politiker-a").count() == 1
    admin = client_for("admin")
    for name in ("admin:axes_accesslog_changelist", "admin:axes_accessfailurelog_changelist"):
        response = admin.get(reverse(name))
        assert response.status_code == 200
        assert "politiker-a" in response.content.decode()
    assert (
        client_for("controller_a").get(reverse("admin:axes_accesslog_changelist")).status_code
        == 302
    )
