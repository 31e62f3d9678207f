"""Uploads go through Django's storage, so the worker that imports a file finds it however
the file is stored; in docker-compose the web and worker share one media volume."""

from __future__ import annotations

from pathlib import Path

import yaml
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from apps.budget.models import LedgerEntry
from apps.imports.models import ImportRun
from tests.test_settings import ROOT

CSV = (
    "typ;period;ansvar;ansvar_namn;overordnat_ansvar;kontoslag;belopp\r\n"
    "utfall;2025-01;6341;Hemtjänst Surte;;intakter;424 000\r\n"
)


def test_an_upload_is_read_from_any_storage_and_removed_after_its_import(
    client_for, personas, settings, django_capture_on_commit_callbacks
):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }
    upload = SimpleUploadedFile("huvudbok.csv", CSV.encode("cp1252"), content_type="text/csv")

    with django_capture_on_commit_callbacks(execute=True):
        client_for("controller_a").post(reverse("budget:upload", args=["namnd-a"]), {"fil": upload})

    run = ImportRun.objects.get()
    assert run.status == ImportRun.Status.SUCCEEDED, run.errors
    assert run.parameters["stored"].startswith("uploads/")
    assert not Path(run.parameters["stored"]).is_absolute()
    assert LedgerEntry.objects.count() == 1
    assert not default_storage.exists(run.parameters["stored"])


def test_a_failed_import_also_removes_its_upload(
    client_for, personas, django_capture_on_commit_callbacks
):
    upload = SimpleUploadedFile("trasig.csv", b"typ;period\n", content_type="text/csv")

    with django_capture_on_commit_callbacks(execute=True):
        client_for("controller_a").post(reverse("budget:upload", args=["namnd-a"]), {"fil": upload})

    run = ImportRun.objects.get()
    assert run.status == ImportRun.Status.FAILED
    assert not default_storage.exists(run.parameters["stored"])


def test_web_and_worker_share_one_media_volume_where_uploads_wait():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())

    for service in ("web", "worker"):
        definition = compose["services"][service]
        media_root = definition["environment"]["DJANGO_MEDIA_ROOT"]
        assert f"media:{media_root}" in definition["volumes"], service
    assert "media" in compose["volumes"]
