"""The pages load plotly.js's basic bundle (static/plotly/plotly-basic.min.js: scatter and
bar, a quarter of the full bundle's 4.8 MB), at the plotly.js version of the installed
plotly package; every chart the demo's pages draw is a valid Plotly figure made only of
traces that bundle holds."""

from __future__ import annotations

import json
import re

import plotly.graph_objects as go
import pytest
from django.conf import settings
from plotly.offline import get_plotlyjs_version

from tests.demo import load_demo, login

pytestmark = pytest.mark.django_db

BUNDLE = settings.BASE_DIR / "static" / "plotly" / "plotly-basic.min.js"
BASIC_TRACES = {"scatter", "bar", "pie"}  # plotly.js-basic-dist's trace types
FIGURE = re.compile(r'<script id="[^"]*" type="application/json">(.*?)</script>', re.S)
CHART_PAGES = [
    ("alingsas-politiker", "/namnd/alingsas-von/nyckeltal/U23401/"),
    ("alingsas-politiker", "/namnd/alingsas-von/jamforelse/?nyckeltal=U20900"),
    ("alingsas-politiker", "/namnd/alingsas-von/budget/"),
    ("ale-politiker", "/namnd/ale-sn/nyckeltal/U28900/"),
    ("ale-rapportor", "/namnd/ale-sn/ej-verkstallda/?kvartal=2025Q4"),
]


def test_the_bundle_is_plotly_basic_at_the_installed_plotly_version():
    header = BUNDLE.read_text()[:200]

    assert f"plotly.js (basic - minified) v{get_plotlyjs_version()}" in header


def test_every_chart_on_the_demo_pages_is_a_valid_figure_of_the_bundles_traces():
    load_demo()
    figures = []
    for username, path in CHART_PAGES:
        response = login(username).get(path)
        assert response.status_code == 200, path
        html = response.content.decode()
        assert "plotly/plotly-basic.min.js" in html, path
        figures += [json.loads(text) for text in FIGURE.findall(html) if '"data"' in text]

    assert len(figures) >= len(CHART_PAGES)
    for figure in figures:
        go.Figure(figure)  # raises ValueError on a property plotly.js does not know
        assert {trace.get("type", "scatter") for trace in figure["data"]} <= BASIC_TRACES
