"""The neutral text's small Markdown subset in Slack's mrkdwn: `**bold**` -> `*bold*`, `# Heading` -> `*Heading*`,
`[label](https://…)` -> `<https://…|label>`. Code spans and code blocks are left as they are. The text is
escaped first (bot.slack.blocks.escape), so only these conversions can produce markup."""

from __future__ import annotations

import re

_CODE = re.compile(r"```.*?```|`[^`\n]*`", re.DOTALL)
_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
_HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*$", re.MULTILINE)
_LINK = re.compile(r"\[([^\]\n]{1,200})\]\((https?://[^\s)|<>]+)\)")


def to_mrkdwn(escaped: str) -> str:
    """Convert outside code; inside code spans and blocks every character stays."""
    parts, last = [], 0
    for match in _CODE.finditer(escaped):
        parts.append(_convert(escaped[last : match.start()]))
        parts.append(match.group(0))
        last = match.end()
    parts.append(_convert(escaped[last:]))
    return "".join(parts)


def _convert(text: str) -> str:
    text = _HEADING.sub(lambda m: f"*{m.group(1)}*", text)
    text = _BOLD.sub(lambda m: f"*{m.group(1)}*", text)
    return _LINK.sub(lambda m: f"<{m.group(2)}|{m.group(1).replace('|', '¦')}>", text)
