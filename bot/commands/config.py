"""`opsbot config show`: the effective settings, secrets masked."""

from __future__ import annotations

import argparse
import json


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("config", help="inspect the configuration")
    actions = parser.add_subparsers(dest="config_command", metavar="ACTION", required=True)
    show = actions.add_parser("show", help="print the effective settings with secrets masked")
    show.add_argument("--json", action="store_true", help="print JSON instead of YAML")
    show.set_defaults(func=run_show)


def run_show(args: argparse.Namespace) -> int:
    import yaml

    from bot.settings import load_settings, masked

    data = masked(load_settings())
    print(json.dumps(data, indent=2) if args.json else yaml.safe_dump(data, sort_keys=False).rstrip())
    return 0
