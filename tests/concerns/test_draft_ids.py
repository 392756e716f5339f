"""A form may carry a draft id before the draft exists: the first save makes it, once."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from storage.models import ConcernDraft
from tests.support import actor
from workflows.concerns import drafts
from workflows.errors import AccessDenied


def test_the_first_save_starts_the_draft_under_the_carried_id(bot) -> None:
    ben = actor(bot, "ben.carter@example.org")
    draft_id = drafts.new_id()
    for _ in range(2):  # a repeated save finds the same draft
        with bot.unit_of_work("test") as ctx:
            assert drafts.load_or_start(ctx, ben, draft_id).id == draft_id
    with bot.sessions() as session:
        assert session.scalar(select(func.count()).select_from(ConcernDraft)) == 1


def test_nobody_else_can_save_into_that_id(bot) -> None:
    ben = actor(bot, "ben.carter@example.org")
    nina = actor(bot, "nina.lowe@example.org")
    draft_id = drafts.new_id()
    with bot.unit_of_work("test") as ctx:
        drafts.load_or_start(ctx, ben, draft_id)
    with pytest.raises(AccessDenied), bot.unit_of_work("test") as ctx:
        drafts.load_or_start(ctx, nina, draft_id)
