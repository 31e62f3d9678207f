"""The three ledger layouts (long, wide, account-based) and column mappings, each with cases
built from Ale's annual report (004: the hemtjänst units' monthly table) and Alingsås's
(002: the Drift table), each file imported twice: the second time changes nothing."""

from __future__ import annotations

from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from apps.budget.kostnadsslag import Kostnadsslag, kostnadsslag_for, kostnadsslag_for_account
from apps.budget.models import AccountOverride, ColumnMapping, CostCentre, LedgerEntry
from apps.budget.selectors import budget_export_rows, drift_table
from tests.budget.test_import_ledger import run_import

TKR = 1000
MONTHS = ["jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"]
# 004, "634 Hemtjänst utförarenheter": two of its units, tkr per month and the year's budget.
UNITS = {
    "6341": ("Hemtjänst Surte",
             [424, 411, 385, 395, 405, 375, 462, 402, 420, 513, 465, 465],
             [-497, -527, -480, -442, -484, -531, -504, -763, -544, -518, -568, -631],
             6_372, -6_373),
    "6342": ("Hemtjänst Bohus",
             [972, 1049, 1070, 975, 905, 828, 832, 883, 896, 886, 817, 808],
             [-1138, -977, -995, -1087, -1141, -1075, -1069, -1279, -1080, -879, -950, -964],
             11_553, -11_565),
}  # fmt: skip
# The accounts each side is booked on in the account-based file (Kommun-Bas).
REVENUE_ACCOUNT, COST_ACCOUNT = "3110", "5110"  # taxor och avgifter; löner
# 002, "Drift" (tkr): kontoslag as Alingsås prints it → (budget 2024, bokslut 2024).
DRIFT = {
    "Verksamhetens intäkter": (206_297, 254_669),
    "Personalkostnader": (-802_020, -821_815),
    "Lokalhyror": (-113_241, -114_174),
    "Köp av tjänster": (-176_046, -188_451),
    "Övriga kostnader": (-81_323, -94_685),
    "Kommunbidrag": (966_333, 966_333),
}
DRIFT_ACCOUNTS = {  # one Kommun-Bas account per line of 002's Drift table
    "Verksamhetens intäkter": "3910", "Personalkostnader": "5010", "Lokalhyror": "6010",
    "Köp av tjänster": "7310", "Övriga kostnader": "6910", "Kommunbidrag": "3990",
}  # fmt: skip


def write(tmp_path: Path, name: str, lines: list[list[object]]) -> Path:
    path = tmp_path / name
    path.write_text("\n".join(";".join(str(c) for c in line) for line in lines) + "\n")
    return path


def ale_long(tmp_path: Path, account: str = "kontoslag") -> Path:
    lines: list[list[object]] = [
        ["typ", "period", "ansvar", "ansvar_namn", "overordnat_ansvar", account, "belopp"],
        ["budget", "2025", "634", "Hemtjänst utförarenheter", "", _side(account, True), 0],
    ]
    for code, (name, revenue, costs, budget_revenue, budget_cost) in UNITS.items():
        for month in range(12):
            period = f"2025-{month + 1:02d}"
            lines.append(["utfall", period, code, name, "634", _side(account, True),
                          revenue[month] * TKR])  # fmt: skip
            lines.append(["utfall", period, code, name, "634", _side(account, False),
                          costs[month] * TKR])  # fmt: skip
        lines.append(["budget", "2025", code, name, "634", _side(account, True),
                      budget_revenue * TKR])  # fmt: skip
        lines.append(["budget", "2025", code, name, "634", _side(account, False),
                      budget_cost * TKR])  # fmt: skip
    return write(tmp_path, f"ale-lang-{account}.csv", lines)


