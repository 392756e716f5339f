"""A whole reporting period with a controlled clock: prompt, answers, chases, escalation, digest."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from sqlalchemy import select

from bot.app import Mashbot, build
from bot.console.transport import ConsoleTransport
from bot.delivery.dispatcher import Dispatcher
from storage.models import ActionRag, ActionUpdate, PlanAction, SentChase
from tests.actions.support import (
    at,
    import_small_plan,
    outbox,
    outbox_rows,
    person,
    sweep_at,
)
from workflows.actions import schedule, updates
from workflows.actions.plans import find_action
from workflows.working_time import calendar_for

PROMPTED = [
    ("actions_prompt", "nina.lowe"),
    ("actions_prompt", "priya.shah"),
    ("actions_prompt", "sam.ito"),
]


def action_id(bot: Mashbot, number: str) -> int:
    with bot.sessions() as session:
        return session.scalar(select(PlanAction.id).where(PlanAction.number == number))


def answer_two(bot: Mashbot) -> None:
    """Nina updates 1.1 (and moves its date); Sam says no change on 1.2."""
    nina, sam = person(bot, "nina.lowe"), person(bot, "sam.ito")
    with bot.unit_of_work("test") as ctx:
        updates.record_update(
            ctx,
            nina,
            action_id(bot, "1.1"),
            {
                "rag": "G",
                "progress": "Four of six schools done.",
                "new_due_date": "30/04/2027",
                "due_reason": "Two schools asked for the summer term.",
            },
        )
    with bot.unit_of_work("test") as ctx:
        updates.record_no_change(ctx, sam, action_id(bot, "1.2"))


def hourly(bot: Mashbot, start: str, end: str) -> None:
    moment, stop = at(start), at(end)
    while moment <= stop:
        sweep_at(bot, moment)
        moment += timedelta(hours=1)


def test_full_cycle_sends_exactly_the_expected_messages_in_order(
    bot: Mashbot, tmp_path: Path
) -> None:
    import_small_plan(bot, tmp_path)
    hourly(bot, "2026-11-24 11:00", "2026-12-04 08:00")
    assert outbox(bot) == [], "nothing before the prompt day (4 Dec: 10 working days before 18 Dec)"
    sweep_at(bot, at("2026-12-04 09:00"))
    assert outbox(bot) == PROMPTED, "one prompt per lead"
    bot.clock.set(at("2026-12-07 10:00"))
    answer_two(bot)
    hourly(bot, "2026-12-04 10:00", "2026-12-31 23:00")
    assert outbox(bot) == PROMPTED + [
        ("actions_chase", "priya.shah"),  # 15 Dec: 3 working days before
        ("actions_chase", "priya.shah"),  # 18 Dec: on the day
        ("actions_escalation", "dci.harker"),  # 22 Dec: 2 working days after, to the owner
    ]
    chases = outbox_rows(bot, "actions_chase")
    assert [r.created_at for r in chases] == [at("2026-12-15 09:00"), at("2026-12-18 09:00")]
    [escalation] = outbox_rows(bot, "actions_escalation")
    assert [a["number"] for a in escalation.facts["actions"]] == ["1.3"]
    with bot.sessions() as session:
        ratings = dict(
            session.execute(
                select(PlanAction.number, ActionRag.rating)
                .join(ActionRag, ActionRag.action_id == PlanAction.id)
                .where(ActionRag.period == "2026-12")
            ).all()
        )
        moved = session.scalar(select(ActionUpdate).where(ActionUpdate.old_due_date.is_not(None)))
    assert ratings == {"1.1": "G", "1.2": "G"}, "the answers were filed for December"
    assert moved.reason == "Two schools asked for the summer term."
    assert str(moved.old_due_date) == "2027-03-31" and str(moved.new_due_date) == "2027-04-30"


def test_the_console_shows_each_chase_with_action_date_and_one_click(
    bot: Mashbot, tmp_path: Path
) -> None:
    import_small_plan(bot, tmp_path)
    sweep_at(bot, at("2026-12-04 09:00"))
    sweep_at(bot, at("2026-12-15 09:00"))
    transport = ConsoleTransport(bot.partnership, write=lambda _: None)
    Dispatcher(bot, transport).run_once()
    said = dict(transport.delivered)
    prompt = said["Nina Lowe (direct message)"]
    assert "December 2026 update" in prompt and "Friday 18 December 2026" in prompt
    assert "nochange test-plan:1.1" in prompt and "update test-plan:1.1" in prompt
    chase = [text for where, text in transport.delivered if "Reminder" in text]
    assert len(chase) == 3, "every lead is reminded while nobody has answered"
    assert all("due in 3 working days" in text for text in chase)
    priya = next(text for text in chase if "1.3" in text)
    assert "31 May 2027" in priya and "snooze test-plan:1.3" in priya


def test_a_restart_mid_cycle_repeats_nothing(bot: Mashbot, tmp_path: Path, settings, clock) -> None:
    import_small_plan(bot, tmp_path)
    sweep_at(bot, at("2026-12-04 09:00"))
    answer_two(bot)
    sweep_at(bot, at("2026-12-15 09:00"))
    before = outbox(bot)
    bot.close()  # the process dies; a new one starts on the same database
    again = build(settings, clock=clock)
    try:
        for moment in ("2026-12-15 09:00", "2026-12-15 09:01", "2026-12-16 10:00"):
            assert sweep_at(again, at(moment)) == 0
        assert outbox(again) == before
        sweep_at(again, at("2026-12-18 09:00"))
        sweep_at(again, at("2026-12-18 09:00"))
        assert outbox(again) == before + [("actions_chase", "priya.shah")]
    finally:
        again.close()


def test_a_late_run_sends_only_the_latest_step_once(bot: Mashbot, tmp_path: Path) -> None:
    import_small_plan(bot, tmp_path)
    sweep_at(bot, at("2026-12-04 09:00"))
    answer_two(bot)
    # The clock was down from 14 to 18 December: the "3 days before" reminder is not sent late.
    sweep_at(bot, at("2026-12-18 11:30"))
    sweep_at(bot, at("2026-12-18 11:31"))
    assert outbox(bot)[3:] == [("actions_chase", "priya.shah")]
    [late] = outbox_rows(bot, "actions_chase")
    assert late.facts["when"] == "on"


def test_a_quiet_hour_holds_a_chase_until_morning(bot: Mashbot, tmp_path: Path) -> None:
    import_small_plan(bot, tmp_path)
    sweep_at(bot, at("2026-12-04 09:00"))
    answer_two(bot)
    # Back up at 21:30 on the 15th: the reminder due at 09:00 waits out the quiet hours (20-08).
    for moment in ("2026-12-15 21:30", "2026-12-16 02:00", "2026-12-16 07:59"):
        assert sweep_at(bot, at(moment)) == 0
    assert sweep_at(bot, at("2026-12-16 08:00")) == 1
    assert outbox_rows(bot, "actions_chase")[0].created_at == at("2026-12-16 08:00")


def test_a_bank_holiday_moves_a_chase(bot: Mashbot, tmp_path: Path) -> None:
    # Deadline Thursday 24 December; the reminder 2 working days after skips Christmas Day,
    # the weekend and the Boxing Day substitute (Monday 28th): it goes on Wednesday 30th.
    import_small_plan(bot, tmp_path, meeting_day=24, chase=(0, 2), escalate=3)
    sweep_at(bot, at("2026-12-10 09:00"))  # the prompt
    sweep_at(bot, at("2026-12-24 09:00"))  # on the day
    assert [kind for kind, _ in outbox(bot)].count("actions_chase") == 3
    for moment in ("2026-12-25 09:00", "2026-12-28 09:00", "2026-12-29 09:00"):
        assert sweep_at(bot, at(moment)) == 0, moment
    assert sweep_at(bot, at("2026-12-30 09:00")) == 3
    late = outbox_rows(bot, "actions_chase")[3:]
    assert {r.created_at for r in late} == {at("2026-12-30 09:00")}
    assert all(r.facts["when"] == "after" and r.facts["days"] == 2 for r in late)


def test_an_overdue_action_prompts_its_lead_to_replan_or_complete(
    bot: Mashbot, tmp_path: Path
) -> None:
    import_small_plan(bot, tmp_path)
    priya = person(bot, "priya.shah")
    with bot.unit_of_work("test") as ctx:
        plan, action = find_action(ctx, priya, "1.3")
        action.due_date = at("2026-11-30 00:00").date()  # as if imported with that date
        schedule.set_wake(ctx.session, plan, action, calendar_for(ctx.partnership))
    assert sweep_at(bot, at("2026-11-30 12:00")) == 0, "due today is not yet overdue"
    assert sweep_at(bot, at("2026-12-01 09:00")) == 1
    assert sweep_at(bot, at("2026-12-02 09:00")) == 0, "told once per due date"
    [notice] = outbox_rows(bot, "actions_overdue")
    assert notice.recipient_id == "priya.shah"
    assert notice.facts["actions"][0]["overdue"] is True
    with bot.unit_of_work("test") as ctx:
        updates.record_update(
            ctx,
            priya,
            action.id,
            {
                "rag": "A",
                "progress": "Started.",
                "new_due_date": "31/01/2027",
                "due_reason": "Data late.",
            },
        )
    sweep_at(bot, at("2027-02-01 09:00"))
    assert len(outbox_rows(bot, "actions_overdue")) == 2, "a new date that passes is a new notice"
    with bot.sessions() as session:
        assert (
            session.scalar(
                select(SentChase.period)
                .where(SentChase.step == "overdue")
                .order_by(SentChase.id.desc())
            )
            == "due:2027-01-31"
        )
