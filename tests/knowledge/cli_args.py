"""Build the Namespace a knowledge sub-command's parser would give."""

from __future__ import annotations

import argparse
from collections.abc import Callable


def parse(add: Callable[[argparse.ArgumentParser], None], *argv: str) -> argparse.Namespace:
    """Parse `argv` with a parser set up by `add`."""
    parser = argparse.ArgumentParser()
    add(parser)
    return parser.parse_args(argv)
