"""PII that a context word gives away where Presidio's recognizers are too narrow.

Presidio validates cards by checksum and phones by US/EU numbering plans: a mistyped card after "card", or a
local number after "phone:" or before "mobile", is still PII. Names given away by their context are in
name_context.py.
"""

from __future__ import annotations

import re

from redaction.recognizers import Rule

_PHONE_WORDS = r"phone|mobile|cell|cellphone|tel|telephone|fax|desk|whatsapp|sms|dial-in|call(?:\s+me)?|ring|reach\s+me"
_PHONE_VALUE = r"(?P<value>\+?\(?\d[\d ().-]{5,20}\d(?:\s?x\d{1,5})?)"


def _phone_digits(value: str) -> bool:
    return 7 <= sum(ch.isdigit() for ch in value) <= 15


def _card_digits(value: str) -> bool:
    return 12 <= sum(ch.isdigit() for ch in value) <= 19


CONTEXT_RULES: tuple[Rule, ...] = (
    # "+44 7700 900 412": a leading + and a country code say phone even when the number is outside the
    # numbering plans phonenumbers validates (test ranges, new mobile blocks).
    Rule(
        "PHONE_NUMBER",
        re.compile(r"(?<![\w+])(?P<value>\+\d{1,3}(?:[ .-]?(?:\(\d{1,5}\)|\d{1,5})){2,6})(?![\w-])"),
        0.45,
        lambda value: 8 <= sum(ch.isdigit() for ch in value) <= 15,
    ),
    Rule(
        "PHONE_NUMBER",
        re.compile(rf"\b(?:{_PHONE_WORDS})\b(?:\s+(?:number|no\.?|on|at|is|:))*[:#]?\s*{_PHONE_VALUE}(?![\d-])", re.I),
        0.6,
        _phone_digits,
    ),
    Rule(
        "PHONE_NUMBER",
        re.compile(rf"(?<![\w.-]){_PHONE_VALUE}\s*[-–]?\s*(?:office|mobile|fax|cell|desk|home|work)\b", re.I),
        0.6,
        _phone_digits,
    ),
    Rule(
        "CREDIT_CARD",
        re.compile(
            r"\b(?:card|cc)\b(?:\s+(?:number|no\.?|num|#|is|:))*[:#]?\s*(?P<value>\d(?:[ -]?\d){11,18})\b", re.I
        ),
        0.6,
        _card_digits,
    ),
)
