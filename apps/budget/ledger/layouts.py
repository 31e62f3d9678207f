"""Which ledger layout a file has, told from its header row.

- long: typ;period;ansvar;ansvar_namn;overordnat_ansvar;kontoslag;belopp
- wide: typ;ar;ansvar;ansvar_namn;overordnat_ansvar;kontoslag;jan;…;dec (and helar)
- account-based: either of the two with `konto` (Kommun-Bas accounts) instead of `kontoslag`
- investeringar: typ;ar;projekt;projekt_namn;belopp (the investment file, read elsewhere)
"""

from __future__ import annotations

import re
from dataclasses import dataclass

LONG = ["typ", "period", "ansvar", "ansvar_namn", "overordnat_ansvar", "kontoslag", "belopp"]
WIDE = ["typ", "ar", "ansvar", "ansvar_namn", "overordnat_ansvar", "kontoslag"]
INVESTMENTS = ["typ", "ar", "projekt", "projekt_namn", "belopp"]
OPTIONAL = ["ansvar_namn", "overordnat_ansvar"]  # may be left out by a column mapping

MONTH_NAMES = {
    "jan": 1, "januari": 1, "feb": 2, "februari": 2, "mar": 3, "mars": 3, "apr": 4,
    "april": 4, "maj": 5, "jun": 6, "juni": 6, "jul": 7, "juli": 7, "aug": 8, "augusti": 8,
    "sep": 9, "sept": 9, "september": 9, "okt": 10, "oktober": 10, "nov": 11,
    "november": 11, "dec": 12, "december": 12,
}  # fmt: skip
ANNUAL = {"helar", "helår", "helarsbudget", "helårsbudget"}
NUMBERED_MONTH = re.compile(r"^(0?[1-9]|1[0-2])$", re.ASCII)

UNKNOWN = (
    "{file}: rubrikraden känns inte igen ({header}). Väntade {long} (långt format), "
    "{wide};jan;…;dec (brett format) eller konto i stället för kontoslag; välj annars en "
    "kolumnmappning för filens rubriker"
)
MISSING = "{file}: rubrikraden saknar {columns} (väntade {expected})"
FOREIGN = "; har filen ekonomisystemets egna rubriker, välj en kolumnmappning för dem"


@dataclass(frozen=True)
class Layout:
    shape: str  # "long", "wide" or "investments"
    account_column: str  # "kontoslag" or "konto" ("" for investments)
    months: dict[int, int]  # wide: the column index of each month (0: helar)

    @property
    def name(self) -> str:
        if self.shape == "investments":
            return "investeringar"
        shape = "långt" if self.shape == "long" else "brett"
        return f"{shape} format" + (", konton" if self.account_column == "konto" else "")


def month_of(heading: str) -> int | None:
    """1–12 for a month's column (jan, januari, 01, 1), 0 for helar, else None."""
    heading = heading.strip().lower().rstrip(".")
    if heading in ANNUAL:
        return 0
    if heading in MONTH_NAMES:
        return MONTH_NAMES[heading]
    if NUMBERED_MONTH.match(heading):
        return int(heading)
    return None


def detect(header: list[str], label: str, *, mapped: bool = False) -> Layout:
    """The file's layout; raise ValueError (Swedish, naming the file) when none fits.

    A file read through a column mapping (`mapped`) may lack ansvar_namn and
    overordnat_ansvar: its cost centres are then named by their codes, the tree untouched."""
    if "projekt" in header:
        _require(header, INVESTMENTS, label, mapped)
        return Layout("investments", "", {})
    account = "konto" if "konto" in header and "kontoslag" not in header else "kontoslag"
    months = {m: i for i, h in enumerate(header) if (m := month_of(h)) is not None}
    if "period" in header:
        _require(header, _with(LONG, account), label, mapped)
        return Layout("long", account, {})
    if "ar" in header and months:
        _require(header, _with(WIDE, account), label, mapped)
        return Layout("wide", account, months)
    raise ValueError(
        UNKNOWN.format(
            file=label, header=";".join(h for h in header if h) or "tom",
            long=";".join(LONG), wide=";".join(WIDE),
        )
    )  # fmt: skip


def _with(columns: list[str], account: str) -> list[str]:
    return [account if c == "kontoslag" else c for c in columns]


def _require(header: list[str], columns: list[str], label: str, mapped: bool) -> None:
    missing = [c for c in columns if c not in header and not (mapped and c in OPTIONAL)]
    if missing:
        problem = MISSING.format(file=label, columns=", ".join(missing), expected=";".join(columns))
        raise ValueError(problem + ("" if mapped else FOREIGN))