def ale_wide(tmp_path: Path, account: str = "kontoslag", months: list[str] = MONTHS) -> Path:
    lines: list[list[object]] = [
        ["typ", "ar", "ansvar", "ansvar_namn", "overordnat_ansvar", account, *months, "helar"],
        ["budget", 2025, "634", "Hemtjänst utförarenheter", "", _side(account, True),
         *[""] * 12, 0],
    ]  # fmt: skip
    for code, (name, revenue, costs, budget_revenue, budget_cost) in UNITS.items():
        for is_revenue, amounts, budget in ((True, revenue, budget_revenue),
                                            (False, costs, budget_cost)):  # fmt: skip
            side = _side(account, is_revenue)
            lines.append(["utfall", 2025, code, name, "634", side, *[a * TKR for a in amounts], ""])
            lines.append(["budget", 2025, code, name, "634", side, *[""] * 12, budget * TKR])
    return write(tmp_path, f"ale-brett-{account}.csv", lines)


def _side(account: str, is_revenue: bool) -> str:
    if account == "konto":
        return REVENUE_ACCOUNT if is_revenue else COST_ACCOUNT
    return "avgifter" if is_revenue else "personalkostnader"


def figures(committee) -> dict[str, dict]:  # type: ignore[no-untyped-def]
    return {row["ansvar"]: row for row in budget_export_rows(committee, 2025, 12)}


def assert_tkr(kronor: float, printed_tkr: int) -> None:
    assert abs(kronor / TKR - printed_tkr) <= 2, (kronor / TKR, printed_tkr)


def assert_ale_units(committee) -> None:  # type: ignore[no-untyped-def]
    ale = figures(committee)
    # 004: Surte intäkter 5 122, kostnader −6 490, resultat −1 368; Bohus −1 714
    assert_tkr(ale["6341"]["utfall_intakter"], 5_122)
    assert_tkr(ale["6341"]["utfall_kostnader"], -6_490)
    assert_tkr(ale["6341"]["utfall_netto"], -1_368)
    assert_tkr(ale["6342"]["utfall_netto"], -1_714)
    assert_tkr(ale["6342"]["budget_intakter"], 11_553)
    assert_tkr(ale["634"]["utfall_intakter"], 5_122 + 10_921)
    assert_tkr(ale["634"]["budget_kostnader"], -6_373 - 11_565)


@pytest.fixture
def committee(personas):
    return personas.committee_b


@pytest.mark.parametrize(
    "build",
    [
        pytest.param(lambda p: ale_long(p), id="long"),
        pytest.param(lambda p: ale_wide(p), id="wide"),
        pytest.param(lambda p: ale_long(p, "konto"), id="account-long"),
        pytest.param(lambda p: ale_wide(p, "konto"), id="account-wide"),
    ],
)
def test_004s_home_care_units_come_out_as_printed_in_every_layout(committee, tmp_path, build):
    path = build(tmp_path)

    first = run_import(committee, path)
    stored = sorted(LedgerEntry.objects.values_list("pk", "amount"))
    again = run_import(committee, path)

    assert first.status == "succeeded", first.errors
    assert_ale_units(committee)
    assert (again.created, again.updated) == (0, 0)
    assert again.unchanged == first.created
    assert sorted(LedgerEntry.objects.values_list("pk", "amount")) == stored


def test_the_same_figures_give_the_same_rows_whatever_the_layout(committee, tmp_path):
    run_import(committee, ale_long(tmp_path))
    long = sorted(LedgerEntry.objects.values_list("cost_centre__code", "kind", "month",
                                                  "account", "amount"))  # fmt: skip

    wide = run_import(committee, ale_wide(tmp_path))

    assert (wide.created, wide.updated) == (0, 0)
    assert sorted(LedgerEntry.objects.values_list("cost_centre__code", "kind", "month",
                                                  "account", "amount")) == long  # fmt: skip


@pytest.mark.parametrize(
    "months",
    [
        ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti",
         "september", "oktober", "november", "december"],
        [f"{m:02d}" for m in range(1, 13)],
        ["Jan", "Feb", "Mar", "Apr", "Maj", "Juni", "Juli", "Aug", "Sep", "Okt", "Nov", "Dec"],
    ],
    ids=["long-names", "numbers", "as-004-prints"],
)  # fmt: skip
def test_wide_month_columns_may_be_named_long_short_or_numbered(committee, tmp_path, months):
    run = run_import(committee, ale_wide(tmp_path, months=months))

    assert run.status == "succeeded", run.errors
    assert_ale_units(committee)
    assert "brett format" in run.warnings[0]


