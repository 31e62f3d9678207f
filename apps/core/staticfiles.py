"""collectstatic takes only Plotly's bundle from the plotly package: its data sets, chart
templates and widget bundle (most of the package's 10 MB) are never served, and compressing
them for WhiteNoise took most of a deployment's collectstatic."""

from __future__ import annotations

from django.contrib.staticfiles.apps import StaticFilesConfig

PLOTLY_UNUSED = ["datasets", "templates", "widgetbundle.js"]


class NamndkollenStaticFilesConfig(StaticFilesConfig):
    ignore_patterns = [*StaticFilesConfig.ignore_patterns, *PLOTLY_UNUSED]
