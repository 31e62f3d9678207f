"""The unit of a KPI comes from rules on its title, checked over the real catalogue against
titles read by hand; where the title names no unit there is none."""

from __future__ import annotations

import pytest

from apps.imports.kolada.units import unit_from_title
from apps.indicators.models import Indicator
from tests.imports.catalogue import kpis

# KPI id → the unit its title names, read by hand from the March 2026 catalogue.
HAND_CHECKED = {
    # tkr: "…, tkr" and "(median), tkr"
    "N31853": "tkr", "N65013": "tkr", "N31856": "tkr", "N65010": "tkr", "N65014": "tkr",
    "N65011": "tkr", "N05018": "tkr", "N31854": "tkr", "N00885": "tkr",
    # mkr: "mkr", "mnkr", "miljoner kronor"
    "N30026": "mkr", "N45704": "mkr", "N13032": "mkr", "N11038": "mkr", "U60000": "mkr",
    "N00125": "mkr",
    # kr per something other than inhabitants: kr/elev, kr/DRG-poäng, kr/boendedygn
    "U79357": "kr", "N35023": "kr", "N15060": "kr", "U79333": "kr", "N18029": "kr",
    "N17010": "kr",
    # kr/inv, also "kr/inv 18-64 år", "kr/inv, 1 nov fg år", and "Aktier, andelar …, kr/inv"
    "N03122": "kr/inv", "N63066": "kr/inv", "N80043": "kr/inv", "N03018": "kr/inv",
    "N31009": "kr/inv", "N45015": "kr/inv", "N03116": "kr/inv", "N03140": "kr/inv",
    "N23010": "kr/inv", "N00151": "kr/inv", "N28016": "kr/inv",
    # antal, also "antal/1000 invånare" and "Deltidsanställda (1-99 %) …, antal"
    "N07932": "antal", "N00224": "antal", "U37003": "antal", "N01860": "antal",
    "N01709": "antal", "N11012": "antal", "N18820": "antal", "N00227": "antal",
    "N60227": "antal", "N02999": "antal", "U09710": "antal",
    # %
    "U23595": "%", "N00630": "%", "N70560": "%", "N18635": "%", "N63203": "%",
    "U23470": "%", "N11205": "%", "N15512": "%", "N60079": "%", "U23516": "%",
    "N20900": "%",
    # dagar, also "Väntetid i antal dagar …, medelvärde" and "antal dagar (median)"
    "U28418": "dagar", "N70836": "dagar", "N79242": "dagar", "N00820": "dagar",
    "U31402": "dagar", "N00974": "dagar", "U23401": "dagar",
    # index, also "Effektivitetsindex äldreomsorg" and "index för påståendet …"
    "U17201": "index", "U71451": "index", "N79538": "index", "U11304": "index",
    "U25203": "index", "N00344": "index", "U20900": "index", "U11404": "index",
    "N00674": "index",
    # poäng: "betygspoäng …, genomsnitt"
    "N02474": "poäng", "N02374": "poäng", "N02382": "poäng",
    # timmar: "timmar/hemtjänsttagare", "antal timmar", "timmar/vecka"
    "N23700": "timmar", "N18724": "timmar", "N09808": "timmar", "U07486": "timmar",
    # no unit in the title: a factor, kg, procentenheter, a code, ton, Ja/Nej
    "U17904": "", "N85544": "", "U15461": "", "N05829": "", "N00519": "", "N78111": "",
    "U07363": "", "N85536": "",
}  # fmt: skip


@pytest.fixture(scope="module")
def catalogue() -> dict[str, dict]:
    return kpis()


def test_the_table_holds_at_least_60_hand_checked_titles_of_every_unit(catalogue):
    assert len(HAND_CHECKED) >= 60
    assert set(HAND_CHECKED) <= set(catalogue)
    assert set(HAND_CHECKED.values()) == set(Indicator.Unit.values)


def test_the_unit_rules_give_every_hand_checked_title_its_unit(catalogue):
    guessed = {code: str(unit_from_title(catalogue[code]["title"])[0]) for code in HAND_CHECKED}
    wrong = {
        code: (catalogue[code]["title"], guessed[code], expected)
        for code, expected in HAND_CHECKED.items()
        if guessed[code] != expected
    }

    assert wrong == {}


def test_every_real_title_gets_a_known_unit_and_a_yes_no_question_none(catalogue):
    units = {code: str(unit_from_title(row["title"])[0]) for code, row in catalogue.items()}

    assert set(units.values()) <= set(Indicator.Unit.values)
    yes_no = [code for code, row in catalogue.items() if "Nej=0)" in row["title"]]
    assert yes_no
    assert all(units[code] == "" for code in yes_no)


@pytest.mark.parametrize(
    ("title", "unit", "decimals"),
    [
        ("Nettokostnad äldreomsorg, kr/inv", "kr/inv", 0),
        ("Nettokostnad revision, tkr", "tkr", 0),
        ("Investeringar, mkr", "mkr", 1),
        ("Brukarbedömning hemtjänst, andel (%) (-2024)", "%", 1),
        ("Programvalsfaktor kommunal gymnasieskola", "", 1),
    ],
)
def test_a_unit_comes_with_its_decimals(title, unit, decimals):
    assert unit_from_title(title) == (unit, decimals)
