"""The demo's action-plan scenes: import the example plan, prompt, answer, chase, escalate."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

from bot.clock.runner import run_all_once
from bot.commands.plans import import_file
from bot.settings import PROJECT_ROOT
from workflows.actions.cadence import Cadence
from workflows.actions.plans import PlanSettings

if TYPE_CHECKING:
    from bot.demo import Demo

EXAMPLE_PLAN = PROJECT_ROOT / "examples" / "action-plan.example.csv"
ADMIN = "ola.bright@example.org"


def _clock_runs(demo: Demo, moment: datetime, why: str) -> None:
    """Move the demo's time to `moment`, run every sweep and deliver what they queued."""
    demo.clock.now = moment
    demo.say(f"\n[clock] {moment:%a %d %b %Y, %H:%M} UTC: {why}")
    run_all_once(demo.bot)
    demo.as_person(ADMIN, []).dispatcher.run_once()


def scene_action_plan_cycle(demo: Demo) -> None:
    demo.scene("3. The CSE sub-group's action plan: a month of updates, chased by the bot")
    imported = import_file(
        demo.bot,
        EXAMPLE_PLAN,
        PlanSettings(
            name="cse-2026",
            title="Riverton CSE Multi-Agency Action Plan 2026-27",
            owner_id="dci.harker",
            channel="cse-subgroup",
            cadence=Cadence(
                meeting_day=20, prompt_days_before=10, chase_days=(-3, 0), escalate_days_after=2
            ),
        ),
        by="ola.admin",
    )
    demo.say(
        f"[admin] mashbot plan import {EXAMPLE_PLAN.name} --name cse-2026 --owner dci.harker\n"
        f"Imported {imported.actions} actions with RAG history for "
        f"{', '.join(imported.period_labels)}. The group meets on the 20th; updates are due then."
    )
    _clock_runs(
        demo, datetime(2026, 12, 4, 9, 0, tzinfo=UTC), "10 working days before the deadline"
    )
    demo.type(
        "nina.lowe@example.org",
        "update cse-2026:1.2a",
        [
            "2",  # Amber
            "Half-day sessions run for 40 staff; the full-day pilot is booked for January.",
            "",  # the date stays
            "",
            "",  # not complete
        ],
    )
    demo.type("nina.lowe@example.org", "nochange 1.2b")
    demo.type("sam.ito@example.org", "nochange 1.2c")
    demo.type("sam.ito@example.org", "nochange 1.3")
    demo.type("priya.shah@example.org", "/actions mine")
    _clock_runs(demo, datetime(2026, 12, 15, 9, 0, tzinfo=UTC), "3 working days to go")
    demo.type("priya.shah@example.org", "snooze cse-2026:2.2 At a serious case review all week")
    _clock_runs(demo, datetime(2026, 12, 18, 9, 0, tzinfo=UTC), "the deadline")
    _clock_runs(demo, datetime(2026, 12, 22, 9, 0, tzinfo=UTC), "2 working days late: escalate")
    demo.type("nina.lowe@example.org", "/actions plan cse-2026")
    demo.type("jo.harker@example.org", "/actions plan cse-2026")


ACTION_SCENES = [scene_action_plan_cycle]
