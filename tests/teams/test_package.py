"""`opsbot teams package`: a zip Teams accepts, whose manifest validates against Microsoft's published schema."""

from __future__ import annotations

import argparse
import json
import struct
import zipfile
import zlib
from pathlib import Path

import pytest

from bot.teams import command
from bot.teams.package import ManifestInvalid, build_manifest, manifest_schema, validate_manifest
from model.errors import ConfigError
from tests.teams.fake_botframework import APP_ID


def run(argv: list[str], app_id: str | None = APP_ID) -> int:
    parser = argparse.ArgumentParser(prog="opsbot")
    command.register(parser.add_subparsers(dest="command"), lambda: app_id)
    args = parser.parse_args(argv)
    return int(args.func(args))


def png_facts(data: bytes) -> tuple[int, int, set[int]]:
    """Width, height and the alpha values of an RGBA PNG (read with zlib, as a viewer would)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height, depth, colour = struct.unpack(">IIBB", data[16:26])
    assert (depth, colour) == (8, 6)
    chunks, at = b"", 8
    while at < len(data):
        (length,), kind = struct.unpack(">I", data[at : at + 4]), data[at + 4 : at + 8]
        chunks += data[at + 8 : at + 8 + length] if kind == b"IDAT" else b""
        at += 12 + length
    rows = zlib.decompress(chunks)
    stride = 1 + 4 * width
    alphas = {rows[y * stride + 1 + 4 * x + 3] for y in range(height) for x in range(width)}
    return width, height, alphas


def test_the_package_holds_a_valid_manifest_and_both_icons(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The zip has manifest.json (bot id, three scopes, the RSC permission) and icons of Teams' sizes."""
    out = tmp_path / "opsbot.zip"
    assert run(["teams", "package", "--out", str(out)]) == 0
    assert str(out) in capsys.readouterr().out
    with zipfile.ZipFile(out) as archive:
        assert sorted(archive.namelist()) == ["color.png", "manifest.json", "outline.png"]
        manifest = json.loads(archive.read("manifest.json"))
        color, outline = png_facts(archive.read("color.png")), png_facts(archive.read("outline.png"))
    validate_manifest(manifest)
    assert manifest["manifestVersion"] == "1.30" and manifest["id"] == APP_ID
    (bot,) = manifest["bots"]
    assert (bot["botId"], bot["scopes"]) == (APP_ID, ["personal", "team", "groupChat"])
    assert manifest["authorization"]["permissions"]["resourceSpecific"] == [
        {"name": "ChannelMessage.Read.Group", "type": "Application"}
    ]
    assert color[:2] == (192, 192) and color[2] == {255}
    assert outline[:2] == (32, 32) and outline[2] == {0, 255}  # white on transparent


def test_the_shipped_schema_is_microsofts_and_it_really_checks(tmp_path: Path) -> None:
    """The schema is v1.30's; a manifest Teams would refuse (a lowercase 'groupchat' scope, a non-GUID id) fails."""
    assert manifest_schema()["properties"]["manifestVersion"]["const"] == "1.30"
    broken = build_manifest(APP_ID)
    broken["bots"][0]["scopes"].append("groupchat")
    broken["id"] = "opsbot"
    with pytest.raises(ManifestInvalid) as raised:
        validate_manifest(broken)
    assert "bots/0/scopes/3" in str(raised.value) and "id:" in str(raised.value)


def test_without_an_app_id_the_command_says_what_to_set(tmp_path: Path) -> None:
    """No TEAMS_APP_ID: a clear error (exit code 2 in the CLI), and no file written."""
    out = tmp_path / "opsbot.zip"
    with pytest.raises(ConfigError, match="TEAMS_APP_ID"):
        run(["teams", "package", "--out", str(out)], app_id=None)
    with pytest.raises(ManifestInvalid):
        run(["teams", "package", "--out", str(out)], app_id="not-a-guid")
    assert not out.exists()


def test_a_missing_output_folder_is_a_clear_error(tmp_path: Path) -> None:
    """--out into a folder that does not exist names the folder instead of a traceback."""
    with pytest.raises(ConfigError, match="is not a folder"):
        run(["teams", "package", "--out", str(tmp_path / "nope" / "opsbot.zip")])


def test_opsbot_teams_package_uses_teams_app_id(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`opsbot teams package --out FILE` takes the bot id from TEAMS_APP_ID and writes a zip that validates."""
    from bot.cli import main

    monkeypatch.setenv("TEAMS_APP_ID", APP_ID)
    out = tmp_path / "opsbot-teams.zip"
    assert main(["teams", "package", "--out", str(out)]) == 0
    with zipfile.ZipFile(out) as package:
        manifest = json.loads(package.read("manifest.json"))
    validate_manifest(manifest)
    assert manifest["bots"][0]["botId"] == APP_ID
