"""Run every benchmark module (bench/<name>.py with a `main()`), each in a fresh process so models don't pile up."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).parent


def modules(selected: list[str]) -> list[str]:
    names = sorted(p.stem for p in HERE.glob("*.py") if not p.stem.startswith("_"))
    return [n for n in names if not selected or n in selected]


def main() -> int:
    failed = []
    for name in modules(sys.argv[1:]):
        if importlib.util.find_spec(f"bench.{name}") is None:
            continue
        print(f"\n=== bench.{name}", flush=True)
        started = time.perf_counter()
        code = subprocess.call([sys.executable, "-c", f"import bench.{name} as m; m.main()"])
        print(f"--- bench.{name}: {'ok' if code == 0 else f'FAILED ({code})'} in {time.perf_counter() - started:.1f} s")
        if code:
            failed.append(name)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
