"""A form's carried answers: sealed for one person, form and key; written whole, and never over a
later keep, a sent concern, a discarded draft or someone else's draft."""

from __future__ import annotations

from sqlalchemy import select

from storage.models import ConcernDraft
from tests.support import ANSWERS, actor, report_concern
from workflows import form_carry
from workflows.concerns import drafts, form
from workflows.forms import Carried, Keep

BEN, NINA = "ben.carter@example.org", "nina.lowe@example.org"


def keep(bot, email: str, key: str, answers: dict, revision: int, step: str = form.CHILD) -> None:  # noqa: ANN001
    who = actor(bot, email)
    with bot.unit_of_work("test") as ctx:
        drafts.keep_whole(ctx, [Keep(who.person_id, key, Carried(answers, step, revision))])


def stored(bot, key: str) -> ConcernDraft | None:  # noqa: ANN001
    with bot.sessions() as session:
        return session.scalar(select(ConcernDraft).where(ConcernDraft.id == key))


def test_carried_answers_open_only_for_the_person_form_and_key_they_were_sealed_for(bot) -> None:
    ben, nina = actor(bot, BEN), actor(bot, NINA)
    carried = Carried({"child_name": "Ava Invented"}, form.CHILD, 3)
    with bot.unit_of_work("test") as ctx:
        sealed = form_carry.seal(ctx, ben, form.FORM_ID, "k1", carried)
        assert "Ava" not in sealed
        assert form_carry.unseal(ctx, ben, form.FORM_ID, "k1", sealed) == carried
        assert form_carry.unseal(ctx, nina, form.FORM_ID, "k1", sealed) is None
        assert form_carry.unseal(ctx, ben, form.FORM_ID, "k2", sealed) is None
        assert form_carry.unseal(ctx, ben, "another_form", "k1", sealed) is None
        assert form_carry.unseal(ctx, ben, form.FORM_ID, "k1", sealed[:-4] + "abcd") is None
        assert form_carry.unseal(ctx, ben, form.FORM_ID, "k1", "not sealed at all") is None


def test_a_whole_keep_makes_the_draft_then_replaces_it_only_from_a_later_step(bot) -> None:
    keep(bot, BEN, "k1", ANSWERS[form.DANGER], 1)
    draft = stored(bot, "k1")
    assert draft.reporter_id == "ben.teacher" and draft.answers == ANSWERS[form.DANGER]
    both = {**ANSWERS[form.DANGER], **ANSWERS[form.CHILD]}
    keep(bot, BEN, "k1", both, 2, form.INDICATORS)
    keep(bot, BEN, "k1", ANSWERS[form.DANGER], 1)  # late: changes nothing
    draft = stored(bot, "k1")
    assert (draft.answers, draft.step, draft.revision) == (both, form.INDICATORS, 2)
    keep(bot, BEN, "k1", {**both, "family_aware": "no"}, 2, form.INDICATORS)  # the same modal
    assert stored(bot, "k1").answers["family_aware"] == "no"


def test_one_batch_writes_each_draft_once_as_its_latest_keep(bot) -> None:
    ben = actor(bot, BEN)
    keeps = [
        Keep(ben.person_id, "k1", Carried({"immediate_danger": "no"}, form.CHILD, 1)),
        Keep(ben.person_id, "k2", Carried({"immediate_danger": "yes"}, form.CHILD, 1)),
        Keep(ben.person_id, "k1", Carried(ANSWERS[form.CHILD], form.INDICATORS, 2)),
    ]
    with bot.unit_of_work("test") as ctx:
        drafts.keep_whole(ctx, keeps)
    assert stored(bot, "k1").answers == ANSWERS[form.CHILD] and stored(bot, "k1").revision == 2
    assert stored(bot, "k2").answers == {"immediate_danger": "yes"}


def test_a_whole_keep_never_touches_someone_elses_draft(bot) -> None:
    keep(bot, BEN, "k1", ANSWERS[form.CHILD], 1)
    keep(bot, NINA, "k1", {"child_name": "Someone Else"}, 5)
    draft = stored(bot, "k1")
    assert draft.reporter_id == "ben.teacher" and draft.answers == ANSWERS[form.CHILD]


def test_a_whole_keep_never_touches_a_sent_or_discarded_draft(bot) -> None:
    reference = report_concern(bot, BEN)
    with bot.sessions() as session:
        sent = session.scalar(
            select(ConcernDraft).where(ConcernDraft.submitted_reference == reference)
        )
        sent_id, sent_answers = sent.id, dict(sent.answers)
    keep(bot, BEN, sent_id, {"child_name": "Changed After Sending"}, 99)
    assert stored(bot, sent_id).answers == sent_answers

    keep(bot, BEN, "k2", ANSWERS[form.CHILD], 1)
    with bot.unit_of_work("test") as ctx:
        drafts.discard(ctx, actor(bot, BEN), "k2")
    keep(bot, BEN, "k2", {"child_name": "Back From The Bin"}, 2)
    draft = stored(bot, "k2")
    assert draft.discarded_at is not None and draft.answers == ANSWERS[form.CHILD]
