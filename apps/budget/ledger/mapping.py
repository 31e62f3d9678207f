"""Column mappings: a file whose headings are its ekonomisystem's own (Ansvar, Ansvar text,
Konto, Period, Utfall, Budget …) is read as one of ours once its headings are mapped.

A mapping is saved per committee under a name (ColumnMapping: our column → the file's
heading). Applying it renames the file's headings; where the file has an amount column per
kind (utfall, budget, prognos) instead of typ and belopp, each of its rows becomes one row
per non-empty amount."""

from __future__ import annotations

from collections.abc import Iterator

from apps.budget.ledger.rows import Cells

# Our columns a file's heading can be mapped to, with their labels on the upload page.
TARGETS = {
    "ansvar": "Ansvar (kod)",
    "ansvar_namn": "Ansvarets namn",
    "overordnat_ansvar": "Överordnat ansvar",
    "kontoslag": "Kostnadsslag",
    "konto": "Konto (Kommun-Bas)",
    "typ": "Typ (utfall, budget eller prognos)",
    "period": "Period (ÅÅÅÅ-MM)",
    "ar": "År (brett format)",
    "belopp": "Belopp",
    "utfall": "Utfall (belopp)",
    "budget": "Budget (belopp)",
    "prognos": "Prognos (belopp)",
}
KIND_COLUMNS = ["utfall", "budget", "prognos"]
MISSING_HEADING = "{file}: kolumnmappningen {name!r} väntar kolumnen {heading!r}, som filen saknar"
NO_KIND = (
    "{file}: kolumnmappningen {name!r} anger varken typ och belopp eller någon av "
    "utfall, budget och prognos"
)


def fits(header: list[str], columns: dict[str, str]) -> bool:
    """Whether every heading the mapping names is in the file's header."""
    return bool(columns) and all(h.strip().lower() in header for h in columns.values() if h)


def apply_mapping(
    header: list[str], rows: Cells, columns: dict[str, str], name: str, label: str
) -> tuple[list[str], Cells]:
    """The header and rows as our layouts have them; ValueError (Swedish) when they cannot."""
    theirs = {ours: heading.strip().lower() for ours, heading in columns.items() if heading}
    for heading in theirs.values():
        if heading not in header:
            raise ValueError(MISSING_HEADING.format(file=label, name=name, heading=heading))
    renamed = {heading: ours for ours, heading in theirs.items()}
    # A heading of ours that the mapping takes from another column is set aside.
    new_header = [renamed.get(h, f"_{h}" if h in theirs else h) for h in header]
    kinds = [k for k in KIND_COLUMNS if k in theirs]
    if "typ" in theirs or not kinds:
        if "typ" not in theirs:
            raise ValueError(NO_KIND.format(file=label, name=name))
        return new_header, rows
    at = {column: i for i, column in enumerate(new_header)}
    keep = [c for c in new_header if c not in KIND_COLUMNS]
    keep_i = [at[c] for c in keep]
    kind_i = [(k, at[k]) for k in kinds]
    width = len(new_header)

    def expanded() -> Iterator[tuple[int, list[str]]]:
        for number, cells in rows:
            if len(cells) < width:
                cells = cells + [""] * (width - len(cells))
            base = [cells[i] for i in keep_i]
            for kind, i in kind_i:
                if cells[i]:
                    yield number, [*base, kind, cells[i]]

    return [*keep, "typ", "belopp"], expanded()
