"""Who may answer, snooze and see what; snoozing once; the digest; the plain-text offer."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from bot.app import Mashbot
from messages.render import Platform
from storage.models import AuditEvent, ChaseSnooze, PlanAction
from tests.actions.support import (
    PLAN,
    at,
    import_small_plan,
    outbox,
    outbox_rows,
    person,
    sweep_at,
)
from tests.support import told
from workflows.actions import offer, queries, snooze, updates
from workflows.errors import AccessDenied, InvalidInput, Reason, WorkflowError


def action_id(bot: Mashbot, number: str) -> int:
    with bot.sessions() as session:
        return session.scalar(select(PlanAction.id).where(PlanAction.number == number))


def audited(bot: Mashbot, action: str) -> list[AuditEvent]:
    with bot.sessions() as session:
        return list(session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def test_a_lead_updates_only_their_own_actions(bot: Mashbot, tmp_path: Path) -> None:
    import_small_plan(bot, tmp_path)
    sam, nina = person(bot, "sam.ito"), person(bot, "nina.lowe")
    answers = {"rag": "R", "progress": "Blocked."}
    with pytest.raises(AccessDenied) as refused, bot.unit_of_work("test") as ctx:
        updates.record_update(ctx, sam, action_id(bot, "1.1"), answers)
    assert told(refused.value) == (
        f"Sorry, only the lead of {PLAN}:1.1 (Nina Lowe) can update it. If the lead has changed, "
        "ask the plan owner to change it."
    )
    with pytest.raises(AccessDenied), bot.unit_of_work("test") as ctx:
        updates.record_no_change(ctx, sam, action_id(bot, "1.1"))
    assert [e.actor_id for e in audited(bot, "action_update_refused")] == ["sam.ito", "sam.ito"]
    with bot.unit_of_work("test") as ctx:
        done = updates.record_update(ctx, nina, action_id(bot, "1.1"), answers)
    assert (done.ref, done.rag, done.period) == (f"{PLAN}:1.1", "R", "2026-11")


def test_an_update_is_checked_field_by_field(bot: Mashbot, tmp_path: Path) -> None:
    import_small_plan(bot, tmp_path)
    nina = person(bot, "nina.lowe")
    with pytest.raises(InvalidInput) as invalid, bot.unit_of_work("test") as ctx:
        updates.record_update(
            ctx, nina, action_id(bot, "1.1"), {"rag": "purple", "new_due_date": "31/02/2027"}
        )
    assert set(invalid.value.errors) == {"rag", "progress", "new_due_date", "due_reason"}
    with bot.unit_of_work("test") as ctx:
        done = updates.record_update(
            ctx,
            nina,
            action_id(bot, "1.1"),
            {"progress": "All six schools done.", "complete": "yes"},
        )
    assert done.completed and done.rag == "G"
    with (
        pytest.raises(WorkflowError, match=Reason.ACTION_CLOSED.value),
        bot.unit_of_work("test") as ctx,
    ):
        updates.record_no_change(ctx, nina, action_id(bot, "1.1"))
    with bot.sessions() as session:
        closed = session.get_one(PlanAction, action_id(bot, "1.1"))
        assert closed.status == "completed" and closed.next_chase_at is None


def test_no_change_twice_is_one_answer(bot: Mashbot, tmp_path: Path) -> None:
    import_small_plan(bot, tmp_path)
    sam = person(bot, "sam.ito")
    with bot.unit_of_work("test") as ctx:
        first = updates.record_no_change(ctx, sam, action_id(bot, "1.2"))
    with bot.unit_of_work("test") as ctx:
        second = updates.record_no_change(ctx, sam, action_id(bot, "1.2"))
    assert first.rag == "G" and not first.already and second.already


def test_the_plan_is_seen_by_its_owner_the_chair_and_admins_only(
    bot: Mashbot, tmp_path: Path
) -> None:
    import_small_plan(bot, tmp_path, owner_id="priya.shah")
    for allowed in ("priya.shah", "dci.harker", "ola.admin"):
        with bot.unit_of_work("test") as ctx:
            report = queries.plan_view(ctx, person(bot, allowed), PLAN)
        assert [r.number for r in report.rows] == ["1.1", "1.2", "1.3"]
    for refused in ("nina.lowe", "ben.teacher"):
        with pytest.raises(AccessDenied) as denied, bot.unit_of_work("test") as ctx:
            queries.plan_view(ctx, person(bot, refused), PLAN)
        assert denied.value.reason == Reason.PLAN_REFUSED
        assert "Type `/actions mine`" in told(denied.value)
        assert "Type `/actions mine`" in told(denied.value, Platform.SLACK)
        assert "Type `actions mine` to see the actions you lead." in told(
            denied.value, Platform.TEAMS
        )
    assert {e.actor_id for e in audited(bot, "plan_view_refused")} == {"nina.lowe", "ben.teacher"}
    nina, ben = person(bot, "nina.lowe"), person(bot, "ben.teacher")
    with bot.unit_of_work("test") as ctx:
        assert [line.number for line in queries.mine(ctx, nina)] == ["1.1"]
        assert queries.mine(ctx, ben) == []


def test_overdue_lists_follow_what_each_person_may_see(bot: Mashbot, tmp_path: Path) -> None:
    import_small_plan(bot, tmp_path, owner_id="priya.shah")
    bot.clock.set(at("2027-04-05 10:00"))  # 1.1 (due 31 March) is now overdue
    nina, priya, sam, ola = (
        person(bot, p) for p in ("nina.lowe", "priya.shah", "sam.ito", "ola.admin")
    )
    with bot.unit_of_work("test") as ctx:
        assert [x.number for x in queries.overdue(ctx, nina)] == ["1.1"]
        assert [x.number for x in queries.overdue(ctx, priya)] == ["1.1"]
        assert queries.overdue(ctx, sam) == []
        assert [x.number for x in queries.overdue(ctx, ola)] == ["1.1"]


def test_a_chase_can_be_snoozed_once_with_a_reason(bot: Mashbot, tmp_path: Path) -> None:
    import_small_plan(bot, tmp_path, snooze_days=4)
    sweep_at(bot, at("2026-12-04 09:00"))
    sweep_at(bot, at("2026-12-15 09:00"))
    priya, sam = person(bot, "priya.shah"), person(bot, "sam.ito")
    one_three = action_id(bot, "1.3")
    with pytest.raises(AccessDenied), bot.unit_of_work("test") as ctx:
        snooze.snooze(ctx, sam, one_three, "2026-12", "chase-3", "Covering for Priya")
    with pytest.raises(InvalidInput), bot.unit_of_work("test") as ctx:
        snooze.snooze(ctx, priya, one_three, "2026-12", "chase-3", "  ")
    with bot.unit_of_work("test") as ctx:
        held = snooze.snooze(ctx, priya, one_three, "2026-12", "chase-3", "On leave until the 21st")
    assert held.until == at("2026-12-21 09:00")
    with (
        pytest.raises(WorkflowError, match=Reason.ALREADY_SNOOZED.value),
        bot.unit_of_work("test") as ctx,
    ):
        snooze.snooze(ctx, priya, one_three, "2026-12", "chase-3", "Still on leave")
    sweep_at(bot, at("2026-12-18 09:00"))  # Priya's "on the day" reminder is held ...
    to_priya = [r for r in outbox_rows(bot, "actions_chase") if r.recipient_id == "priya.shah"]
    assert len(to_priya) == 1
    sweep_at(bot, at("2026-12-21 09:00"))  # ... until the snooze ends
    to_priya = [r for r in outbox_rows(bot, "actions_chase") if r.recipient_id == "priya.shah"]
    assert [r.created_at for r in to_priya] == [at("2026-12-15 09:00"), at("2026-12-21 09:00")]
    with bot.unit_of_work("test") as ctx:
        snooze.snooze(ctx, priya, one_three, "2026-12", "chase+0", "Waiting for the figures")
    sweep_at(bot, at("2026-12-22 09:00"))
    [escalation] = outbox_rows(bot, "actions_escalation")  # the owner is told on the day ...
    [held] = [a for a in escalation.facts["actions"] if a["number"] == "1.3"]
    assert held["snooze_reason"] == "Waiting for the figures"  # ... that the lead asked for time
    assert held["snoozed_until"] == "2026-12-29"  # messages word it
    sweep_at(bot, at("2026-12-29 09:00"))
    escalated = [
        a["number"] for r in outbox_rows(bot, "actions_escalation") for a in r.facts["actions"]
    ]
    assert escalated.count("1.3") == 1
    with bot.sessions() as session:
        reasons = session.scalars(select(ChaseSnooze.reason).order_by(ChaseSnooze.id)).all()
    assert reasons == ["On leave until the 21st", "Waiting for the figures"]


def test_the_weekly_digest_counts_rag_and_flags_missing_updates(
    bot: Mashbot, tmp_path: Path
) -> None:
    import_small_plan(bot, tmp_path, channel="cse-subgroup")
    sweep_at(bot, at("2026-11-30 09:00"), with_digests=True)  # Monday
    [first] = outbox_rows(bot, "actions_digest")
    assert first.recipient_type == "channel" and first.recipient_id == "cse-subgroup"
    assert first.facts["counts"] == {"R": 1, "A": 1, "G": 1, "none": 0}
    assert first.facts["missing"] == [] and first.facts["overdue"] == []
    sweep_at(bot, at("2026-11-30 10:00"), with_digests=True)
    assert len(outbox_rows(bot, "actions_digest")) == 1, "once a week"
    for moment in ("2026-12-04 09:00", "2026-12-15 09:00", "2026-12-18 09:00", "2026-12-22 09:00"):
        sweep_at(bot, at(moment))
    sweep_at(bot, at("2026-12-28 09:00"), with_digests=True)  # a bank holiday: not today
    sweep_at(bot, at("2026-12-29 09:00"), with_digests=True)
    latest = outbox_rows(bot, "actions_digest")[-1]
    assert latest.created_at == at("2026-12-29 09:00")
    assert [(m["number"], m["period_label"]) for m in latest.facts["missing"]] == [
        ("1.1", "December 2026"),
        ("1.2", "December 2026"),
        ("1.3", "December 2026"),
    ]


def test_a_map_plan_digest_names_no_child(bot: Mashbot, tmp_path: Path) -> None:
    import_small_plan(
        bot, tmp_path, kind="map", title="MAP plan for Kayla Testperson", channel="cse-subgroup"
    )
    sweep_at(bot, at("2026-11-30 09:00"), with_digests=True)
    [digest] = outbox_rows(bot, "actions_digest")
    assert "Kayla" not in str(digest.facts)
    assert "awareness sessions" not in str(digest.facts), "no action wording for MAP plans"
    assert digest.facts["plan_title"] == PLAN


def test_a_plain_text_answer_gets_the_form_offered(bot: Mashbot, tmp_path: Path) -> None:
    import_small_plan(bot, tmp_path)
    priya, ben = person(bot, "priya.shah"), person(bot, "ben.teacher")
    with bot.unit_of_work("test") as ctx:
        assert offer.offer_form(ctx, priya, "all fine thanks", "m1") is None, "nothing asked yet"
    sweep_at(bot, at("2026-12-04 09:00"))
    with bot.unit_of_work("test") as ctx:
        reply = offer.offer_form(ctx, priya, "Still waiting on the data, should be Amber", "m2")
        assert offer.offer_form(ctx, ben, "hello", "m3") is None
    assert reply is not None and reply.to.id == "priya.shah"
    [item] = reply.facts["actions"]
    assert (item["number"], item["period"], item["value"]) == (
        "1.3",
        "2026-12",
        f"{action_id(bot, '1.3')}|2026-12|prompt",
    )
    assert "Amber" not in str(reply.facts), "the typed text is not stored or echoed"
    with bot.unit_of_work("test") as ctx:
        updates.record_no_change(ctx, priya, action_id(bot, "1.3"), "2026-12")
    with bot.unit_of_work("test") as ctx:
        assert offer.offer_form(ctx, priya, "done", "m4") is None
    assert outbox(bot) == [
        ("actions_prompt", "nina.lowe"),
        ("actions_prompt", "priya.shah"),
        ("actions_prompt", "sam.ito"),
    ]
