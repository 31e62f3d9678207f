"""Privacy in the model: a case reference must never carry a person's identity number."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError

# Dashes people type or paste (hyphen, non-breaking hyphen, figure dash, en and em dash,
# minus) and the plus of a person over 100 all count as the separator.
SEPARATORS = "-+\u2010\u2011\u2012\u2013\u2014\u2212"
IDENTITY_NUMBER = re.compile(rf"(?<!\d)(?:\d{{6}}|\d{{8}})[{re.escape(SEPARATORS)}]?\d{{4}}(?!\d)")
LOOKS_LIKE_IDENTITY = (
    "Referensen ser ut som ett personnummer eller samordningsnummer. Ange ärendets "
    "referens i verksamhetssystemet – aldrig personnummer eller namn."
)
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")
HAS_CONTROL_CHARACTERS = "Referensen innehåller osynliga styrtecken (t.ex. tabb eller radbrytning)."


# Digits split up by any punctuation people use: 1912-12-12-1212, 19121212.1212, 121212/1212.
DIGIT_RUN = re.compile(r"\d(?:[\d\s._/\\:" + re.escape(SEPARATORS) + r"]*\d)?")


def _birth_date_shaped(digits: str) -> bool:
    """ÅÅMMDD or ÅÅÅÅMMDD with a real month and a day (or a samordningsnummer's day + 60)."""
    if len(digits) == 12:
        if digits[:2] not in {"18", "19", "20"}:
            return False
        digits = digits[2:]
    month, day = int(digits[2:4]), int(digits[4:6])
    return 1 <= month <= 12 and (1 <= day <= 31 or 61 <= day <= 91)


def looks_like_identity_number(text: str) -> bool:
    """True where the text holds a personnummer or samordningsnummer, anywhere in it and
    whether its check digit is right or not:
    - 10 or 12 digits with at most one dash or plus before the last four (ÅÅMMDD-NNNN,
      ÅÅÅÅMMDDNNNN), spaces ignored: always;
    - 10 or 12 digits split up in any other way (1912-12-12-1212, 19121212.1212,
      121212/1212): when the first six or eight form a birth date."""
    compact = re.sub(r"\s+", "", text)
    if IDENTITY_NUMBER.search(compact):
        return True
    for run in DIGIT_RUN.findall(text):
        digits = re.sub(r"\D", "", run)
        if len(digits) in (10, 12) and _birth_date_shaped(digits):
            return True
    return False


def validate_not_personnummer(value: str) -> None:
    if CONTROL_CHARACTERS.search(value):
        raise ValidationError(HAS_CONTROL_CHARACTERS, code="control_characters")
    if looks_like_identity_number(value):
        raise ValidationError(LOOKS_LIKE_IDENTITY, code="personnummer")