def test_a_bad_wide_cell_names_the_month_column_and_nothing_changes(committee, tmp_path):
    path = ale_wide(tmp_path)
    text = path.read_text().splitlines()
    text[4] = text[4].replace("-527000", "mycket", 1)  # Surte's kostnader in February
    path.write_text("\n".join(text))

    run = run_import(committee, path)

    assert run.status == "failed"
    assert "fil ale-brett-kontoslag.csv, rad 5, kolumn 'feb': väntade ett belopp" in run.errors[0]
    assert not LedgerEntry.objects.exists()


def test_002s_drift_table_comes_out_of_each_layout(committee, tmp_path):
    long_lines: list[list[object]] = [
        ["typ", "period", "ansvar", "ansvar_namn", "overordnat_ansvar", "kontoslag", "belopp"]
    ]
    wide_lines: list[list[object]] = [
        ["typ", "ar", "ansvar", "ansvar_namn", "overordnat_ansvar", "konto", *MONTHS, "helar"]
    ]
    spelled_lines: list[list[object]] = [  # wide, with 002's own spellings of kontoslag
        ["typ", "ar", "ansvar", "ansvar_namn", "overordnat_ansvar", "kontoslag", *MONTHS,
         "helar"]
    ]  # fmt: skip
    for slag, (budget, outcome) in DRIFT.items():
        long_lines.append(["budget", "2024", "VON", "Vård- och omsorgsnämnden", "", slag,
                           budget * TKR])  # fmt: skip
        long_lines.append(["utfall", "2024-12", "VON", "Vård- och omsorgsnämnden", "", slag,
                           outcome * TKR])  # fmt: skip
        wide_lines.append(["budget", 2024, "VON", "Vård- och omsorgsnämnden", "",
                           DRIFT_ACCOUNTS[slag], *[""] * 12, budget * TKR])  # fmt: skip
        wide_lines.append(["utfall", 2024, "VON", "Vård- och omsorgsnämnden", "",
                           DRIFT_ACCOUNTS[slag], *[""] * 11, outcome * TKR, ""])  # fmt: skip
        spelled_lines.append(["budget", 2024, "VON", "Vård- och omsorgsnämnden", "", slag,
                              *[""] * 12, budget * TKR])  # fmt: skip
        spelled_lines.append(["utfall", 2024, "VON", "Vård- och omsorgsnämnden", "", slag,
                              *[outcome * TKR / 4] * 4, *[""] * 8, ""])  # fmt: skip
    # Alingsås books kommunbidrag on 3990, which Kommun-Bas counts as övriga intäkter.
    AccountOverride.objects.create(
        committee=committee, account="3990", kostnadsslag=Kostnadsslag.KOMMUNBIDRAG
    )
    tables = []
    for name, lines in (("drift-lang.csv", long_lines), ("drift-konton.csv", wide_lines),
                        ("drift-brett.csv", spelled_lines)):  # fmt: skip
        LedgerEntry.objects.all().delete()
        path = write(tmp_path, name, lines)
        assert run_import(committee, path).status == "succeeded"
        again = run_import(committee, path)
        assert (again.created, again.updated) == (0, 0)
        table = drift_table(committee, 2024, 12)
        assert table is not None
        tables.append({line.label: (line.budget, line.outcome) for line in table.lines})

    assert tables[0] == tables[1] == tables[2]
    drift = tables[0]
    assert drift["Verksamhetens intäkter"] == (206_297 * TKR, 254_669 * TKR)
    assert drift["Lokalkostnader"] == (-113_241 * TKR, -114_174 * TKR)  # "Lokalhyror"
    assert drift["Köp av verksamhet och tjänster"] == (-176_046 * TKR, -188_451 * TKR)
    assert drift["Verksamhetens kostnader"] == (-1_172_630 * TKR, -1_219_125 * TKR)
    assert drift["Verksamhetens nettokostnader"] == (-966_333 * TKR, -964_456 * TKR)
    assert drift["Kommunbidrag"] == (966_333 * TKR, 966_333 * TKR)


