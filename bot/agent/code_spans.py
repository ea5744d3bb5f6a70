"""Commands in an answer must come from a retrieved passage: a code span that no tool result (and not the user)
contains is marked as unverified, so nobody copies `systemctl restart openvpn` on the model's word alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

UNVERIFIED_SPAN = " (unverified: not in our sources)"
UNVERIFIED_BLOCK = "(unverified: these commands are not in our sources; check before running them)"
_CODE = re.compile(r"```[^\n]*\n(?P<block>.*?)```|(?<!`)`(?P<span>[^`\n]+)`(?!`)", re.DOTALL)
_SPACE = re.compile(r"\s+")


def has_code(text: str) -> bool:
    return _CODE.search(text) is not None


def mark_unverified(text: str, evidence: Iterable[str]) -> str:
    """`text` with each code span or block that `evidence` does not contain marked as unverified."""
    haystack = _flat("\n".join(evidence))

    def check(match: re.Match[str]) -> str:
        if match.group("span") is not None:
            found = _flat(match.group("span")) in haystack
            return match.group(0) if found else match.group(0) + UNVERIFIED_SPAN
        lines = [_flat(line) for line in match.group("block").splitlines() if line.strip()]
        found = all(line in haystack for line in lines)
        return match.group(0) if found else f"{match.group(0)}\n{UNVERIFIED_BLOCK}"

    return _CODE.sub(check, text)


def _flat(text: str) -> str:
    return _SPACE.sub(" ", text).strip()
