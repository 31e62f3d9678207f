"""Which comparison groups an indicator is compared with: the groups of its area (a
"Liknande kommuner …" group by the area its title names), or the committee's own choice for
the indicator; and what each unit's figure is, in words."""

from __future__ import annotations

import pytest

from apps.indicators.comparison import comparison_units, load_series, units_for
from apps.indicators.forms import CommitteeIndicatorForm
from apps.indicators.models import CommitteeIndicator, Indicator
from apps.organisations.areas import area_of_group, indicator_in_area
from apps.organisations.models import Committee, ComparisonGroup

pytestmark = pytest.mark.django_db

AREA_OF_DEMO_KPIS = {
    # äldreomsorg (Kolada files U20404 and U20008 under "Kommunen, övergripande" and N20900
    # under "Hälso- och sjukvård": the title decides)
    "U20900": "aldreomsorg", "U20404": "aldreomsorg", "U20008": "aldreomsorg",
    "U23401": "aldreomsorg", "U23516": "aldreomsorg", "N20900": "aldreomsorg",
    "U21468": "aldreomsorg", "U23471": "aldreomsorg",
    # LSS
    "U28900": "lss", "U28408": "lss", "U28001": "lss", "U28418": "lss", "U28528": "lss",
    "U28535": "lss", "U28663": "lss", "N28016": "lss",
    # neither: sick leave of all municipal staff
    "N00090": None,
}  # fmt: skip


def shown(committee: Committee, code: str) -> list[str]:
    indicator = Indicator.objects.get(code=code)
    return [unit.label for unit in units_for(indicator, comparison_units(committee))]


@pytest.mark.parametrize(
    ("title", "area"),
    [
        ("Liknande kommuner äldreomsorg, Alingsås, 2024", "aldreomsorg"),
        ("Liknande kommuner LSS, Ale, 2024", "lss"),
        ("Liknande kommuner IFO, Ale, 2024", "ifo"),
        ("Liknande kommuner grundskola, Ale, 2024", "grundskola"),
        ("Liknande kommuner ekonomiskt bistånd, Ale, 2024", "ekonomiskt_bistand"),
        ("Liknande kommuner, Ale, 2024", ""),
        ("Liknande kommuner socioekonomi, Ale, 2024", ""),
        ("Göteborgsregionen (ovägt medel)", ""),
        ("Alla kommuner (ovägt medel)", ""),
    ],
)
def test_a_group_title_names_its_area(title, area):
    assert area_of_group(title) == area


def test_every_demo_kpi_is_in_the_area_of_exactly_the_right_liknande_group(demo):
    for code, expected in AREA_OF_DEMO_KPIS.items():
        indicator = Indicator.objects.get(code=code)
        areas = {
            area
            for area in ("aldreomsorg", "lss")
            if indicator_in_area(area, indicator.title, indicator.operating_area)
        }
        assert areas == ({expected} if expected else set()), code


def test_an_aldreomsorg_kpi_is_compared_with_liknande_aldreomsorg_and_never_liknande_lss(demo):
    alingsas = Committee.objects.get(slug="alingsas-von")

    assert shown(alingsas, "U20900") == [
        "Alingsås",
        "Göteborgsregionen (ovägt medel)",
        "Liknande kommuner äldreomsorg, Alingsås",
        "Kommungenomsnitt",
        "Riket",
    ]
    assert "Liknande kommuner LSS, Alingsås" in shown(alingsas, "U28900")
    assert "Liknande kommuner äldreomsorg, Alingsås" not in shown(alingsas, "U28900")
    assert not any("Liknande" in label for label in shown(alingsas, "N00090"))


def test_a_kpi_has_no_series_for_a_group_that_does_not_apply(demo):
    alingsas = Committee.objects.get(slug="alingsas-von")
    u20900 = Indicator.objects.get(code="U20900")
    lss = ComparisonGroup.objects.get(code="G39499")
    from apps.indicators.models import IndicatorValue

    IndicatorValue.objects.create(
        indicator=u20900, group=lss, period="2024", value=1.0, source="kolada"
    )

    series = load_series([u20900], comparison_units(alingsas))

    assert (u20900.pk, "T", "group-G39499") not in series
    assert (u20900.pk, "T", "group-G176486") in series


