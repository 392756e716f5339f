"""The access review: who viewed what and why, per person and per case, unusual views flagged."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot import cli
from bot.app import ManualClock, Mashbot
from bot.console.session import ConsoleSession
from messages.access_review import review_lines
from tests.data_protection.support import DEE
from tests.support import report_concern, told
from tests.triage.support import AMIRA, MARCUS, PRIYA, TOM, local, step
from workflows.data_protection import access_review
from workflows.errors import AccessDenied
from workflows.triage import queries

START = datetime(2026, 11, 1, tzinfo=UTC)
END = datetime(2026, 12, 1, tzinfo=UTC)


def _views(bot: Mashbot, clock: ManualClock) -> list[str]:
    clock.set(local("2026-11-24 10:00"))
    refs = [report_concern(bot) for _ in range(access_review.MANY_CASES_A_DAY)]
    for ref in refs:
        step(bot, AMIRA, queries.case, ref)  # ten cases in one day: flagged
    clock.set(local("2026-11-24 22:30"))
    step(bot, AMIRA, queries.case, refs[0])  # out of hours: flagged
    step(bot, TOM, queries.case, refs[1], "The child is at our station now.")  # break-glass
    return refs


def test_views_are_listed_per_case_and_person_with_flags(bot: Mashbot, clock: ManualClock) -> None:
    refs = _views(bot, clock)
    found = step(bot, DEE, access_review.review, START, END)
    assert len(found.views) == 12
    assert len(found.per_case()[refs[0]]) == 2
    assert len(found.per_person()["Amira Okafor"]) == 11
    kinds = {(f.kind, f.person_name) for f in found.flags}
    assert kinds == {
        ("many_cases", "Amira Okafor"),
        ("out_of_hours", "Amira Okafor"),
        ("out_of_hours", "Tom Brennan"),
        ("break_glass", "Tom Brennan"),
    }
    text = "\n".join(review_lines(found, bot.partnership.timezone))
    assert "Break-glass" in text and "The child is at our station now." in text
    assert "opened 10 different cases in one day" in text


def test_one_case_for_its_manager_and_refused_to_others(bot: Mashbot, clock: ManualClock) -> None:
    refs = _views(bot, clock)
    found = step(bot, PRIYA, access_review.recent, refs[1])
    assert [v.person_name for v in found.views] == ["Amira Okafor", "Tom Brennan"]
    assert found.views[1].break_glass
    with pytest.raises(AccessDenied) as problem:
        step(bot, AMIRA, access_review.recent, refs[1])
    assert "MASH managers" in told(problem.value)
    with pytest.raises(AccessDenied) as problem:
        step(bot, MARCUS, access_review.recent, refs[1])  # a Shire manager, a City case
    assert "There is no referral with the reference" in told(problem.value)


def test_console_and_command_line(
    bot: Mashbot, clock: ManualClock, settings, monkeypatch, capsys
) -> None:  # type: ignore[no-untyped-def]
    refs = _views(bot, clock)
    said: list[str] = []
    ConsoleSession(bot, PRIYA, ask=lambda _p: "", say=said.append).run(f"/mash access {refs[1]}")
    assert any("Break-glass" in line for line in said)
    monkeypatch.setenv("MASHBOT_DATABASE_URL", settings.database_url)
    args = ["audit", "report", "--from", "2026-11-01", "--to", "2026-12-01", "--as", DEE]
    assert cli.main(args) == 0
    out = capsys.readouterr().out
    assert "Per person:" in out and "Tom Brennan" in out and "outside working hours" in out
    assert cli.main(args[:-1] + [AMIRA]) == 1
