"""Reading runbooks and ticket exports into documents."""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge.documents import Document, Origin
from knowledge.errors import SourceError
from knowledge.sources.discovery import discover
from knowledge.sources.runbooks import read_runbook
from knowledge.sources.ticket_fields import FieldMap
from knowledge.sources.tickets import RecordError, read_tickets
from tests.knowledge.conftest import CRASHLOOP, SECRET


def _runbook(path: Path, text: str, **options: tuple[str, ...]) -> Document:
    path.write_text(text)
    return read_runbook(path, Origin("runbook", str(path.parent), path.name), **options)


def _tickets(path: Path, text: str, fields: dict[str, str] | None = None, **options: object) -> list[object]:
    path.write_text(text)
    origin = Origin("ticket", str(path.parent), path.name)
    return list(read_tickets(path, origin, FieldMap(fields or {}), text_filter=None, default_acl=(), **options))  # type: ignore[arg-type]


def test_front_matter_supplies_metadata(tmp_path: Path) -> None:
    """Title, owners, tags and url come from the YAML front matter, and the body excludes it."""
    doc = _runbook(tmp_path / "a.md", CRASHLOOP)
    assert doc.title == "Kube Pod Crash Looping"
    assert doc.owners == ("team-platform",)
    assert doc.tags == ("kubernetes", "pods")
    assert doc.url == "https://runbooks.example/KubePodCrashLooping"
    assert doc.body.startswith("# KubePodCrashLooping")


def test_front_matter_acl_wins_over_the_default(tmp_path: Path) -> None:
    """A runbook's own acl is kept; the --acl default applies only to runbooks without one."""
    assert _runbook(tmp_path / "s.md", SECRET, default_acl=("everyone",)).acl == ("sre", "security")
    assert _runbook(tmp_path / "p.md", "# Plain\n\ntext\n", default_acl=("ops",)).acl == ("ops",)


def test_broken_front_matter_is_an_error(tmp_path: Path) -> None:
    """Front matter that is not valid YAML raises instead of being indexed without its ACL."""
    with pytest.raises(SourceError, match="front matter"):
        _runbook(tmp_path / "b.md", '---\ntitle: "unclosed\nacl: [sre\n---\n# B\n')


def test_binary_file_is_an_error(tmp_path: Path) -> None:
    """A file that is not UTF-8 text raises SourceError."""
    with pytest.raises(SourceError, match=r"not UTF-8|binary"):
        (tmp_path / "x.md").write_bytes(b"\xff\xfe\x00garbage")
        read_runbook(tmp_path / "x.md", Origin("runbook", str(tmp_path), "x.md"))


def test_html_headings_become_sections_and_meta_tags_metadata(tmp_path: Path) -> None:
    """An HTML runbook's title, meta acl and headings are read like markdown."""
    html = (
        '<html><head><title>Disk full</title><meta name="acl" content="dba; sre"></head><body>'
        "<h1>Disk full</h1><h2>Mitigation</h2><p>Remove old WAL files.</p><script>x()</script></body></html>"
    )
    doc = _runbook(tmp_path / "disk.html", html)
    assert doc.title == "Disk full"
    assert doc.acl == ("dba", "sre")
    assert "## Mitigation" in doc.body
    assert "x()" not in doc.body


def test_plain_text_title_from_first_line(tmp_path: Path) -> None:
    """A plain-text runbook takes its first short line as title."""
    assert (
        _runbook(tmp_path / "notes.txt", "Restarting the cache\n\nRun the restart job.\n").title
        == "Restarting the cache"
    )


def test_jsonl_tickets_are_mapped_and_filtered(tmp_path: Path) -> None:
    """JSONL tickets become documents; text_filter is applied to title, description, resolution and comments."""
    line = (
        '{"id": "OPS-9", "title": "Call Ann", "description": "Ann is locked out", "status": "resolved", '
        '"comments": [{"author": "Bob", "body": "Ann reset"}], "resolution": "Ann unlocked", "tags": ["sso"]}\n'
    )
    path = tmp_path / "t.jsonl"
    path.write_text(line)
    origin = Origin("ticket", str(tmp_path), "t.jsonl")
    redact = lambda text: text.replace("Ann", "<PERSON_1>")  # noqa: E731
    (doc,) = read_tickets(path, origin, FieldMap({}), text_filter=redact, default_acl=())
    assert isinstance(doc, Document)
    assert (doc.source, doc.status, doc.tags) == ("OPS-9", "resolved", ("sso",))
    assert "Ann" not in " ".join([doc.title, doc.body, doc.resolution, *doc.comments])


def test_csv_export_with_other_column_names(tmp_path: Path) -> None:
    """A CSV export with ticket_id/summary/details/labels columns is understood, `;`-separated labels split."""
    text = (
        "ticket_id,summary,details,resolution_notes,state,labels,opened_at,closed_at\n"
        "OPS-2001,VPN drops,Drops every 10 minutes,Use the TLS-only profile,resolved,vpn;network,"
        "2026-09-01,2026-09-02\n"
    )
    (doc,) = _tickets(tmp_path / "t.csv", text)
    assert isinstance(doc, Document)
    assert (doc.source, doc.title, doc.body) == ("OPS-2001", "VPN drops", "Drops every 10 minutes")
    assert (doc.resolution, doc.tags, doc.updated_at) == ("Use the TLS-only profile", ("vpn", "network"), "2026-09-02")


def test_configured_field_mapping_wins(tmp_path: Path) -> None:
    """The configured ticket_fields mapping is used before the built-in aliases."""
    text = '{"key": "X-1", "headline": "Real title", "title": "not this"}\n'
    (doc,) = _tickets(tmp_path / "t.jsonl", text, {"id": "key", "title": "headline"})
    assert isinstance(doc, Document)
    assert (doc.source, doc.title) == ("X-1", "Real title")


def test_bad_records_are_reported_and_the_rest_read(tmp_path: Path) -> None:
    """An invalid JSON line or a record without id is reported with its line; other tickets still come through."""
    text = '{"id": "A-1", "title": "ok"}\n{not json\n{"title": "no id"}\n{"id": "A-2", "title": "ok too"}\n'
    items = _tickets(tmp_path / "t.jsonl", text)
    assert [i.source for i in items if isinstance(i, Document)] == ["A-1", "A-2"]
    assert [i.location for i in items if isinstance(i, RecordError)] == ["t.jsonl:2", "t.jsonl:3"]


def test_discovery_reads_exports_as_tickets_and_the_rest_as_runbooks(tmp_path: Path) -> None:
    """Folders yield .jsonl/.csv as tickets and documents as runbooks; hidden and unknown files are skipped."""
    for name in ("a.md", "b.html", "c.txt", "t.jsonl", "t.csv", "image.png", ".hidden.md", ".git/x.md"):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text("x")
    found = discover([tmp_path, tmp_path / "missing"])
    kinds = {f.origin.file: f.origin.kind for f in found.files}
    assert kinds == {"a.md": "runbook", "b.html": "runbook", "c.txt": "runbook", "t.csv": "ticket", "t.jsonl": "ticket"}
    assert found.problems == [(str(tmp_path / "missing"), "no such file or directory")]
    assert [f.origin.file for f in discover([tmp_path], kind="ticket").files] == ["t.csv", "t.jsonl"]
