"""Command-line entry points refuse clearly what they must not do."""

from __future__ import annotations

from bot.cli import main


def test_the_console_will_not_take_a_slack_bots_messages(monkeypatch, tmp_path, capsys) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-invented")
    assert main(["console", "--no-clock"]) == 1
    assert "must not share a database with a Slack bot" in capsys.readouterr().err
    assert not (tmp_path / "mashbot.db").exists()
