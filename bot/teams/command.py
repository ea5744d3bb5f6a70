"""`opsbot teams package [--out FILE]`: write the Teams app package for TEAMS_APP_ID and check it.

`register(sub, app_id)` takes the app id from the caller (the CLI reads it from the settings), so this module
reads no environment itself.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from bot.teams.package import Publisher, write_package
from model.errors import ConfigError

DEFAULT_OUT = Path("opsbot-teams.zip")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser], app_id: Callable[[], str | None]) -> None:
    teams = sub.add_parser("teams", help="Microsoft Teams: build the app package to upload")
    commands = teams.add_subparsers(dest="teams_command", metavar="COMMAND", required=True)
    package = commands.add_parser("package", help="write the Teams app package (manifest.json and icons, zipped)")
    package.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"the zip to write (default {DEFAULT_OUT})")
    package.add_argument("--publisher", default=Publisher.name, help="the publisher name Teams shows")
    package.add_argument("--website-url", default=Publisher.website_url, help="the app's web page (https)")
    package.add_argument("--privacy-url", default=Publisher.privacy_url, help="the privacy statement (https)")
    package.add_argument("--terms-url", default=Publisher.terms_url, help="the terms of use (https)")
    package.set_defaults(func=lambda args: run_package(args, app_id()))


def run_package(args: argparse.Namespace, app_id: str | None) -> int:
    if not app_id:
        raise ConfigError("TEAMS_APP_ID must be set: the Azure Bot's Microsoft App ID (a GUID); see .env.example")
    publisher = Publisher(args.publisher, args.website_url, args.privacy_url, args.terms_url)
    written = write_package(app_id, args.out, publisher)
    print(f"Wrote {written} (manifest {publisher.name}, bot {app_id}); upload it in Teams: Apps > Manage your apps.")
    if publisher == Publisher():
        print("Note: the publisher URLs are placeholders; pass --website-url, --privacy-url and --terms-url.")
    return 0
