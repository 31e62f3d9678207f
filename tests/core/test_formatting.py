"""Swedish number formatting and parsing."""

from __future__ import annotations

from decimal import Decimal

import pytest

from apps.core.formatting import MINUS, NBSP, format_number, parse_number


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (1234, 0, f"1{NBSP}234"),
        (1234.56, 1, f"1{NBSP}234,6"),
        (-2345678.9, 0, f"{MINUS}2{NBSP}345{NBSP}679"),
        (Decimal("0.5"), 2, "0,50"),
        (0, 0, "0"),
        (-0.04, 1, "0,0"),
    ],
)
def test_numbers_are_formatted_with_decimal_comma_and_spaced_thousands(value, decimals, expected):
    assert format_number(value, decimals) == expected


def test_a_missing_value_is_shown_as_a_dash_never_as_zero():
    assert format_number(None) == "–"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12,5", Decimal("12.5")),
        ("1 234", Decimal("1234")),
        (f"1{NBSP}234,50", Decimal("1234.50")),
        ("1'234", Decimal("1234")),
        ("-3,2", Decimal("-3.2")),
        (f"{MINUS}3,2", Decimal("-3.2")),
        ("12.5", Decimal("12.5")),
        (" 7 ", Decimal("7")),
    ],
)
def test_swedish_input_is_parsed(text, expected):
    assert parse_number(text) == expected


@pytest.mark.parametrize("text", ["", "tolv", "1,234.5", "1,2,3", "NaN", "inf"])
def test_what_is_not_a_number_is_refused_with_a_swedish_message(text):
    with pytest.raises(ValueError, match="är inte ett tal"):
        parse_number(text)
