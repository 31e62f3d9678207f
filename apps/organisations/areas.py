"""Which comparison group applies to which indicator: areas of activity.

Kolada's "Liknande kommuner …" groups are chosen for one area of activity (äldreomsorg,
LSS, IFO, grundskola, …): comparing an äldreomsorg KPI with "Liknande kommuner LSS" says
nothing. A group's area is read from its title when it is imported (the administrator may
change it); a group without an area (Göteborgsregionen, Alla kommuner, "Liknande kommuner"
overall or socioekonomi, most own groups) applies to every indicator.

A KPI belongs to an area when its Kolada `operating_area` is one of the area's operating
areas, or its title names one of the area's words. Kolada files both äldreomsorg and LSS
under "Äldre och funktionshinder" (and some äldreomsorg KPIs under "Kommunen,
övergripande"), so those two areas go by the title's words alone.

Pure functions over strings: no database, no imports of the indicators app.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Area:
    key: str
    label: str
    title_names: tuple[str, ...]  # how a "Liknande kommuner …" title names it (lower case)
    operating_areas: frozenset[str]  # Kolada's operating_area values that belong to it
    words: re.Pattern[str]  # words in a KPI title that put it in the area


def _words(*alternatives: str) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(alternatives) + r")", re.IGNORECASE)


AREAS: tuple[Area, ...] = (
    Area(
        "aldreomsorg",
        "Äldreomsorg",
        ("äldreomsorg",),
        frozenset(),
        _words(
            "äldreomsorg",
            "äldre",
            "hemtjänst",
            "särskilt boende",
            "särskilda boende",
            "hemsjukvård",
            "trygghetslarm",
            "demens",
            "65 år",
            "65\\+",
            "80 år",
            "80\\+",
        ),
    ),
    Area(
        "lss",
        "LSS (funktionsnedsättning)",
        ("lss",),
        frozenset(),
        _words(
            r"LSS\b",
            "SFB",
            "funktionsnedsättning",
            "personlig assistans",
            "daglig verksamhet",
            "assistansersättning",
        ),
    ),
    Area(
        "ifo",
        "Individ- och familjeomsorg",
        ("ifo", "individ- och familjeomsorg"),
        frozenset({"Individ- och familjeomsorg"}),
        _words("IFO", "individ- och familjeomsorg", "missbruk", "barn och unga", "placer"),
    ),
    Area(
        "ekonomiskt_bistand",
        "Ekonomiskt bistånd",
        ("ekonomiskt bistånd",),
        frozenset(),
        _words("ekonomiskt bistånd", "försörjningsstöd"),
    ),
    Area(
        "grundskola",
        "Grundskola",
        ("grundskola",),
        frozenset({"Grundskola åk 0-9 inkl förskoleklass"}),
        _words("grundskola", "grundskole"),
    ),
    Area(
        "gymnasieskola",
        "Gymnasieskola",
        ("gymnasieskola",),
        frozenset({"Gymnasieskola åk 1-3"}),
        _words("gymnasie"),
    ),
    Area(
        "forskola",
        "Förskola",
        ("förskola",),
        frozenset({"Förskoleverksamhet"}),
        _words(r"förskola\b", "förskolan", "förskolor", "förskoleverksamhet"),
    ),
    Area(
        "fritidshem",
        "Fritidshem",
        ("fritidshem",),
        frozenset(),
        _words("fritidshem"),
    ),
    Area(
        "raddningstjanst",
        "Räddningstjänst",
        ("räddningstjänst",),
        frozenset(),
        _words("räddningstjänst", "brand", "räddningsinsats"),
    ),
    Area(
        "arbetsmarknad",
        "Arbetsmarknad",
        ("arbetsmarknad",),
        frozenset({"Arbetsmarknad"}),
        _words("arbetsmarknad"),
    ),
)
BY_KEY = {area.key: area for area in AREAS}
AREA_CHOICES = [(area.key, area.label) for area in AREAS]
SIMILAR_TITLE = re.compile(r"^\s*liknande (?:kommuner|regioner)\s+(?P<rest>.*)$", re.IGNORECASE)


def area_of_group(title: str) -> str:
    """The area a group's title names ("Liknande kommuner LSS, Alingsås, 2024" → "lss");
    "" for a group that is not for one area (GR, Alla kommuner, Liknande kommuner overall,
    socioekonomi)."""
    found = SIMILAR_TITLE.match(title)
    if not found:
        return ""
    rest = found.group("rest").lower()
    for area in AREAS:
        if any(rest.startswith(name) for name in area.title_names):
            return area.key
    return ""


def indicator_in_area(area_key: str, title: str, operating_area: str) -> bool:
    """Whether a KPI (by its title and Kolada operating_area) belongs to an area; every
    KPI belongs to the empty area."""
    if not area_key:
        return True
    area = BY_KEY.get(area_key)
    if area is None:
        return False
    return operating_area in area.operating_areas or bool(area.words.search(title))
