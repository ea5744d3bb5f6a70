"""One conversation's pseudonyms: the same value always gets the same placeholder, numbered per entity type.

This object holds clear values. It is only ever persisted encrypted (vault.py) and must never be logged: its repr
shows counts only.
"""

from __future__ import annotations

import json
import re

import phonenumbers

from redaction.placeholders import placeholder

_DIGITS_ONLY = frozenset({"CREDIT_CARD", "US_SSN"})
_NOT_ALNUM = re.compile(r"[\W_]+")
_DEFAULT_REGION = "US"  # numbers written without a country code


def canonical(entity: str, value: str) -> str:
    """The lookup key: case and whitespace never make two values differ; number formatting neither."""
    if entity == "PHONE_NUMBER":
        return _phone_key(value)
    if entity in _DIGITS_ONLY:
        digits = "".join(ch for ch in value if ch.isdigit())
        return digits or value.casefold()
    if entity == "IBAN_CODE":
        return _NOT_ALNUM.sub("", value).upper()
    return " ".join(value.split()).casefold()


def _phone_key(value: str) -> str:
    """+1 415 555 0132 and (415) 555-0132 are one number: compare as country code + national number."""
    digits = "".join(ch for ch in value if ch.isdigit())
    try:
        number = phonenumbers.parse(value, _DEFAULT_REGION)
    except phonenumbers.NumberParseException:
        return digits or value.casefold()
    return f"+{number.country_code}{number.national_number}"


class Pseudonyms:
    def __init__(self, values: dict[str, list[str]] | None = None) -> None:
        self._values: dict[str, list[str]] = values or {}
        self._numbers = {
            (entity, canonical(entity, value)): number
            for entity, seen in self._values.items()
            for number, value in enumerate(seen, start=1)
        }
        self.changed = False

    def placeholder_for(self, entity: str, value: str) -> str:
        """The placeholder for `value`, allocating the next number for its type the first time it is seen."""
        key = (entity, canonical(entity, value))
        number = self._numbers.get(key)
        if number is None:
            seen = self._values.setdefault(entity, [])
            seen.append(value)
            number = self._numbers[key] = len(seen)
            self.changed = True
        return placeholder(entity, number)

    def value_of(self, text: str) -> str | None:
        """The first-seen value behind `<TYPE_N>`, or None if this conversation never issued it."""
        entity, _, number = text.strip("<>").rpartition("_")
        seen = self._values.get(entity, [])
        if not number.isdigit() or not 1 <= int(number) <= len(seen):
            return None
        return seen[int(number) - 1]

    def to_json(self) -> bytes:
        return json.dumps({"v": 1, "values": self._values}, ensure_ascii=False).encode()

    @classmethod
    def from_json(cls, blob: bytes) -> Pseudonyms:
        data = json.loads(blob)
        return cls({str(k): [str(v) for v in vs] for k, vs in data["values"].items()})

    def __repr__(self) -> str:
        counts = {entity: len(seen) for entity, seen in self._values.items()}
        return f"Pseudonyms({counts})"
