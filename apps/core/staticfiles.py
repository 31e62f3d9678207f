"""Plotly's bundle is served by the app from the installed plotly package — only the bundle:
the package's data sets, chart templates and widget bundle (most of its 10 MB) are never
used, and copying and compressing them took most of a deployment's collectstatic."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import plotly
from django.contrib.staticfiles.finders import BaseFinder
from django.core.files.storage import FileSystemStorage

PLOTLY_DIR = Path(plotly.__file__).parent / "package_data"
BUNDLE = "plotly.min.js"
PREFIX = "plotly"


class PlotlyFinder(BaseFinder):
    """Finds `plotly/plotly.min.js` in the plotly package, and nothing else there."""

    def check(self, **kwargs: Any) -> list[Any]:
        return []

    def find(self, path: str, find_all: bool = False, **kwargs: Any) -> Any:  # type: ignore[override]
        wanted = path == f"{PREFIX}/{BUNDLE}"
        found = str(PLOTLY_DIR / BUNDLE)
        if find_all or kwargs.get("all"):
            return [found] if wanted else []
        return found if wanted else []

    def list(
        self, ignore_patterns: Iterable[str] | None
    ) -> Iterator[tuple[str, FileSystemStorage]]:
        storage = FileSystemStorage(location=str(PLOTLY_DIR))
        storage.prefix = PREFIX  # type: ignore[attr-defined]  # collectstatic puts it here
        yield BUNDLE, storage
