"""At 360 px a chart's title and legend stay inside the chart: the title is shown as text
above the chart (Plotly cannot wrap it) and legend entries and bar labels wrap onto more
lines instead of running past the chart's edge; at 1 280 px the chart keeps its own title."""

from __future__ import annotations

import pytest

# Each chart's title and legend entries, with how far each sticks out past the plot's box.
OUTSIDE = """() => [...document.querySelectorAll('.chart__plot')].flatMap((plot) => {
  const box = plot.getBoundingClientRect();
  const texts = [...plot.querySelectorAll('.gtitle, .legendtext')];
  return texts.map((text) => {
    const r = text.getBoundingClientRect();
    return [text.textContent, Math.round(Math.max(box.left - r.left, r.right - box.right))];
  }).filter(([, outside]) => outside > 1);
})"""


@pytest.mark.parametrize(
    ("username", "path"),
    [
        ("alingsas-politiker", "/namnd/alingsas-von/nyckeltal/U23401/"),
        ("alingsas-politiker", "/namnd/alingsas-von/jamforelse/?nyckeltal=U20900"),
        ("ale-politiker", "/namnd/ale-sn/nyckeltal/U28900/"),
        ("ale-politiker", "/namnd/ale-sn/budget/"),
        ("ale-rapportor", "/namnd/ale-sn/ej-verkstallda/?kvartal=2025Q4"),
    ],
)
def test_a_charts_title_and_legend_stay_inside_it_at_360_pixels(
    open_as, demo_server, username, path
):
    page = open_as(username, width=360)
    page.goto(f"{demo_server}{path}")
    page.wait_for_selector(".chart__plot .main-svg")
    page.wait_for_timeout(300)  # plotly.js lays a responsive chart out again after it appears

    assert page.locator(".chart__plot .main-svg").count() > 0
    assert page.evaluate(OUTSIDE) == []
    title = page.locator(".chart__title").first
    assert title.is_visible()
    assert title.evaluate("(t) => t.getBoundingClientRect().right") <= 360
    page.set_viewport_size({"width": 1280, "height": 900})
    page.wait_for_timeout(500)  # the charts are drawn again after a resize
    assert not title.is_visible()
    assert page.locator(".chart__plot .gtitle").first.text_content()
