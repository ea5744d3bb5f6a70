"""Markdown, HTML and plain-text runbooks -> one `Document` each."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from knowledge.documents import Document, Origin
from knowledge.sources.files import read_text
from knowledge.sources.frontmatter import split_front_matter
from knowledge.sources.html import html_to_markdown
from knowledge.sources.metadata import as_list, as_optional_text, as_text, as_timestamp

MARKDOWN_SUFFIXES = frozenset({".md", ".markdown", ".mdx"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
TEXT_SUFFIXES = frozenset({".txt", ".text", ".rst", ".adoc"})
RUNBOOK_SUFFIXES = MARKDOWN_SUFFIXES | HTML_SUFFIXES | TEXT_SUFFIXES
_H1 = re.compile(r"^#[ \t]+(.+?)[ \t#]*$", re.MULTILINE)


def read_runbook(path: Path, origin: Origin, *, default_acl: tuple[str, ...] = ()) -> Document:
    """Parse one runbook file; front matter (or HTML meta tags) supplies title, owners, tags, acl, url, updated."""
    meta, body = _parse(path)
    acl = as_list(meta.get("acl"))
    updated = as_timestamp(meta.get("updated"))
    return Document(
        origin=origin,
        source=origin.file,
        title=as_text(meta.get("title")) or _title_from_body(body) or _title_from_name(path),
        body=body.strip(),
        updated_at=updated or _mtime(path),
        acl=acl or default_acl,
        tags=as_list(meta.get("tags")),
        owners=as_list(meta.get("owners")),
        url=as_optional_text(meta.get("url")),
        updated_from_mtime=updated is None,
    )


def _parse(path: Path) -> tuple[dict[str, Any], str]:
    text = read_text(path)
    if path.suffix.lower() in HTML_SUFFIXES:
        return html_to_markdown(text)
    return split_front_matter(text)


def _title_from_body(body: str) -> str:
    match = _H1.search(body)
    if match:
        return match.group(1).strip()
    first = next((line.strip() for line in body.splitlines() if line.strip()), "")
    return first if len(first) <= 80 and not first.startswith(("#", "-", "*", "`")) else ""


def _title_from_name(path: Path) -> str:
    return re.sub(r"[-_]+", " ", path.stem).strip() or path.name


def _mtime(path: Path) -> str:
    return dt.datetime.fromtimestamp(path.stat().st_mtime, tz=dt.UTC).isoformat(timespec="seconds")
