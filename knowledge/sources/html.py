"""HTML runbooks -> markdown-like text, so they are chunked by the same heading rules as markdown."""

from __future__ import annotations

from html.parser import HTMLParser

_HEADINGS = {f"h{level}": level for level in range(1, 7)}
_BLOCKS = {"p", "div", "br", "tr", "table", "section", "article", "blockquote", "ul", "ol", "dl", "dt", "dd", "hr"}
_SKIPPED = {"script", "style", "noscript", "template", "svg"}
META_NAMES = ("title", "owners", "tags", "acl", "url", "updated")


class _Converter(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.meta: dict[str, str] = {}
        self.title = ""
        self._skipping = 0
        self._in_title = False
        self._in_pre = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED:
            self._skipping += 1
        elif tag == "title":
            self._in_title = True
        elif tag == "meta":
            self._read_meta(dict(attrs))
        else:
            self.parts.append(_opening(tag))
            self._in_pre = self._in_pre or tag == "pre"

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            self._skipping = max(0, self._skipping - 1)
        elif tag == "title":
            self._in_title = False
        else:
            self.parts.append(_closing(tag))
            self._in_pre = self._in_pre and tag != "pre"

    def handle_data(self, data: str) -> None:
        if self._skipping:
            return
        if self._in_title:
            self.title += data
        else:
            self.parts.append(data if self._in_pre else " ".join(data.split()) + (" " if data[-1:].isspace() else ""))

    def _read_meta(self, attrs: dict[str, str | None]) -> None:
        name, content = (attrs.get("name") or "").lower(), attrs.get("content")
        if name in META_NAMES and content:
            self.meta[name] = content


def _opening(tag: str) -> str:
    if tag in _HEADINGS:
        return "\n\n" + "#" * _HEADINGS[tag] + " "
    if tag == "li":
        return "\n- "
    if tag == "pre":
        return "\n\n```\n"
    return "\n\n" if tag in _BLOCKS else ""


def _closing(tag: str) -> str:
    if tag in _HEADINGS:
        return "\n\n"
    if tag == "pre":
        return "\n```\n\n"
    return "\n" if tag in _BLOCKS else ""


def html_to_markdown(html: str) -> tuple[dict[str, str], str]:
    """Return (metadata from <title> and <meta name=...>, markdown-like body)."""
    converter = _Converter()
    converter.feed(html)
    converter.close()
    meta = dict(converter.meta)
    if converter.title.strip() and "title" not in meta:
        meta["title"] = " ".join(converter.title.split())
    return meta, "".join(converter.parts)