@pytest.mark.parametrize(
    ("spelling", "slag"),
    [
        ("lokalhyror", Kostnadsslag.LOKAL), ("Hyror", Kostnadsslag.LOKAL),
        ("Köp av huvudverksamhet", Kostnadsslag.KOP), ("köp av tjänster", Kostnadsslag.KOP),
        ("Personalkostnader", Kostnadsslag.PERSONAL), ("Taxor och avgifter", Kostnadsslag.AVGIFTER),
        ("statsbidrag", Kostnadsslag.BIDRAG), ("Kommunbidrag", Kostnadsslag.KOMMUNBIDRAG),
        ("Försäljning och ersättningar", Kostnadsslag.FORSALJNING),
        ("Avskrivningar", Kostnadsslag.KAPITAL), ("intakter", Kostnadsslag.OVRIGA_INTAKTER),
        ("kostnader", Kostnadsslag.OVRIGA_KOSTNADER), ("kaffe", None),
    ],
)  # fmt: skip
def test_common_spellings_name_their_kostnadsslag(spelling, slag):
    assert kostnadsslag_for(spelling) == slag


# A realistic account list (a socialnämnd's accounts in Kommun-Bas 13) and where each lands.
ACCOUNTS = {
    "3110": Kostnadsslag.AVGIFTER,  # barnomsorgs- och äldreomsorgsavgifter
    "3130": Kostnadsslag.AVGIFTER,
    "3210": Kostnadsslag.FORSALJNING,  # lokalhyror (intäkt)
    "3310": Kostnadsslag.BIDRAG,  # statsbidrag
    "3350": Kostnadsslag.BIDRAG,  # Försäkringskassan, personlig assistans
    "3410": Kostnadsslag.FORSALJNING,  # försäljning av verksamhet
    "3990": Kostnadsslag.OVRIGA_INTAKTER,
    "4010": Kostnadsslag.OVRIGA_KOSTNADER,  # försörjningsstöd (lämnade bidrag)
    "4410": Kostnadsslag.MATERIAL,
    "4520": Kostnadsslag.KOP,  # entreprenad
    "4610": Kostnadsslag.KOP,  # köp av huvudverksamhet (HVB, LOV)
    "5010": Kostnadsslag.PERSONAL,  # månadslön
    "5110": Kostnadsslag.PERSONAL,
    "5410": Kostnadsslag.PERSONAL,  # sociala avgifter
    "5710": Kostnadsslag.PERSONAL,  # pensioner
    "6010": Kostnadsslag.LOKAL,  # lokalhyror
    "6310": Kostnadsslag.LOKAL,  # el
    "6410": Kostnadsslag.MATERIAL,  # förbrukningsinventarier
    "6510": Kostnadsslag.MATERIAL,  # kontorsmaterial
    "6910": Kostnadsslag.OVRIGA_KOSTNADER,
    "7010": Kostnadsslag.KOP,  # telefon och IT
    "7310": Kostnadsslag.KOP,  # köp av tjänster
    "7410": Kostnadsslag.KOP,  # konsulter
    "7510": Kostnadsslag.OVRIGA_KOSTNADER,  # försäkringar
    "7810": Kostnadsslag.KAPITAL,  # avskrivningar
    "8410": Kostnadsslag.KAPITAL,  # räntor
}


def test_kommun_bas_accounts_map_to_kostnadsslag_by_account_group():
    assert {account: kostnadsslag_for_account(account) for account in ACCOUNTS} == ACCOUNTS


def test_a_committees_override_wins_for_its_account_and_its_group():
    overrides = {"3990": "kommunbidrag", "46": "personalkostnader"}

    assert kostnadsslag_for_account("3990", overrides) == Kostnadsslag.KOMMUNBIDRAG
    assert kostnadsslag_for_account("4610", overrides) == Kostnadsslag.PERSONAL
    assert kostnadsslag_for_account("3980", overrides) == Kostnadsslag.OVRIGA_INTAKTER


