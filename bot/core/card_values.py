"""Parameter values as a confirmation card shows them: one line each, nothing invisible, nothing silently cut.

A value is shown as the text that will run, except that characters which would change how the card reads are
made visible: a newline in a title could otherwise draw a fake "impact: none" line above the real one, and
right-to-left overrides or zero-width characters could make a value look like another. Control characters
become their Unicode "control pictures" (a newline shows as ␊), format characters (bidi, zero-width) their code
point (⟨U+202E⟩). A value longer than `LINE_CHARS` is cut on its line with a visible note, and the adapters show
its full (equally visible) text below the parameters.
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass
from typing import Any

LINE_CHARS = 1000
_INVISIBLE = frozenset({"Cc", "Cf", "Zl", "Zp", "Co", "Cs", "Cn"})


@dataclass(frozen=True)
class ShownValue:
    line: str  # one line, at most LINE_CHARS characters of the value, with the note when cut
    full: str  # the whole value, made visible the same way
    hidden: int  # characters not on the line (0: the line is the whole value)

    @property
    def shortened(self) -> bool:
        return self.hidden > 0


def shown_value(value: Any, *, limit: int = LINE_CHARS) -> ShownValue:
    """How the card shows `value`; `line` and `full` differ only by the visible cut."""
    text = value if isinstance(value, str) and value else json.dumps(value, ensure_ascii=False, default=str)
    full = visible(text)
    if len(full) <= limit:
        return ShownValue(full, full, 0)
    return ShownValue(full[: limit - 1] + "…", full, len(full) - (limit - 1))


def shortened_note(shown: ShownValue) -> str:
    return f" (shortened: {shown.hidden} more characters, the full value is below)"


def visible(text: str) -> str:
    """`text` on one line with every control, bidi-override and zero-width character shown instead of applied."""
    return "".join(_visible(char) for char in text)


def _visible(char: str) -> str:
    if char == " " or (unicodedata.category(char) not in _INVISIBLE and not char.isspace()):
        return char
    code = ord(char)
    if code < 0x20:
        return chr(0x2400 + code)  # ␀ … ␟ (␉ tab, ␊ newline, ␍ carriage return)
    if code == 0x7F:
        return "␡"
    return f"⟨U+{code:04X}⟩"
