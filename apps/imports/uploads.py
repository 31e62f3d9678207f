"""Uploaded files waiting for their import, kept in Django's storage (`default_storage`:
MEDIA_ROOT on a volume the web and worker containers share, or any other storage), so the
worker that runs the import finds the file the web process received."""

from __future__ import annotations

import shutil
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.contrib.auth.models import User
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile

from apps.imports.models import ImportRun
from apps.organisations.models import Committee

UPLOADS = "uploads"  # the folder in the storage where uploads wait for their import


def upload_store(
    *, committee: Committee, upload: UploadedFile, user: User | None, kind: str
) -> ImportRun:
    """Keep an uploaded file until its import has run, and create the run for it;
    run.parameters["stored"] is the file's name in the storage."""
    suffix = Path(upload.name or "fil.csv").suffix.lower() or ".csv"
    stored = default_storage.save(f"{UPLOADS}/{uuid.uuid4().hex}{suffix}", upload)
    return ImportRun.objects.create(
        kind=kind,
        trigger=ImportRun.Trigger.WEB,
        committee=committee,
        started_by=user,
        parameters={"file": upload.name, "stored": stored},
    )


@contextmanager
def stored_upload(run: ImportRun) -> Iterator[Path]:
    """The run's uploaded file as a local path for the readers: the storage's own file when
    it has one, else a temporary copy; an older run's absolute path is used as it is."""
    name = str(run.parameters["stored"])
    if Path(name).is_absolute():
        yield Path(name)
        return
    try:
        local: Path | None = Path(default_storage.path(name))
    except NotImplementedError:  # a storage without local files (object storage)
        local = None
    if local is not None and local.is_file():
        yield local
        return
    with (
        default_storage.open(name, "rb") as source,
        tempfile.NamedTemporaryFile(suffix=Path(name).suffix) as copy,
    ):
        shutil.copyfileobj(source, copy)
        copy.flush()
        yield Path(copy.name)


def stored_upload_delete(run: ImportRun) -> None:
    """Remove the run's uploaded file once no worker will read it."""
    name = str(run.parameters.get("stored") or "")
    if not name:
        return
    if Path(name).is_absolute():
        Path(name).unlink(missing_ok=True)
    else:
        default_storage.delete(name)
