"""The fixed list of kostnadsslag a ledger row is stored under, the spellings accepted for
each, and the Kommun-Bas account groups that map to them.

Intäkter are stored positive and kostnader negative; every kostnadsslag belongs to one side,
so the page's intäkter/kostnader are sums over kostnadsslag.
"""

from __future__ import annotations

import re
import unicodedata

from django.db import models


class Kostnadsslag(models.TextChoices):
    AVGIFTER = "avgifter", "Avgifter"
    BIDRAG = "bidrag", "Bidrag"
    FORSALJNING = "forsaljning", "Försäljning och ersättningar"
    OVRIGA_INTAKTER = "ovriga_intakter", "Övriga intäkter"
    KOMMUNBIDRAG = "kommunbidrag", "Kommunbidrag"
    PERSONAL = "personalkostnader", "Personalkostnader"
    LOKAL = "lokalkostnader", "Lokalkostnader"
    KOP = "kop_av_verksamhet", "Köp av verksamhet och tjänster"
    MATERIAL = "material", "Material"
    OVRIGA_KOSTNADER = "ovriga_kostnader", "Övriga kostnader"
    KAPITAL = "kapitalkostnader", "Kapitalkostnader"


REVENUE = frozenset(
    {
        Kostnadsslag.AVGIFTER,
        Kostnadsslag.BIDRAG,
        Kostnadsslag.FORSALJNING,
        Kostnadsslag.OVRIGA_INTAKTER,
        Kostnadsslag.KOMMUNBIDRAG,
    }
)
# The order of the Drift table: intäkter first (kommunbidrag last, below the netto), then
# kostnader.
ORDER = [
    Kostnadsslag.AVGIFTER, Kostnadsslag.BIDRAG, Kostnadsslag.FORSALJNING,
    Kostnadsslag.OVRIGA_INTAKTER, Kostnadsslag.PERSONAL, Kostnadsslag.LOKAL, Kostnadsslag.KOP,
    Kostnadsslag.MATERIAL, Kostnadsslag.OVRIGA_KOSTNADER, Kostnadsslag.KAPITAL,
    Kostnadsslag.KOMMUNBIDRAG,
]  # fmt: skip

# Spellings seen in the municipalities' files, normalised by `_key` (lower case, å/ä → a,
# ö → o, spaces and hyphens → "_"). The generic "intakter" and "kostnader" of the first
# long format are kept: they land in övriga intäkter and övriga kostnader.
_SPELLINGS: dict[str, Kostnadsslag] = {
    "intakter": Kostnadsslag.OVRIGA_INTAKTER,
    "verksamhetens_intakter": Kostnadsslag.OVRIGA_INTAKTER,
    "ovriga_intakter": Kostnadsslag.OVRIGA_INTAKTER,
    "avgifter": Kostnadsslag.AVGIFTER,
    "taxor_och_avgifter": Kostnadsslag.AVGIFTER,
    "avgiftsintakter": Kostnadsslag.AVGIFTER,
    "bidrag": Kostnadsslag.BIDRAG,
    "statsbidrag": Kostnadsslag.BIDRAG,
    "erhallna_bidrag": Kostnadsslag.BIDRAG,
    "forsaljning": Kostnadsslag.FORSALJNING,
    "forsaljning_och_ersattningar": Kostnadsslag.FORSALJNING,
    "forsaljningsintakter": Kostnadsslag.FORSALJNING,
    "ersattningar": Kostnadsslag.FORSALJNING,
    "hyror_och_arrenden": Kostnadsslag.FORSALJNING,
    "kommunbidrag": Kostnadsslag.KOMMUNBIDRAG,
    "kommunbidrag_ram": Kostnadsslag.KOMMUNBIDRAG,
    "kostnader": Kostnadsslag.OVRIGA_KOSTNADER,
    "verksamhetens_kostnader": Kostnadsslag.OVRIGA_KOSTNADER,
    "ovriga_kostnader": Kostnadsslag.OVRIGA_KOSTNADER,
    "ovriga_verksamhetskostnader": Kostnadsslag.OVRIGA_KOSTNADER,
    "lamnade_bidrag": Kostnadsslag.OVRIGA_KOSTNADER,
    "personalkostnader": Kostnadsslag.PERSONAL,
    "personal": Kostnadsslag.PERSONAL,
    "loner": Kostnadsslag.PERSONAL,
    "lokalkostnader": Kostnadsslag.LOKAL,
    "lokalhyror": Kostnadsslag.LOKAL,
    "lokalhyra": Kostnadsslag.LOKAL,
    "hyror": Kostnadsslag.LOKAL,
    "lokaler": Kostnadsslag.LOKAL,
    "lokal_och_markhyror": Kostnadsslag.LOKAL,
    "kop_av_verksamhet": Kostnadsslag.KOP,
    "kop_av_verksamhet_och_tjanster": Kostnadsslag.KOP,
    "kop_av_tjanster": Kostnadsslag.KOP,
    "kop_av_huvudverksamhet": Kostnadsslag.KOP,
    "entreprenader_och_kop_av_verksamhet": Kostnadsslag.KOP,
    "tjanster": Kostnadsslag.KOP,
    "material": Kostnadsslag.MATERIAL,
    "material_och_varor": Kostnadsslag.MATERIAL,
    "varor": Kostnadsslag.MATERIAL,
    "forbrukningsmaterial": Kostnadsslag.MATERIAL,
    "kapitalkostnader": Kostnadsslag.KAPITAL,
    "avskrivningar": Kostnadsslag.KAPITAL,
    "avskrivningar_och_rantor": Kostnadsslag.KAPITAL,
}
for _slag in Kostnadsslag:
    _SPELLINGS.setdefault(_slag.value, _slag)

