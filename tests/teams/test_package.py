"""`mashbot teams-package`: a zip with manifest.json valid against the schema it declares
(the Teams schema 1.24, vendored from npm's @microsoft/app-manifest 1.1.2, MIT) and two icons."""

from __future__ import annotations

import json
import struct
import zipfile
from pathlib import Path

import jsonschema
import pytest

from bot.cli import main
from messages.teams_cards import COMMANDS

SCHEMAS = Path(__file__).parent / "schema"
APP_ID = "00000000-0000-4000-8000-00000000b07a"


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_the_package_is_valid_against_the_schema_it_declares(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTID", APP_ID)
    out = tmp_path / "mashbot-teams.zip"
    assert main(["teams-package", "--out", str(out), "--host", "bot.riverton.example.org"]) == 0
    with zipfile.ZipFile(out) as package:
        assert sorted(package.namelist()) == ["color.png", "manifest.json", "outline.png"]
        manifest = json.loads(package.read("manifest.json"))
        color, outline = package.read("color.png"), package.read("outline.png")
    version = manifest["manifestVersion"]
    assert manifest["$schema"].endswith(f"/v{version}/MicrosoftTeams.schema.json")
    schema = json.loads((SCHEMAS / f"MicrosoftTeams.v{version}.schema.json").read_text())
    errors = [e.message for e in jsonschema.Draft4Validator(schema).iter_errors(manifest)]
    assert errors == []
    [bot] = manifest["bots"]
    assert bot["botId"] == APP_ID == manifest["id"] == manifest["webApplicationInfo"]["id"]
    assert set(bot["scopes"]) == {"personal", "team", "groupChat"}
    titles = [c["title"] for c in bot["commandLists"][0]["commands"]]
    assert (
        titles
        == [name for name, _ in COMMANDS]
        == ["concern", "home", "mash", "actions", "language", "mase", "map", "glossary", "help"]
    )
    assert manifest["validDomains"] == ["bot.riverton.example.org"]
    assert png_size(color) == (192, 192) and png_size(outline) == (32, 32)


def test_the_schema_check_would_catch_a_broken_manifest() -> None:
    from bot.teams.package import manifest

    broken = manifest(APP_ID, "bot.example.org")
    broken["bots"][0]["scopes"] = ["everyone"]
    del broken["icons"]
    schema = json.loads((SCHEMAS / "MicrosoftTeams.v1.24.schema.json").read_text())
    assert len(list(jsonschema.Draft4Validator(schema).iter_errors(broken))) == 2


def test_no_package_without_an_app_id(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTID", raising=False)
    assert main(["teams-package", "--out", str(tmp_path / "x.zip")]) == 1
    assert "CLIENTID" in capsys.readouterr().out
