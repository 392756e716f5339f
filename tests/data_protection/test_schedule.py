"""The retention schedule in the partnership file: validated, with the line of each problem."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from bot.cli import main
from bot.settings import EXAMPLE_PARTNERSHIP
from workflows.retention_schedule import ReferralRule, Rule


def test_a_wrong_schedule_is_named_line_by_line(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    text = EXAMPLE_PARTNERSHIP.read_text(encoding="utf-8")
    text = text.replace("no_further_action: {years: 6", "no_such_outcome: {years: 6")
    text = text.replace(
        "agency_answers: {years: 6, from: case_closed}",
        "agency_answers: {years: 0, from: case_closed}",
    )
    path = tmp_path / "partnership.yaml"
    path.write_text(text, encoding="utf-8")
    assert main(["check-config", str(path)]) == 1
    out = capsys.readouterr().out
    assert "retention.referral.by_outcome" in out and "no_such_outcome" in out
    assert "retention.agency_answers.years" in out
    plain = EXAMPLE_PARTNERSHIP.read_text(encoding="utf-8")
    path.write_text(
        plain.replace("audit: {years: 7, from: created}", "audit: {years: 7, from: 25th_birthday}"),
        encoding="utf-8",
    )
    assert main(["check-config", str(path)]) == 1
    assert "retention.audit cannot run from the child's 25th birthday" in capsys.readouterr().out


def test_each_event_gives_its_due_date() -> None:
    created = datetime(2026, 11, 24, tzinfo=UTC)
    closed = datetime(2026, 12, 1, tzinfo=UTC)
    born = date(2012, 2, 29)
    assert Rule(years=6, **{"from": "created"}).due(created, None, born) == date(2032, 11, 24)
    assert Rule(years=6, **{"from": "case_closed"}).due(created, None, born) is None
    assert Rule(years=6, **{"from": "case_closed"}).due(created, closed, born) == date(2032, 12, 1)
    assert Rule(years=7, **{"from": "25th_birthday"}).due(created, closed, born) == date(
        2044, 2, 28
    )
    rule = ReferralRule(
        default=Rule(years=7, **{"from": "25th_birthday"}),
        by_outcome={"no_further_action": Rule(years=6, **{"from": "case_closed"})},
    )
    assert rule.for_outcomes(["no_further_action"]).years == 6
    assert rule.for_outcomes(["early_help"]).years == 7
