"""The chart functions: data in, Plotly figure out."""

from __future__ import annotations

from apps.dashboards.charts import ChartLine, comparison_bars, indicator_chart, period_date


def test_a_missing_year_is_a_labelled_gap_not_a_line_across():
    own = ChartLine("Alingsås", [("2021", 70.0, False), ("2023", 65.0, False)])

    figure = indicator_chart("Väntetid", "dagar", 0, [own])

    trace = figure["data"][0]
    assert trace["y"] == [70.0, None, 65.0]
    assert trace["connectgaps"] is False
    assert any(a["text"] == "2022: saknas" for a in figure["layout"]["annotations"])


def test_quarterly_own_values_are_a_separate_series_named_for_what_they_are():
    own = ChartLine("Alingsås", [("2024", 60.0, False), ("2025Q1", 12.5, False)])

    names = [t["name"] for t in indicator_chart("Andel", "%", 1, [own])["data"]]

    assert names == ["Alingsås", "Alingsås, egen uppföljning per kvartal"]


def test_comments_become_annotations_at_the_municipalitys_value():
    own = ChartLine("Alingsås", [("2025Q2", 12.5, False)])
    comment = "Fler sjukskrivningar under våren på grund av influensa och personalbrist."

    figure = indicator_chart("Sjukfrånvaro", "%", 1, [own], comments={"2025Q2": comment})

    note = figure["layout"]["annotations"][0]
    assert note["x"] == period_date("2025Q2")
    assert note["y"] == 12.5
    assert note["hovertext"] == comment
    assert note["text"].startswith("2025Q2: Fler sjukskrivningar")


def test_the_target_is_a_dashed_step_line_through_each_year():
    own = ChartLine("Alingsås", [("2024", 57.0, False)])

    target = indicator_chart("Väntetid", "dagar", 0, [own], targets={"2024": 65.0})["data"][-1]

    assert target["name"] == "Mål"
    assert target["x"] == ["2024-01-01", "2024-12-31"]
    assert target["y"] == [65.0, 65.0]
    assert target["line"]["dash"] == "dash"


def test_a_preliminary_value_has_an_open_marker_and_says_so():
    own = ChartLine("Alingsås", [("2024", 57.0, False), ("2025", 55.0, True)])

    trace = indicator_chart("Väntetid", "dagar", 0, [own])["data"][0]

    assert trace["marker"]["symbol"] == ["circle", "circle-open"]
    assert trace["customdata"][1] == "2025 (preliminärt)"


def test_numbers_are_swedish_in_every_chart():
    own = ChartLine("Alingsås", [("2024", 8359.0, False)])

    for figure in (
        indicator_chart("Kostnad", "kr", 0, [own]),
        comparison_bars("Kostnad", "kr", 0, [("Alingsås", 8359.0, "own")]),
    ):
        assert figure["layout"]["separators"] == ", "


def test_the_own_municipality_stands_out_in_a_neutral_accent_named_in_the_legend():
    bars = [("Mölndal", 80.0, "member"), ("Alingsås", 74.0, "own"), ("Riket", 53.0, "riket")]

    figure = comparison_bars("Index", "index", 0, bars)

    by_name = {trace["name"]: trace for trace in figure["data"]}
    own = by_name["Alingsås (egen kommun)"]
    assert own["y"] == ["Alingsås"]
    colours = {trace["marker"]["color"] for trace in figure["data"]}
    assert len(colours) == 3  # the own, the other members and riket differ
    assert own["marker"]["color"] not in {"#a4262c", "#1d6b2f"}  # not Kolada's red or green
    assert figure["layout"].get("showlegend", True)
    assert figure["layout"]["yaxis"]["categoryarray"] == ["Mölndal", "Alingsås", "Riket"]