ACCEPTED = "ett kostnadsslag ({names}) eller intakter/kostnader"
_NOT_WORD = re.compile(r"[\s\-/.,]+")


def _key(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text.strip().lower())
    ascii_text = "".join(c for c in folded if not unicodedata.combining(c))
    return _NOT_WORD.sub("_", ascii_text).strip("_")


_CACHE: dict[str, Kostnadsslag | None] = {}


def kostnadsslag_for(text: str) -> Kostnadsslag | None:
    """The kostnadsslag a cell names (any accepted spelling), or None."""
    try:
        return _CACHE[text]
    except KeyError:
        found = _SPELLINGS.get(_key(text))
        if len(_CACHE) < 10_000:
            _CACHE[text] = found
        return found


def accepted_names() -> str:
    return ACCEPTED.format(names=", ".join(slag.value for slag in ORDER))


def is_revenue(slag: str) -> bool:
    return slag in REVENUE


# Kommun-Bas 13: the first two digits of a four-digit account (the account group) and the
# kostnadsslag it is stored under. A committee's own accounts differ here and there: an
# AccountOverride (admin) for an account or an account group wins over this table.
ACCOUNT_GROUPS: dict[str, Kostnadsslag] = {
    "30": Kostnadsslag.FORSALJNING,  # försäljningsintäkter
    "31": Kostnadsslag.AVGIFTER,  # taxor och avgifter
    "32": Kostnadsslag.FORSALJNING,  # hyror och arrenden
    "33": Kostnadsslag.BIDRAG,  # bidrag (statsbidrag, EU-bidrag …)
    "34": Kostnadsslag.FORSALJNING,  # försäljning av verksamhet och konsulttjänster
    "35": Kostnadsslag.OVRIGA_INTAKTER,
    "36": Kostnadsslag.OVRIGA_INTAKTER,
    "37": Kostnadsslag.OVRIGA_INTAKTER,
    "38": Kostnadsslag.OVRIGA_INTAKTER,
    "39": Kostnadsslag.OVRIGA_INTAKTER,  # övriga intäkter
    "40": Kostnadsslag.OVRIGA_KOSTNADER,  # lämnade bidrag
    "41": Kostnadsslag.OVRIGA_KOSTNADER,
    "42": Kostnadsslag.OVRIGA_KOSTNADER,
    "43": Kostnadsslag.OVRIGA_KOSTNADER,
    "44": Kostnadsslag.MATERIAL,  # material och varor
    "45": Kostnadsslag.KOP,  # entreprenader och köp av verksamhet
    "46": Kostnadsslag.KOP,  # köp av huvudverksamhet
    "47": Kostnadsslag.KOP,
    "48": Kostnadsslag.KOP,
    "49": Kostnadsslag.KOP,
    "50": Kostnadsslag.PERSONAL, "51": Kostnadsslag.PERSONAL, "52": Kostnadsslag.PERSONAL,
    "53": Kostnadsslag.PERSONAL, "54": Kostnadsslag.PERSONAL, "55": Kostnadsslag.PERSONAL,
    "56": Kostnadsslag.PERSONAL, "57": Kostnadsslag.PERSONAL, "58": Kostnadsslag.PERSONAL,
    "59": Kostnadsslag.PERSONAL,
    "60": Kostnadsslag.LOKAL,  # lokal- och markhyror
    "61": Kostnadsslag.LOKAL,  # fastighetskostnader
    "62": Kostnadsslag.LOKAL,  # fastighetsentreprenader
    "63": Kostnadsslag.LOKAL,  # energi, vatten, avfall
    "64": Kostnadsslag.MATERIAL,  # förbrukningsinventarier och förbrukningsmaterial
    "65": Kostnadsslag.MATERIAL,  # kontorsmaterial och trycksaker
    "66": Kostnadsslag.OVRIGA_KOSTNADER,  # reparation och underhåll
    "67": Kostnadsslag.OVRIGA_KOSTNADER,
    "68": Kostnadsslag.OVRIGA_KOSTNADER,
    "69": Kostnadsslag.OVRIGA_KOSTNADER,  # övriga verksamhetskostnader
    "70": Kostnadsslag.KOP,  # tele, IT och post
    "71": Kostnadsslag.KOP,
    "72": Kostnadsslag.KOP,
    "73": Kostnadsslag.KOP,  # köp av tjänster
    "74": Kostnadsslag.KOP,  # konsulttjänster
    "75": Kostnadsslag.OVRIGA_KOSTNADER,  # försäkringar och riskkostnader
    "76": Kostnadsslag.OVRIGA_KOSTNADER,  # övriga främmande tjänster
    "77": Kostnadsslag.OVRIGA_KOSTNADER,  # bidrag och transfereringar
    "78": Kostnadsslag.KAPITAL,  # avskrivningar och nedskrivningar
    "79": Kostnadsslag.OVRIGA_KOSTNADER,  # övriga kostnader
    "84": Kostnadsslag.KAPITAL,  # räntekostnader
}  # fmt: skip


def kostnadsslag_for_account(
    account: str, overrides: dict[str, str] | None = None
) -> Kostnadsslag | None:
    """The kostnadsslag of a four-digit account: the committee's override for the account,
    then for its three- or two-digit group, then the Kommun-Bas group table."""
    if overrides:
        for length in (4, 3, 2):
            if (found := overrides.get(account[:length])) is not None:
                return Kostnadsslag(found)
    return ACCOUNT_GROUPS.get(account[:2])
