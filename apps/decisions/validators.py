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


def looks_like_identity_number(text: str) -> bool:
    """True where the text holds 10 or 12 digits in the shape of a personnummer or
    samordningsnummer (ÅÅMMDD-NNNN, ÅÅÅÅMMDDNNNN, with or without a dash or plus, spaces
    ignored), anywhere in it and whether its check digit is right or not."""
    compact = re.sub(r"\s+", "", text)
    return bool(IDENTITY_NUMBER.search(compact))


def validate_not_personnummer(value: str) -> None:
    if CONTROL_CHARACTERS.search(value):
        raise ValidationError(HAS_CONTROL_CHARACTERS, code="control_characters")
    if looks_like_identity_number(value):
        raise ValidationError(LOOKS_LIKE_IDENTITY, code="personnummer")