def test_an_account_file_stores_each_account_under_its_kostnadsslag(committee, tmp_path):
    lines: list[list[object]] = [
        ["typ", "period", "ansvar", "ansvar_namn", "overordnat_ansvar", "konto", "belopp"]
    ]
    lines += [
        ["utfall", "2025-03", "634", "Hemtjänst", "", account, 1000 if account < "4" else -1000]
        for account in ACCOUNTS
    ]
    AccountOverride.objects.create(committee=committee, account="3990", kostnadsslag="kommunbidrag")

    run = run_import(committee, write(tmp_path, "konton.csv", lines))

    assert run.status == "succeeded", run.errors
    stored = dict(
        LedgerEntry.objects.values_list("account").annotate().values_list("account", "is_revenue")
    )
    assert stored["kommunbidrag"] is True
    assert stored["kapitalkostnader"] is False
    assert set(stored) == {s.value for s in {*ACCOUNTS.values(), Kostnadsslag.KOMMUNBIDRAG}} - {
        Kostnadsslag.OVRIGA_INTAKTER.value
    }


def test_an_account_outside_every_group_is_refused_naming_the_column(committee, tmp_path):
    lines: list[list[object]] = [
        ["typ", "period", "ansvar", "ansvar_namn", "overordnat_ansvar", "konto", "belopp"],
        ["utfall", "2025-03", "634", "Hemtjänst", "", "1930", "-5"],  # a bank account
    ]

    run = run_import(committee, write(tmp_path, "konton.csv", lines))

    assert run.status == "failed"
    assert "rad 2, kolumn 'konto': kontot 1930 hör inte till någon kontogrupp" in run.errors[0]


def test_a_parent_named_but_not_described_is_created_with_its_code_and_a_warning(
    committee, tmp_path
):
    units = [
        ["typ", "period", "ansvar", "ansvar_namn", "overordnat_ansvar", "kontoslag", "belopp"],
        ["utfall", "2025-01", "6341", "Hemtjänst Surte", "634", "avgifter", 424_000],
    ]

    run = run_import(committee, write(tmp_path, "enheter.csv", units))

    assert run.status == "succeeded", run.errors
    assert any("ansvar 634 beskrivs varken i filen eller hos nämnden" in w for w in run.warnings)
    parent = CostCentre.objects.get(committee=committee, code="634")
    assert parent.name == "634"
    assert CostCentre.objects.get(code="6341").parent == parent

    described = [
        units[0],
        ["budget", "2025", "634", "Hemtjänst utförarenheter", "30", "kostnader", 0],
        ["budget", "2025", "30", "Äldreomsorg", "", "kostnader", 0],
    ]
    run_import(committee, write(tmp_path, "omraden.csv", described))
    run_import(committee, write(tmp_path, "enheter.csv", units))

    parent.refresh_from_db()
    assert parent.name == "Hemtjänst utförarenheter"
    assert parent.parent.code == "30"


FOREIGN = [
    ["Ansvar", "Ansvar text", "Konto", "Period", "Utfall", "Budget"],
    ["6341", "Hemtjänst Surte", "3110", "202501", "424 000", "531 000"],
    ["6341", "Hemtjänst Surte", "5110", "202501", "-497 000", "-531 083"],
    ["6342", "Hemtjänst Bohus", "3110", "202501", "972 000", ""],
]
FOREIGN_COLUMNS = {
    "ansvar": "Ansvar", "ansvar_namn": "Ansvar text", "konto": "Konto", "period": "Period",
    "utfall": "Utfall", "budget": "Budget",
}  # fmt: skip


