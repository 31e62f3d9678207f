"""The unit of a Kolada KPI, read from its title.

Kolada writes the unit as the title's last comma-separated part: "…, andel (%)",
"…, kr/inv", "…, antal", "…, tkr". A title that ends in an average ("…, medelvärde",
"…, genomsnitt") names its measure earlier ("Väntetid i antal dagar …", "betygspoäng").
Where the title names no unit there is none: a guess would print a wrong unit next to the
figure. The unit is set once, when the KPI is created; the administrator may change it.
"""

from __future__ import annotations

import re

from apps.indicators.models import Indicator

U = Indicator.Unit
DISCONTINUED = re.compile(r"\s*\(\s*-\s*\d{4}\s*\)\s*$")
AVERAGE = re.compile(r"^(genomsnitt|medelvärde|median|medel)\b")
DECIMALS: dict[str, int] = {
    U.PERCENT: 1,
    U.KRONOR: 0,
    U.KRONOR_PER_INHABITANT: 0,
    U.THOUSANDS: 0,
    U.MILLIONS: 1,
    U.DAYS: 0,
    U.HOURS: 1,
    U.COUNT: 0,
    U.INDEX: 0,
    U.POINTS: 1,
    U.OTHER: 1,
}
# (pattern on the title's last part, unit), first match wins.
TAIL_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"%|\bprocent$"), U.PERCENT),
    (re.compile(r"^tkr\b|^1000 kr\b|^tusen kronor\b"), U.THOUSANDS),
    (re.compile(r"^mkr\b|^miljoner kronor\b|^mnkr\b"), U.MILLIONS),
    (re.compile(r"^kr/inv(ånare)?\b"), U.KRONOR_PER_INHABITANT),
    (re.compile(r"^kr\b|^kronor\b"), U.KRONOR),
    (re.compile(r"^(antal )?dagar\b"), U.DAYS),
    (re.compile(r"^(antal )?timmar\b"), U.HOURS),
    (re.compile(r"^index\b"), U.INDEX),
    (re.compile(r"^(antal )?poäng\b"), U.POINTS),
    (re.compile(r"^antal\b"), U.COUNT),
)
# For a title whose last part is an average, or that has no comma: the measure it names.
MEASURE_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\(%\)"), U.PERCENT),
    (re.compile(r"\bkr/inv\b"), U.KRONOR_PER_INHABITANT),
    (re.compile(r"\bantal dagar\b|\bi dagar\b"), U.DAYS),
    (re.compile(r"\bantal timmar\b|\bi timmar\b"), U.HOURS),
    (re.compile(r"poäng\b|\bmeritvärde\b"), U.POINTS),
    (re.compile(r"\w*index\b"), U.INDEX),
    (re.compile(r"^antal\b"), U.COUNT),
)


def unit_from_title(title: str) -> tuple[str, int]:
    """Unit and decimals from a Kolada KPI title; ("", 1) where the title names none."""
    text = DISCONTINUED.sub("", title.strip()).strip()
    parts = [part.strip().lower() for part in text.split(",")]
    if len(parts) == 1:  # no comma: the name itself may be the measure ("Effektivitetsindex …")
        return _measure(text.lower())
    # The last part, or the one before it when the last only qualifies it ("…, kr/inv, 1 nov
    # fg år", "…, antal barn/lärare, kommunal regi").
    for tail in (parts[-1], parts[-2]):
        for pattern, unit in TAIL_RULES:
            if pattern.search(tail):
                return unit, DECIMALS[unit]
        if AVERAGE.match(tail):
            return _measure(text.lower())
    return U.OTHER, DECIMALS[U.OTHER]


def _measure(text: str) -> tuple[str, int]:
    for pattern, unit in MEASURE_RULES:
        if pattern.search(text):
            return unit, DECIMALS[unit]
    return U.OTHER, DECIMALS[U.OTHER]
