"""A form may carry a draft id before the draft exists: the first save makes it, once."""

from __future__ import annotations

import pytest
from sqlalchemy import event, func, select

from storage.models import ConcernDraft
from tests.support import actor
from workflows import form_driver
from workflows.concerns import drafts
from workflows.concerns.flow import CONCERN
from workflows.errors import AccessDenied


def test_the_first_save_starts_the_draft_under_the_carried_id(bot) -> None:
    ben = actor(bot, "ben.carter@example.org")
    draft_id = drafts.new_id()
    for n in range(2):  # a repeated save finds the same draft
        with bot.unit_of_work("test") as ctx:
            drafts.save(ctx, ben, draft_id, {"immediate_danger": "no", "what": f"try {n}"}, "child")
    with bot.sessions() as session:
        assert session.scalar(select(func.count()).select_from(ConcernDraft)) == 1
    with bot.unit_of_work("test") as ctx:
        draft = drafts.load(ctx, ben, draft_id)
        assert (draft.answers["what"], draft.step) == ("try 1", "child")


def test_nobody_else_can_save_into_that_id(bot) -> None:
    ben = actor(bot, "ben.carter@example.org")
    nina = actor(bot, "nina.lowe@example.org")
    draft_id = drafts.new_id()
    with bot.unit_of_work("test") as ctx:
        drafts.save(ctx, ben, draft_id, {"immediate_danger": "no"}, "child")
    with pytest.raises(AccessDenied), bot.unit_of_work("test") as ctx:
        drafts.save(ctx, nina, draft_id, {"immediate_danger": "yes"}, "child")
    with bot.unit_of_work("test") as ctx:
        assert drafts.load(ctx, ben, draft_id).answers == {"immediate_danger": "no"}


def test_a_first_step_looks_its_new_draft_up_once_and_saves_it(bot) -> None:
    """The answer to a form step is computed before Slack's response: one look-up, one save."""
    ben = actor(bot, "ben.carter@example.org")
    draft_id = drafts.new_id()
    statements: list[str] = []
    event.listen(bot.engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
    with bot.unit_of_work("test") as ctx:
        shown = form_driver.submit(
            CONCERN, ctx, ben, draft_id, "danger", {"immediate_danger": "no"}
        )
    drafts_read = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    assert len([s for s in drafts_read if "concern_drafts" in s]) == 1, drafts_read
    assert shown.step.id != "danger"
    with bot.unit_of_work("test") as ctx:
        assert drafts.load(ctx, ben, draft_id).answers == {"immediate_danger": "no"}


def test_a_later_step_reads_its_draft_once_and_updates_it_once(bot) -> None:
    ben = actor(bot, "ben.carter@example.org")
    draft_id = drafts.new_id()
    with bot.unit_of_work("test") as ctx:
        form_driver.submit(CONCERN, ctx, ben, draft_id, "danger", {"immediate_danger": "no"})
    statements: list[str] = []
    event.listen(bot.engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
    with bot.unit_of_work("test") as ctx:
        shown = form_driver.back(CONCERN, ctx, ben, draft_id, "child", {"child_name": "Ava Test"})
    on_drafts = [s.lstrip().split()[0].upper() for s in statements if "concern_drafts" in s]
    assert on_drafts == ["SELECT", "UPDATE"], on_drafts
    assert shown.step.id == "danger"
    with bot.unit_of_work("test") as ctx:
        draft = drafts.load(ctx, ben, draft_id)
        assert draft.answers == {"immediate_danger": "no", "child_name": "Ava Test"}
        assert draft.step == "danger"


def ben_with_a_draft(bot):  # noqa: ANN001, ANN201
    """Ben, and a draft of his saved after its first step."""
    ben = actor(bot, "ben.carter@example.org")
    draft_id = drafts.new_id()
    with bot.unit_of_work("test") as ctx:
        drafts.save(ctx, ben, draft_id, {"immediate_danger": "no"}, "child")
    return ben, draft_id


def test_a_draft_already_in_hand_is_read_as_the_step_left_it(bot) -> None:
    """A step written by statement never leaves a stale copy in the transaction's session."""
    ben, draft_id = ben_with_a_draft(bot)
    with bot.unit_of_work("test") as ctx:
        held = drafts.load(ctx, ben, draft_id)
        drafts.save(ctx, ben, draft_id, {"immediate_danger": "yes"}, "danger")
        assert drafts.load(ctx, ben, draft_id) is held
        assert (held.answers, held.step) == ({"immediate_danger": "yes"}, "danger")


def test_a_change_to_a_draft_in_hand_is_kept_when_a_step_is_saved(bot) -> None:
    ben, draft_id = ben_with_a_draft(bot)
    with bot.unit_of_work("test") as ctx:
        held = drafts.load(ctx, ben, draft_id)
        held.submitted_reference = "CSE-2026-09999"  # not yet flushed
        drafts.save(ctx, ben, draft_id, {"immediate_danger": "yes"}, "review")
    with bot.unit_of_work("test") as ctx:
        draft = drafts.load(ctx, ben, draft_id)
        assert (draft.submitted_reference, draft.answers) == (
            "CSE-2026-09999",
            {"immediate_danger": "yes"},
        )