def test_a_file_with_the_systems_own_headings_is_read_through_a_saved_mapping(committee, tmp_path):
    ColumnMapping.objects.create(committee=committee, name="Raindance", columns=FOREIGN_COLUMNS)
    path = write(tmp_path, "raindance.csv", FOREIGN)
    out = StringIO()

    call_command("import_ledger", str(path), "--committee", committee.slug, "--mapping",
                 "Raindance", stdout=out)  # fmt: skip
    again = run_import(committee, path)  # no mapping named: the saved one fits the headings

    stored = set(LedgerEntry.objects.values_list("cost_centre__code", "kind", "month",
                                                 "account", "amount"))  # fmt: skip
    assert stored == {
        ("6341", "utfall", 1, "avgifter", Decimal("424000")),
        ("6341", "budget", 1, "avgifter", Decimal("531000")),
        ("6341", "utfall", 1, "personalkostnader", Decimal("-497000")),
        ("6341", "budget", 1, "personalkostnader", Decimal("-531083")),
        ("6342", "utfall", 1, "avgifter", Decimal("972000")),
    }
    assert "3 nya" in out.getvalue()
    assert (again.created, again.updated) == (0, 0)
    assert "kolumnmappning 'Raindance'" in again.warnings[0]
    assert CostCentre.objects.get(code="6341").name == "Hemtjänst Surte"


def test_without_a_fitting_mapping_the_foreign_headings_are_refused_plainly(committee, tmp_path):
    run = run_import(committee, write(tmp_path, "raindance.csv", FOREIGN))

    assert run.status == "failed"
    assert "fil raindance.csv: rubrikraden saknar typ" in run.errors[0]
    assert "välj en kolumnmappning" in run.errors[0]


def test_an_unknown_mapping_name_is_refused(committee, tmp_path):
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="inget ändrades"):
        call_command("import_ledger", str(write(tmp_path, "r.csv", FOREIGN)), "--committee",
                     committee.slug, "--mapping", "Agresso", stderr=StringIO())  # fmt: skip


@pytest.mark.parametrize(
    ("replace", "message"),
    [
        ((";2025;6341", ";25;6341"), "kolumn 'ar': väntade ett år ÅÅÅÅ, fick '25'"),
        (("utfall;2025;6341", "prognos;2025;6341"), None),  # a prognos row is fine …
        ((";;;;;;;;;;;;;6372000", ";;;;;;;;;;;;;x"), "kolumn 'helar': väntade ett belopp"),
        (("avgifter", "kaffe"), "kolumn 'kontoslag': väntade ett kostnadsslag"),
    ],
)
def test_bad_wide_rows_name_file_row_and_column_and_change_nothing(
    committee, tmp_path, replace, message
):
    run_import(committee, ale_wide(tmp_path))
    before = sorted(LedgerEntry.objects.values_list("pk", "amount"))
    path = ale_wide(tmp_path)
    path.write_text(path.read_text().replace(*replace, 1))

    run = run_import(committee, path)

    if message is None:
        assert run.status == "succeeded", run.errors
        return
    assert run.status == "failed"
    assert "fil ale-brett-kontoslag.csv, rad " in run.errors[0]
    assert message in run.errors[0]
    assert sorted(LedgerEntry.objects.values_list("pk", "amount")) == before


def test_an_annual_amount_on_an_utfall_row_is_refused(committee, tmp_path):
    path = ale_wide(tmp_path)
    lines = path.read_text().splitlines()
    lines[2] = lines[2].rstrip(";") + ";5"  # Surte's utfall with a helar amount

    run = run_import(committee, write(tmp_path, "helar.csv", [line.split(";") for line in lines]))

    assert run.status == "failed"
    assert "rad 3, kolumn 'helar': helår gäller bara budget" in run.errors[0]
    assert not LedgerEntry.objects.exists()


def test_a_konto_that_is_not_four_digits_is_refused(committee, tmp_path):
    path = ale_long(tmp_path, "konto")
    path.write_text(path.read_text().replace(";3110;", ";avgifter;", 1))

    run = run_import(committee, path)

    assert run.status == "failed"
    assert "kolumn 'konto': väntade ett fyrsiffrigt konto, fick 'avgifter'" in run.errors[0]
    assert not LedgerEntry.objects.exists()
