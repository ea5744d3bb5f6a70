"""CLI start-up: `opsbot --help` and the first prompt of `opsbot chat`, as ratios to `python -c pass`.

`python -m bench.cli_start [--rounds N]` runs each in a fresh process N times on a throwaway home (the demo's
config file, offline) and prints medians. The chat is started in a pseudo-terminal, as a person would, and timed
until its prompt appears; then one question is asked and timed until the answer (that one waits for the models the
prompt did not wait for). Targets on the 2-core dev machine: --help under 1 s, the prompt under 2 s.
"""

from __future__ import annotations

import argparse
import os
import pty
import select
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OPSBOT = Path(sys.executable).parent / "opsbot"
PROMPT = b"you> "
TIMEOUT = 120.0


def _env(home: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPSBOT_", "OPENAI_", "SLACK_"))}
    return env | {
        "OPSBOT_HOME": home,
        "OPSBOT_CONFIG": str(ROOT / "examples" / "opsbot.yml"),
        "OPSBOT_LLM_PROVIDER": "offline",
        "HF_HUB_OFFLINE": "1",
    }


def _timed(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, env=env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def _read_until(fd: int, marker: bytes, seen: bytearray, deadline: float) -> None:
    while marker not in seen:
        if time.perf_counter() > deadline:
            raise TimeoutError(f"no {marker!r} within {TIMEOUT} s; output so far: {bytes(seen)[-400:]!r}")
        ready, _, _ = select.select([fd], [], [], 0.05)
        if ready:
            seen += os.read(fd, 4096)


def chat_times(env: dict[str, str]) -> tuple[float, float]:
    """Seconds to the first prompt, and from the first question to the next prompt (the answer)."""
    main, child = pty.openpty()
    started = time.perf_counter()
    proc = subprocess.Popen([str(OPSBOT), "chat"], env=env, cwd=ROOT, stdin=child, stdout=child, stderr=child)
    os.close(child)
    try:
        seen = bytearray()
        _read_until(main, PROMPT, seen, started + TIMEOUT)
        prompt = time.perf_counter() - started
        seen.clear()
        asked = time.perf_counter()
        os.write(main, b"my VPN keeps disconnecting\n")
        _read_until(main, b"opsbot> ", seen, asked + TIMEOUT)
        _read_until(main, PROMPT, seen, asked + TIMEOUT)
        answer = time.perf_counter() - asked
        os.write(main, b"\x04")
        proc.wait(timeout=30)
        return prompt, answer
    finally:
        if proc.poll() is None:
            proc.kill()
        os.close(main)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.cli_start")
    parser.add_argument("--rounds", type=int, default=5)
    rounds = parser.parse_args(sys.argv[1:]).rounds
    with tempfile.TemporaryDirectory(prefix="opsbot-bench-cli-") as home:
        env = _env(home)
        subprocess.run([str(OPSBOT), "ingest", "examples/runbooks"], env=env, cwd=ROOT, check=True, capture_output=True)
        baseline = statistics.median(_timed([sys.executable, "-c", "pass"], env) for _ in range(rounds))
        helps = statistics.median(_timed([str(OPSBOT), "--help"], env) for _ in range(rounds))
        chats = [chat_times(env) for _ in range(rounds)]
    prompt = statistics.median(p for p, _ in chats)
    answer = statistics.median(a for _, a in chats)
    print(f"python -c pass: {baseline * 1000:.0f} ms (median of {rounds})")
    print(f"opsbot --help: {helps * 1000:.0f} ms = {helps / baseline:.1f}x python -c pass (target < 1 s)")
    print(f"opsbot chat to first prompt: {prompt * 1000:.0f} ms = {prompt / baseline:.1f}x (target < 2 s)")
    print(f"  first answer after the prompt (models loading meanwhile): {answer * 1000:.0f} ms")
    met = helps < 1.0 and prompt < 2.0
    print(f"targets: {'met' if met else 'NOT met'}")


if __name__ == "__main__":
    main()
