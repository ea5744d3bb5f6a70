"""`make smoke`: a fresh clone, the README's Quickstart commands as written, and what a new user must see.

    python tests/smoke/fresh_clone.py [--fresh-venv] [--keep]

Clones this repository's HEAD into a temporary folder and runs, there: `make demo` (its console fed a ticket
request in plain words, the confirmation and a question), `make chat` in a terminal (the banner says offline and
how to turn the LLM on), `./opsbot --help`, `./opsbot ask`, `./opsbot config show`, `./opsbot ingest` (exit codes)
and `./opsbot report`, then a config file naming a missing file (one clear error, exit 2). Each check prints ok or
FAIL; the exit code is the number of failures. By default the clone borrows this checkout's .venv (minutes
faster; `--fresh-venv` runs `make install` as a new user would). Not part of `make test`: it indexes examples/
and takes minutes.
"""

from __future__ import annotations

import argparse
import os
import pty
import select
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEMO_INPUT = (
    "please open a ticket: VPN drops every 5 minutes\n1\nmy VPN keeps disconnecting\nrestart checkout in staging\n"
)


class Smoke:
    def __init__(self, clone: Path, *, borrowed_venv: bool) -> None:
        self.clone = clone
        self.failures: list[str] = []
        self.env = {k: v for k, v in os.environ.items() if not k.startswith(("OPSBOT_", "OPENAI_", "SLACK_"))}
        self.env.pop("DATABASE_URL", None)
        self.make = ["make", "-o", ".venv/.installed"] if borrowed_venv else ["make"]

    def check(self, what: str, ok: bool, detail: str = "") -> None:
        print(f"{'ok  ' if ok else 'FAIL'} {what}" + (f"\n     {detail[-600:]}" if not ok and detail else ""))
        if not ok:
            self.failures.append(what)

    def run(
        self, *command: str, stdin: str = "", env: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            list(command), cwd=self.clone, input=stdin, capture_output=True, text=True,
            env=env or self.env, timeout=1200, check=False,
        )  # fmt: skip

    def demo(self) -> None:
        demo = self.run(*self.make, "demo", stdin=DEMO_INPUT)
        out = demo.stdout
        self.check("make demo exits 0", demo.returncode == 0, demo.stderr)
        self.check(
            "make demo writes .env naming the example config",
            "OPSBOT_CONFIG=examples/opsbot.yml"
            in ((self.clone / ".env").read_text() if (self.clone / ".env").exists() else ""),
        )
        self.check("a plain-words ticket request gets the /ops card", "Action: create_ticket" in out, out)
        self.check("confirming it creates the ticket", "OPS-1" in out, out)
        self.check("the card says what it does once", out.count("Create a ticket in the ops queue") == 1, out)
        self.check("an answer cites its sources", "Sources:" in out, out)
        self.check("an off-list restart lists the allowed services once", out.count("sso-proxy") == 1, out)
        self.check("no Slack markup in the console", "<@" not in out and "<!" not in out, out)
        self.check("placeholders in one style", "‹" not in out and "›PERSON" not in out, out)

    def chat_banner(self) -> None:
        main, child = pty.openpty()
        proc = subprocess.Popen(
            [*self.make, "-s", "chat"], cwd=self.clone, env=self.env, stdin=child, stdout=child, stderr=child
        )
        os.close(child)
        seen, started = bytearray(), time.perf_counter()
        while b"you> " not in seen and time.perf_counter() - started < 120:
            if select.select([main], [], [], 0.1)[0]:
                seen += os.read(main, 4096)
        prompt_s = time.perf_counter() - started
        os.write(main, b"\x04")
        proc.wait(timeout=120)
        os.close(main)
        text = seen.decode(errors="replace")
        self.check(f"make chat shows its prompt ({prompt_s:.1f} s, make included)", "you> " in text, text)
        self.check(
            "the banner says offline and how to turn the LLM on",
            "Offline mode" in text and "OPENAI_API_KEY" in text,
            text,
        )

    def commands(self) -> None:
        started = time.perf_counter()
        helped = self.run("./opsbot", "--help")
        took = time.perf_counter() - started
        self.check(
            f"./opsbot --help lists the commands ({took:.2f} s)", helped.returncode == 0 and "chat" in helped.stdout
        )
        shown = self.run("./opsbot", "config", "show")
        self.check("config show prints the threshold in effect", "score_threshold: 0.4" in shown.stdout, shown.stdout)
        self.check("config show keeps the demo's config (.env)", "console-user" in shown.stdout, shown.stdout)
        asked = self.run("./opsbot", "ask", "open a ticket: printer on floor 3 jams", "--json")
        self.check(
            "./opsbot ask: a plain-words request proposes create_ticket",
            '"action": "create_ticket"' in asked.stdout,
            asked.stdout,
        )
        again = self.run("./opsbot", "ingest", "examples/")
        self.check("ingest of an indexed folder exits 0", again.returncode == 0, again.stderr)
        missing = self.run("./opsbot", "ingest", "no-such-folder")
        self.check("ingest of a missing folder exits 1", missing.returncode == 1, missing.stderr)
        report = self.run("./opsbot", "report", "--since", "1d")
        self.check(
            "report runs and defines its rates",
            report.returncode == 0 and "Tool-call success" in report.stdout,
            report.stdout,
        )

    def bad_config(self) -> None:
        (self.clone / "bad.yml").write_text("redaction_names_file: nowhere.txt\n")
        bad = self.run("./opsbot", "chat", env=self.env | {"OPSBOT_CONFIG": "bad.yml"})
        lines = bad.stderr.strip().splitlines()
        self.check(
            "a missing file named in the config: one line, exit 2", bad.returncode == 2 and len(lines) == 1, bad.stderr
        )


def main() -> int:
    parser = argparse.ArgumentParser(prog="tests/smoke/fresh_clone.py")
    parser.add_argument("--fresh-venv", action="store_true", help="run `make install` in the clone (slow)")
    parser.add_argument("--keep", action="store_true", help="keep the clone and print where it is")
    args = parser.parse_args()
    where = Path(tempfile.mkdtemp(prefix="opsbot-smoke-"))
    clone = where / "opsbot"
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)], check=True)
    borrowed = not args.fresh_venv and (ROOT / ".venv" / ".installed").exists()
    if borrowed:
        (clone / ".venv").symlink_to(ROOT / ".venv")
    smoke = Smoke(clone, borrowed_venv=borrowed)
    try:
        smoke.demo()
        smoke.chat_banner()
        smoke.commands()
        smoke.bad_config()
    finally:
        if args.keep:
            print(f"clone kept in {clone}")
        else:
            shutil.rmtree(where, ignore_errors=True)
    print(f"{len(smoke.failures)} failed" if smoke.failures else "all checks passed")
    return len(smoke.failures)


if __name__ == "__main__":
    sys.exit(main())
