"""Command-line entry points refuse clearly what they must not do."""

from __future__ import annotations

import argparse

import pytest

from bot import cli
from bot.cli import main


def test_the_console_will_not_take_a_slack_bots_messages(monkeypatch, tmp_path, capsys) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-invented")
    assert main(["console", "--no-clock"]) == 1
    assert "must not share a database with a Slack bot" in capsys.readouterr().err
    assert not (tmp_path / "mashbot.db").exists()


@pytest.mark.parametrize(
    "command", [["console", "--no-clock"], ["plan", "list"], ["db", "upgrade"], ["outbox", "list"]]
)
def test_every_command_says_it_cannot_start_on_a_missing_partnership_file(
    monkeypatch, tmp_path, capsys, command
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("MASHBOT_PARTNERSHIP_FILE", str(tmp_path / "missing.yaml"))
    monkeypatch.setenv("MASHBOT_DATABASE_URL", f"sqlite:///{tmp_path / 'x.db'}")
    code = main(command)
    if command == ["db", "upgrade"]:  # needs no partnership file
        assert code == 0
        return
    assert code == 1
    err = capsys.readouterr().err
    assert err.startswith("mashbot cannot start: ")
    assert "missing.yaml is not a valid partnership file" in err and "cannot read it" in err


def test_an_invalid_partnership_file_is_said_by_every_command(monkeypatch, tmp_path, capsys):
    monkeypatch.chdir(tmp_path)
    bad = tmp_path / "p.yaml"
    bad.write_text("name: x\n", encoding="utf-8")
    monkeypatch.setenv("MASHBOT_PARTNERSHIP_FILE", str(bad))
    assert main(["plan", "list"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("mashbot cannot start: ") and "line 1: areas: this is required" in err


@pytest.mark.parametrize(
    "url, says",
    [
        ("garbage", "MASHBOT_DATABASE_URL is not a database URL mashbot can use"),
        ("nosuchdb://x", "MASHBOT_DATABASE_URL is not a database URL mashbot can use"),
        (
            "sqlite:////nonexistent-folder/x.db",
            "cannot open the SQLite database /nonexistent-folder/x.db",
        ),
        (
            "postgresql+psycopg://postgres:secret@127.0.0.1:1/test",
            "cannot reach the database at postgresql+psycopg://postgres:***@127.0.0.1:1/test",
        ),
    ],
)
@pytest.mark.parametrize("command", [["db", "upgrade"], ["plan", "list"], ["audit", "verify"]])
def test_a_bad_database_url_is_said_plainly(monkeypatch, tmp_path, capsys, url, says, command):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("MASHBOT_DATABASE_URL", url)
    assert main(command) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"mashbot cannot start: {says}")
    assert "secret" not in err and "Traceback" not in err


def test_a_file_that_is_not_a_database_is_said_plainly(monkeypatch, tmp_path, capsys) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "notes.db").write_text("not a database", encoding="utf-8")
    monkeypatch.setenv("MASHBOT_DATABASE_URL", f"sqlite:///{tmp_path / 'notes.db'}")
    assert main(["plan", "list"]) == 1
    assert "(file is not a database)" in capsys.readouterr().err


def test_a_wrong_setting_in_the_environment_is_named(monkeypatch, tmp_path, capsys) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("MASHBOT_AUTO_MIGRATE", "perhaps")
    assert main(["plan", "list"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("mashbot cannot start: a setting is wrong: MASHBOT_AUTO_MIGRATE")


def test_the_console_refuses_to_start_as_someone_not_in_the_file(monkeypatch, tmp_path, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["console", "--no-clock", "--as", "nobody@example.org"]) == 2
    assert capsys.readouterr().err.startswith(
        "Nobody in the partnership file has the e-mail nobody@example.org."
    )


def _commands(parser: argparse.ArgumentParser) -> set[str]:
    [subparsers] = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return set(subparsers.choices)


def test_every_command_is_listed_under_the_module_that_adds_it(capsys) -> None:
    """A command loads only its own module (so `mashbot serve` carries no console, spreadsheet or
    Teams code): each listed command works with only that module, and none is left unlisted."""
    listed = {c for commands in cli.COMMAND_MODULES.values() for c in commands}
    assert _commands(cli.parser()) == listed
    for commands in cli.COMMAND_MODULES.values():
        for command in commands:
            with pytest.raises(SystemExit) as stopped:
                main([command, "--help"])
            assert stopped.value.code == 0
            assert capsys.readouterr().out.startswith(f"usage: mashbot {command} ")
