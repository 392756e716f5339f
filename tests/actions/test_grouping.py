"""One message per person per step, whatever the size; after an outage, one message, not a burst."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from sqlalchemy import func, select

from bot.app import Mashbot
from bot.commands.plans import import_file
from storage.models import AuditEvent, SentChase
from tests.actions.support import (
    at,
    import_small_plan,
    outbox,
    outbox_rows,
    person,
    plan_settings,
    sweep_at,
    write_plan,
)
from tests.actions.test_cycle import PROMPTED, action_id, answer_two
from workflows.actions import chasing, snooze, updates

LEADS = ("Nina Lowe", "Sam Ito", "Priya Shah", "Tom Brennan", "Amira Okafor")
LEAD_IDS = ("nina.lowe", "sam.ito", "priya.shah", "tom.brennan", "amira.okafor")


def plan_of(folder: Path, name: str, count: int) -> Path:
    lines = ["Number,Action,Lead,Due date,Progress,Status,Nov 2026"]
    for n in range(count):
        lines.append(f"{n // 100 + 1}.{n % 100 + 1},Action {n},{LEADS[n % 5]},31/03/2027,,,A")
    return write_plan(folder, "\n".join(lines) + "\n", f"{name}.csv")


def test_three_plans_of_200_give_each_lead_one_prompt_listing_every_plan(
    bot: Mashbot, tmp_path: Path
) -> None:
    names = ("plan-a", "plan-b", "plan-c")
    for name in names:
        import_file(bot, plan_of(tmp_path, name, 200), plan_settings(name, title=f"Plan {name}"))
    assert chasing.BATCH < 3 * 200, "the due rows cross the sweep's batch boundary"
    assert sweep_at(bot, at("2026-12-04 09:00")) == 5
    assert sorted(outbox(bot)) == [("actions_prompt", lead) for lead in sorted(LEAD_IDS)]
    for message in outbox_rows(bot, "actions_prompt"):
        assert [p["plan_name"] for p in message.facts["plans"]] == list(names)
        assert [len(p["actions"]) for p in message.facts["plans"]] == [40, 40, 40]
        assert len({a["id"] for a in message.facts["actions"]}) == 120
    with bot.sessions() as session:
        assert session.scalar(select(func.count()).select_from(SentChase)) == 600
        assert session.scalar(select(func.count()).where(SentChase.outbox_key == "")) == 0
    assert sweep_at(bot, at("2026-12-04 09:05")) == 0, "nothing twice"
    # three days before the deadline, still nobody has answered: one reminder each again
    assert sweep_at(bot, at("2026-12-15 09:00")) == 5
    assert len(outbox_rows(bot, "actions_chase")) == 5


def test_a_snooze_does_not_split_the_owners_escalation(bot: Mashbot, tmp_path: Path) -> None:
    import_small_plan(bot, tmp_path, chase=(-3, 0, 2), escalate=3)
    sweep_at(bot, at("2026-12-04 09:00"))
    for moment in ("2026-12-15 09:00", "2026-12-18 09:00", "2026-12-22 09:00"):
        sweep_at(bot, at(moment))
    bot.clock.set(at("2026-12-22 10:00"))
    with bot.unit_of_work("test") as ctx:
        snooze.snooze(
            ctx, person(bot, "priya.shah"), action_id(bot, "1.3"), "2026-12", "chase+2", "On leave"
        )
    moment = at("2026-12-22 11:00")
    while moment <= at("2027-01-08 17:00"):
        sweep_at(bot, moment)
        moment += timedelta(hours=2)
    [escalation] = outbox_rows(bot, "actions_escalation")
    assert escalation.created_at == at("2026-12-23 09:00"), "on its own day, snooze or not"
    assert [a["number"] for a in escalation.facts["actions"]] == ["1.1", "1.2", "1.3"]
    assert escalation.facts["actions"][2]["snooze_reason"] == "On leave"


def test_after_an_outage_each_person_gets_one_message_covering_what_was_missed(
    bot: Mashbot, tmp_path: Path
) -> None:
    import_small_plan(bot, tmp_path)  # reminders 15 and 18 December, escalation on the 22nd
    sweep_at(bot, at("2026-12-04 09:00"))
    bot.clock.set(at("2026-12-07 10:00"))
    answer_two(bot)  # only Priya (1.3) still owes an update
    sweep_at(bot, at("2026-12-15 09:00"))
    assert outbox(bot) == PROMPTED + [("actions_chase", "priya.shah")]
    # No sweeps at all from 16 to 22 December; the clock is back on the 23rd.
    assert sweep_at(bot, at("2026-12-23 09:00")) == 2
    assert outbox(bot)[4:] == [
        ("actions_chase", "priya.shah"),  # one reminder standing in for the 18th's
        ("actions_escalation", "dci.harker"),  # the 22nd's escalation, once
    ]
    late = outbox_rows(bot, "actions_chase")[1]
    assert late.facts["missed"] == ["2026-12-18"]
    assert (late.facts["when"], late.facts["days"]) == ("after", 3), "says how late it is now"
    [escalation] = outbox_rows(bot, "actions_escalation")
    assert escalation.facts["missed"] == ["2026-12-22"]
    moment = at("2026-12-23 10:00")
    while moment <= at("2027-01-04 17:00"):
        assert sweep_at(bot, moment) == 0, moment
        moment += timedelta(hours=3)
    with bot.sessions() as session:
        chased = session.scalars(
            select(AuditEvent).where(AuditEvent.action == "actions_chased").order_by(AuditEvent.id)
        ).all()
    assert chased[-1].details["plans"][0]["covers"] == ["2026-12-18"]


def test_an_outage_over_the_prompt_sends_one_reminder_not_two(bot: Mashbot, tmp_path: Path) -> None:
    import_small_plan(bot, tmp_path)
    # Down from before the prompt (4 December) until after the first reminder (15th).
    assert sweep_at(bot, at("2026-12-16 09:00")) == 3
    assert sorted(outbox(bot)) == [("actions_chase", lead) for lead in sorted(LEAD_IDS[:3])]
    for row in outbox_rows(bot, "actions_chase"):
        assert row.facts["missed"] == ["2026-12-04", "2026-12-15"]
    with bot.unit_of_work("test") as ctx:
        updates.record_no_change(ctx, person(bot, "sam.ito"), action_id(bot, "1.2"))
    assert sweep_at(bot, at("2026-12-18 09:00")) == 2, "the next reminder comes as usual"