def test_the_committees_choice_for_an_indicator_replaces_the_rule_by_area(demo):
    alingsas = Committee.objects.get(slug="alingsas-von")
    link = CommitteeIndicator.objects.get(committee=alingsas, indicator__code="N00090")
    link.comparison_groups.set([ComparisonGroup.objects.get(code="G39499")])

    assert shown(alingsas, "N00090") == ["Alingsås", "Liknande kommuner LSS, Alingsås", "Riket"]
    # the other indicators keep the rule
    assert "Göteborgsregionen (ovägt medel)" in shown(alingsas, "U20900")


def test_the_settings_form_accepts_only_the_committees_own_groups(demo):
    alingsas = Committee.objects.get(slug="alingsas-von")
    link = CommitteeIndicator.objects.get(committee=alingsas, indicator__code="N00090")
    foreign = ComparisonGroup.objects.get(code="G176485")  # Ale's liknande kommuner
    data = {
        "committee": alingsas.pk,
        "indicator": link.indicator_id,
        "order": link.order,
        "is_key": link.is_key,
        "comparison_groups": [foreign.pk],
    }

    form = CommitteeIndicatorForm(data, instance=link)

    assert not form.is_valid()
    assert "Liknande kommuner äldreomsorg, Ale är inte nämndens" in str(form.errors)
    assert CommitteeIndicatorForm(
        data | {"comparison_groups": [ComparisonGroup.objects.get(code="G39499").pk]},
        instance=link,
    ).is_valid()


def test_each_unit_says_what_its_figure_is(demo):
    alingsas = Committee.objects.get(slug="alingsas-von")

    notes = {unit.label: unit.note for unit in comparison_units(alingsas)}

    assert notes["Riket"] == "Riket (Kolada)"
    assert notes["Kommungenomsnitt"] == "Kommungenomsnitt, ovägt medel av alla kommuner (Kolada)"
    assert notes["Göteborgsregionen (ovägt medel)"] == "ovägt medel av 13 kommuner (Kolada)"
    assert notes["Liknande kommuner äldreomsorg, Alingsås"] == "ovägt medel av 7 kommuner (Kolada)"


def test_an_own_group_says_its_mean_is_computed_here(demo):
    alingsas = Committee.objects.get(slug="alingsas-von")
    own = ComparisonGroup.objects.create(code="egen-nordost", name="Nordost", kind="own")
    alingsas.comparison_groups.add(own)

    notes = {unit.label: unit.note for unit in comparison_units(alingsas)}

    assert notes["Nordost"] == "ovägt medel, beräknat av Nämndkollen"


def test_a_figure_from_a_document_names_the_document_not_kolada(demo):
    alingsas = Committee.objects.get(slug="alingsas-von")
    u20900 = Indicator.objects.get(code="U20900")

    series = load_series([u20900], comparison_units(alingsas))

    genomlysning = "Vård- och omsorgsnämndens genomlysning 2026–2027, Alingsås"
    gr = series[(u20900.pk, "T", "group-G96190")]
    assert gr.note == f"ovägt medel av 13 kommuner (ur {genomlysning})"
    assert "Kolada" not in gr.note
    assert genomlysning in series[(u20900.pk, "T", "own")].note


def test_a_series_mixing_kolada_and_a_document_says_both(demo):
    from apps.indicators.models import IndicatorValue

    alingsas = Committee.objects.get(slug="alingsas-von")
    u20900 = Indicator.objects.get(code="U20900")
    IndicatorValue.objects.create(
        indicator=u20900,
        group=ComparisonGroup.objects.get(code="G96190"),
        period="2023",
        value=60.0,
        source="kolada",
    )

    gr = load_series([u20900], comparison_units(alingsas))[(u20900.pk, "T", "group-G96190")]

    assert gr.note == (
        "ovägt medel av 13 kommuner (Kolada; vissa värden ur "
        "Vård- och omsorgsnämndens genomlysning 2026–2027, Alingsås)"
    )
    assert gr.sources == ["Kolada", "Vård- och omsorgsnämndens genomlysning 2026–2027, Alingsås"]
