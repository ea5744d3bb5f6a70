"""Redaction benchmark: model load time, per-message latency, throughput on 2 cores, memory.

`python -m bench.redaction [--rounds N]` redacts both chat evaluation sets (evals/data/redaction_chat.jsonl and
redaction_opschat.jsonl) the way the pipeline does: with a thread scope, so every message also reads and writes its
encrypted vault.
"""

from __future__ import annotations

import argparse
import functools
import multiprocessing
import statistics
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from redaction import RedactionConfig, Redactor

_worker: Redactor | None = None
_model: str | None = None  # --model, passed to worker processes through their initializer


def _config() -> RedactionConfig:
    from cryptography.fernet import Fernet
    from pydantic import SecretStr

    from evals.redaction import CUSTOM_PATTERNS, DIRECTORY
    from redaction import RedactionConfig

    key = SecretStr(Fernet.generate_key().decode())
    model = {"spacy_model": _model} if _model else {}
    return RedactionConfig(names=DIRECTORY, custom_patterns=CUSTOM_PATTERNS, vault_key=key, **model)


def _redactor() -> Redactor:
    from redaction import MemoryVaultStore, Redactor

    return Redactor(_config(), vault_store=MemoryVaultStore())


def _messages() -> list[str]:
    from evals.redaction import load_chat, load_opschat

    return [sample.text for sample in [*load_chat(), *load_opschat()]]


def _percentiles(values: Sequence[float]) -> str:
    ordered = sorted(values)
    p50, p95 = ordered[len(ordered) // 2], ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    return f"p50 {p50:.2f} ms  p95 {p95:.2f} ms  max {ordered[-1]:.1f} ms"


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _init_worker(model: str | None) -> None:
    global _model, _worker
    _model = model
    _worker = _redactor()


def _work(chunk: list[tuple[int, str]]) -> int:
    assert _worker is not None
    for index, text in chunk:
        _worker.redact(text, scope=f"bench:{index % 40}")
    return len(chunk)


def latency(messages: list[str], rounds: int) -> dict[str, list[float]]:
    """Milliseconds per message for `redact` (scoped) and `scrub`, wall clock and CPU time, one thread.

    CPU time is what the message costs; wall time also counts waiting for a core when the machine is busy.
    """
    redactor = _redactor()
    for text in messages[:20]:  # warm-up
        redactor.redact(text)
    timings: dict[str, list[float]] = {"redact": [], "redact_cpu": [], "scrub": [], "scrub_cpu": []}
    for round_ in range(rounds):
        for index, text in enumerate(messages):
            scope = f"bench:{round_}:{index % 40}"
            _timed(timings, "redact", functools.partial(redactor.redact, text, scope=scope))
            _timed(timings, "scrub", functools.partial(redactor.scrub, text))
    return timings


def _timed(timings: dict[str, list[float]], name: str, call: Callable[[], object]) -> None:
    wall, cpu = time.perf_counter(), time.process_time()
    call()
    timings[name].append((time.perf_counter() - wall) * 1000)
    timings[f"{name}_cpu"].append((time.process_time() - cpu) * 1000)


def throughput(messages: list[str], rounds: int, processes: int) -> float:
    """Messages per second with `processes` worker processes, each loading its own model."""
    jobs = list(enumerate(messages * rounds))
    chunks = [jobs[i : i + 50] for i in range(0, len(jobs), 50)]
    with multiprocessing.get_context("spawn").Pool(processes, initializer=_init_worker, initargs=(_model,)) as pool:
        pool.map(_work, [chunks[0]] * processes, chunksize=1)  # every worker has loaded its model
        started = time.perf_counter()
        done = sum(pool.map(_work, chunks, chunksize=1))
        return done / (time.perf_counter() - started)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.redaction", description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=4, help="passes over the chat sets (default 4)")
    parser.add_argument("--model", help="spaCy model package (default: the configured one)")
    args = parser.parse_args(argv)
    global _model
    _model = args.model
    rss_start = _rss_mb()
    started = time.perf_counter()
    from redaction.config import DEFAULT_SPACY_MODEL
    from redaction.engine import analyzer

    imported = time.perf_counter()
    analyzer(args.model or DEFAULT_SPACY_MODEL)
    loaded = time.perf_counter()
    messages = _messages()
    timings = latency(messages, args.rounds)
    rss_after = _rss_mb()
    print(f"model: {args.model or DEFAULT_SPACY_MODEL}")
    print(f"messages: {len(messages)} x {args.rounds} rounds, mean {statistics.mean(map(len, messages)):.0f} chars")
    print(
        f"load average at start: {Path('/proc/loadavg').read_text().split()[0]} (2 cores; above 2, wall times inflate)"
    )
    print(f"import: {imported - started:.2f} s   model load (spaCy NER + Presidio): {loaded - imported:.2f} s")
    print(f"redact, scoped with vault, wall: {_percentiles(timings['redact'])}")
    print(f"redact, scoped with vault, CPU:  {_percentiles(timings['redact_cpu'])}")
    print(f"scrub (log safety net), wall:    {_percentiles(timings['scrub'])}")
    print(f"scrub (log safety net), CPU:     {_percentiles(timings['scrub_cpu'])}")
    print(f"1 process:  {1000 / statistics.mean(timings['redact']):.0f} messages/s")
    print(f"2 processes (2 cores): {throughput(messages, args.rounds, 2):.0f} messages/s")
    print(f"RSS: {rss_start:.0f} MB before import, {rss_after:.0f} MB with the model loaded, after the run")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
