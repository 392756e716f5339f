"""The board's record: no rating is lost, names fit the audit, "today" is the partnership's day."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from bot.app import Mashbot
from bot.commands.plans import import_file
from storage.models import ActionRag, ActionUpdate, AuditEvent, PlanAction
from tests.actions.support import PLAN, at, import_small_plan, person, plan_settings, sweep_at
from workflows.actions import offer, updates
from workflows.actions.board import board_report
from workflows.actions.facts import answered_periods
from workflows.actions.history import ratings_given
from workflows.actions.importing import ImportRejected
from workflows.actions.plans import ACTION_NUMBER_MAX, PLAN_NAME_MAX, get_plan
from workflows.errors import AccessDenied, InvalidInput


def action_id(bot: Mashbot, number: str) -> int:
    with bot.sessions() as session:
        return session.scalar(select(PlanAction.id).where(PlanAction.number == number))


def test_an_imported_rating_stays_in_the_history_when_a_lead_replaces_it(
    bot: Mashbot, tmp_path: Path
) -> None:
    import_small_plan(bot, tmp_path)  # 1.1 is Amber for Nov 2026
    one_one = action_id(bot, "1.1")
    bot.clock.set(at("2026-11-25 14:00"))
    with bot.unit_of_work("slack") as ctx:
        updates.record_update(
            ctx, person(bot, "nina.lowe"), one_one, {"rag": "G", "progress": "Six of six."}
        )
    with bot.sessions() as session:
        rows = session.execute(
            select(ActionUpdate.kind, ActionUpdate.rag, ActionUpdate.by_id, ActionUpdate.at)
            .where(ActionUpdate.action_id == one_one, ActionUpdate.period == "2026-11")
            .order_by(ActionUpdate.id)
        ).all()
        given = ratings_given(session, one_one)
        current = session.scalar(select(ActionRag.rating).where(ActionRag.action_id == one_one))
    assert [tuple(r) for r in rows] == [
        ("imported", "A", "cli", at("2026-11-24 10:00")),
        ("update", "G", "nina.lowe", at("2026-11-25 14:00")),
    ]
    assert [(g.period, g.rag, g.kind, g.by_id, g.entry_point) for g in given] == [
        ("2026-11", "A", "imported", "cli", "cli"),
        ("2026-11", "G", "update", "nina.lowe", "slack"),
    ]
    assert current == "G"
    with bot.unit_of_work("test") as ctx:
        [row, *_] = board_report(ctx, get_plan(ctx, PLAN)).rows
    assert row.ratings == {"2026-11": "G"}


def test_every_current_rating_is_the_latest_one_in_the_history(
    bot: Mashbot, tmp_path: Path
) -> None:
    import_small_plan(bot, tmp_path)
    nina, sam = person(bot, "nina.lowe"), person(bot, "sam.ito")
    with bot.unit_of_work("test") as ctx:
        updates.record_update(ctx, nina, action_id(bot, "1.1"), {"rag": "R", "progress": "x"})
    with bot.unit_of_work("test") as ctx:
        updates.record_no_change(ctx, sam, action_id(bot, "1.2"))
    bot.clock.set(at("2026-12-24 10:00"))
    with bot.unit_of_work("test") as ctx:
        updates.record_update(ctx, nina, action_id(bot, "1.1"), {"rag": "A", "progress": "y"})
    with bot.sessions() as session:
        for rag in session.scalars(select(ActionRag)):
            latest = [g for g in ratings_given(session, rag.action_id) if g.period == rag.period]
            assert latest, f"rating {rag.rating} of {rag.period} has no history"
            assert (latest[-1].rag, latest[-1].by_id, latest[-1].at) == (
                rag.rating,
                rag.recorded_by,
                rag.recorded_at,
            )


def test_only_updates_and_no_change_answer_for_a_period(bot: Mashbot, tmp_path: Path) -> None:
    import_small_plan(bot, tmp_path)
    ids = [action_id(bot, n) for n in ("1.1", "1.2", "1.3")]
    with bot.sessions() as session:
        assert answered_periods(session, ids) == set(), "an imported rating is not an answer"
    with bot.unit_of_work("test") as ctx:
        updates.record_no_change(ctx, person(bot, "sam.ito"), ids[1])
    with bot.sessions() as session:
        assert answered_periods(session, ids) == {(ids[1], "2026-11")}
        assert answered_periods(session, []) == set()


LONG_NAME = "north-riverton-cse-and-missing-plan-2026"  # 40 characters


def test_a_plan_name_longer_than_the_limit_is_refused_plainly(bot: Mashbot, tmp_path: Path) -> None:
    assert len(LONG_NAME) == PLAN_NAME_MAX
    for bad in (LONG_NAME + "x", "cse 2026", "cse:2026", "", "-cse"):
        with pytest.raises(ImportRejected) as rejected:
            import_small_plan(bot, tmp_path, name=bad)
        assert [str(p) for p in rejected.value.problems] == [
            f"the plan name must be one word of at most {PLAN_NAME_MAX} letters, digits, dots, "
            "hyphens or underscores (no spaces or colons), e.g. cse-2026"
        ]


def test_the_longest_names_fit_the_audit_on_every_database(bot: Mashbot, tmp_path: Path) -> None:
    subject = AuditEvent.__table__.c.subject.type.length
    assert len("plan:") + PLAN_NAME_MAX <= subject
    assert PLAN_NAME_MAX + len(":") + ACTION_NUMBER_MAX <= subject
    number = "1.2345.6789.abc"
    assert len(number) == ACTION_NUMBER_MAX
    body = (
        "Number,Action,Lead,Due date,Progress,Nov 2026\n"
        f"{number},Brief every school,Nina Lowe,,,A\n"
    )
    plan = tmp_path / "plan.csv"
    plan.write_text(body, encoding="utf-8")
    import_file(bot, plan, plan_settings(LONG_NAME))
    with bot.unit_of_work("test") as ctx:
        done = updates.record_update(
            ctx, person(bot, "nina.lowe"), action_id(bot, number), {"rag": "G", "progress": "x"}
        )
    assert done.ref == f"{LONG_NAME}:{number}"
    with bot.sessions() as session:
        subjects = set(session.scalars(select(AuditEvent.subject)))
    assert {f"plan:{LONG_NAME}", f"{LONG_NAME}:{number}"} <= subjects


def test_an_action_number_too_long_is_refused_with_its_row(bot: Mashbot, tmp_path: Path) -> None:
    number = "1.2345.6789.abcd"  # 16 characters, otherwise a fine number
    body = (
        "Number,Action,Lead,Due date,Progress,Nov 2026\n"
        "1.1,Brief every school,Nina Lowe,,,A\n"
        f"{number},Brief every taxi driver,Sam Ito,,,G\n"
    )
    plan = tmp_path / "plan.csv"
    plan.write_text(body, encoding="utf-8")
    with pytest.raises(ImportRejected) as rejected:
        import_file(bot, plan, plan_settings())
    assert [str(p) for p in rejected.value.problems] == [
        f"row 3: action number '{number}' is longer than {ACTION_NUMBER_MAX} characters"
    ]


def test_a_date_that_has_passed_is_judged_by_the_partnership_clock(
    bot: Mashbot, tmp_path: Path
) -> None:
    import_small_plan(bot, tmp_path)
    bot.clock.set(at("2027-04-30 23:30"))  # 00:30 on 1 May in London (summer time)
    answers = {
        "rag": "A",
        "progress": "Venue booked.",
        "new_due_date": "30/04/2027",
        "due_reason": "The venue moved.",
    }
    with pytest.raises(InvalidInput) as invalid, bot.unit_of_work("test") as ctx:
        updates.record_update(ctx, person(bot, "nina.lowe"), action_id(bot, "1.1"), answers)
    from workflows.forms import Code, FieldProblem

    assert invalid.value.errors == {
        "new_due_date": FieldProblem(Code.PAST_DATE)
    }  # worded in messages


def test_the_offered_form_says_overdue_by_the_partnership_clock(
    bot: Mashbot, tmp_path: Path
) -> None:
    import_small_plan(bot, tmp_path)  # 1.1 is due 31 March 2027
    sweep_at(bot, at("2026-12-04 09:00"))
    bot.clock.set(at("2027-03-31 23:30"))  # 00:30 on 1 April in London
    with bot.unit_of_work("test") as ctx:
        reply = offer.offer_form(ctx, person(bot, "nina.lowe"), "done it", "m1")
    assert reply is not None
    [facts] = reply.facts["actions"]
    assert (facts["number"], facts["overdue"]) == ("1.1", True)


def test_the_forms_facts_are_for_the_lead_only(bot: Mashbot, tmp_path: Path) -> None:
    import_small_plan(bot, tmp_path, snooze_days=3)
    one_one = action_id(bot, "1.1")
    with pytest.raises(AccessDenied), bot.unit_of_work("test") as ctx:
        updates.facts_to_answer(ctx, person(bot, "sam.ito"), one_one, "2026-12", "chase-3")
    with bot.sessions() as session:
        refused = session.scalars(
            select(AuditEvent.actor_id).where(AuditEvent.action == "action_update_refused")
        ).all()
    assert refused == ["sam.ito"]
    bot.clock.set(at("2027-03-31 23:30"))
    with bot.unit_of_work("test") as ctx:
        facts = updates.facts_to_answer(ctx, person(bot, "nina.lowe"), one_one)
    assert facts["ref"] == f"{PLAN}:1.1"
    assert (facts["rag"], facts["overdue"], facts["snooze_days"]) == ("A", True, 3)
    assert facts["value"] == f"{one_one}|2027-03|prompt"  # April's prompt is still to come
