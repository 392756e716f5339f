"""Every screen that shows actions is audited (a MAP plan's actions are about one child), and a
digest moved off a bank holiday goes at the partnership's opening time (issue 9)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import select

from bot.app import Mashbot
from storage.models import ActionPlan, AuditEvent, PlanAction
from tests.actions.support import PLAN, at, import_small_plan, person
from workflows.actions import queries, updates
from workflows.actions.cadence import sending_moment
from workflows.actions.plans import next_digest_moment
from workflows.working_time import calendar_for


def audit_rows(bot: Mashbot, action: str) -> list[AuditEvent]:
    with bot.sessions() as session:
        return list(
            session.scalars(
                select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)
            )
        )


def test_actions_mine_and_overdue_are_audited(bot: Mashbot, tmp_path: Path) -> None:
    import_small_plan(bot, tmp_path, owner_id="priya.shah")
    bot.clock.set(at("2027-04-05 10:00"))  # 1.1 is overdue
    nina, ola, ben = (person(bot, p) for p in ("nina.lowe", "ola.admin", "ben.teacher"))
    with bot.unit_of_work("slack") as ctx:
        queries.mine(ctx, nina)
        queries.overdue(ctx, ola)
        queries.mine(ctx, ben)  # nothing shown: nothing to record
    listed = audit_rows(bot, "actions_listed")
    assert [(e.actor_id, e.details["shown_in"], e.details["actions"]) for e in listed] == [
        ("nina.lowe", "actions mine", [f"{PLAN}:1.1"]),
        ("ola.admin", "actions overdue", [f"{PLAN}:1.1"]),
    ]
    assert all(e.entry_point == "slack" for e in listed)


def test_the_home_tab_list_is_audited_as_such(bot: Mashbot, tmp_path: Path) -> None:
    import_small_plan(bot, tmp_path)
    priya = person(bot, "priya.shah")
    with bot.unit_of_work("slack") as ctx:
        queries.mine(ctx, priya, shown_in="home tab")
    [event] = audit_rows(bot, "actions_listed")
    assert event.details == {"shown_in": "home tab", "actions": [f"{PLAN}:1.3"]}


def test_reading_a_map_plan_action_is_audited(bot: Mashbot, tmp_path: Path) -> None:
    import_small_plan(bot, tmp_path, kind="map", title="MAP plan for Kayla Testperson")
    with bot.sessions() as session:
        one_three = session.scalar(select(PlanAction.id).where(PlanAction.number == "1.3"))
    priya = person(bot, "priya.shah")
    with bot.unit_of_work("slack") as ctx:
        facts = updates.facts_to_answer(ctx, priya, one_three)
    assert facts["number"] == "1.3"
    [event] = audit_rows(bot, "map_action_viewed")
    assert (event.actor_id, event.subject) == ("priya.shah", f"{PLAN}:1.3")


def test_a_strategic_plan_action_read_is_not_a_child_record(bot: Mashbot, tmp_path: Path) -> None:
    import_small_plan(bot, tmp_path)
    with bot.sessions() as session:
        one_three = session.scalar(select(PlanAction.id).where(PlanAction.number == "1.3"))
    priya = person(bot, "priya.shah")
    with bot.unit_of_work("slack") as ctx:
        updates.facts_to_answer(ctx, priya, one_three)
    assert audit_rows(bot, "map_action_viewed") == []


def test_a_digest_moved_off_a_bank_holiday_goes_at_opening_time(bot: Mashbot) -> None:
    calendar = calendar_for(bot.partnership)  # opens 09:00; 28 Dec 2026 is a bank holiday
    assert sending_moment(date(2026, 12, 28), calendar) == at("2026-12-29 09:00")  # not 08:00
    assert sending_moment(date(2026, 12, 26), calendar) == at("2026-12-29 09:00")  # Saturday
    assert sending_moment(date(2026, 12, 29), calendar) == at("2026-12-29 09:00")
    monday_digest = ActionPlan(channel="cse-subgroup", digest_weekday=0)
    assert next_digest_moment(monday_digest, at("2026-12-22 10:00"), calendar) == at(
        "2026-12-29 09:00"
    )
