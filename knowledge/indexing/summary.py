"""What an ingest run did, counted per document."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class IngestSummary:
    """Counts of documents by outcome, the failures with their reasons, chunks written and time taken."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    failed: int = 0
    empty: int = 0  # documents with no text: nothing to index
    chunks: int = 0  # chunks embedded and written in this run
    seconds: float = 0.0
    failures: list[tuple[str, str]] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # refused on purpose (unsafe), with the reason

    def fail(self, where: str, reason: str) -> None:
        """Record one document (or file) that could not be indexed."""
        self.failed += 1
        self.failures.append((where, reason))

    def skip(self, where: str, reason: str) -> None:
        """Record a file refused on purpose (a symlink out of the folder, a FIFO, Opsbot's own home)."""
        self.skipped.append((where, reason))

    @property
    def documents(self) -> int:
        """Documents this run found usable: indexed, unchanged or empty."""
        return self.added + self.updated + self.unchanged + self.empty

    @property
    def chunks_per_second(self) -> float:
        """Write throughput of this run."""
        return self.chunks / self.seconds if self.seconds > 0 else 0.0

    def render(self) -> str:
        """One line for humans."""
        empty = f", {self.empty} empty" if self.empty else ""
        skipped = f", {len(self.skipped)} files skipped" if self.skipped else ""
        return (
            f"{self.added} added, {self.updated} updated, {self.unchanged} unchanged, {self.removed} removed, "
            f"{self.failed} failed documents{empty}{skipped}; {self.chunks} chunks in {self.seconds:.1f} s"
        )
