"""A concern form carries its answers, sealed: each step is answered first and kept just after,
and nothing typed rests on that later write (workflows/form_carry.py, bot/keeping.py)."""

from __future__ import annotations

import base64
import json
import os

import pytest
from sqlalchemy import select

from storage.models import Concern, ConcernDraft
from tests.slack.scenarios import audit_actions, concerns, texts
from tests.support import ANSWERS, INVENTED_CHILD, INVENTED_NARRATIVE, StoppedBeforeWriting
from workflows.concerns import drafts, form


@pytest.fixture
def stops(bot) -> StoppedBeforeWriting:  # noqa: ANN001
    """The bot's steps answered, then never written: as if each process died at once."""
    bot.later = StoppedBeforeWriting()
    return bot.later


def the_draft(bot) -> ConcernDraft | None:  # noqa: ANN001
    with bot.sessions() as session:
        return session.scalar(select(ConcernDraft))


def meta(modal: dict) -> dict:
    return json.loads(modal["private_metadata"])


def test_a_step_is_answered_first_and_its_draft_written_just_after(bot, person) -> None:
    ben = person("U0BEN")
    ben.start_concern()
    assert "carry" in meta(ben.modal)  # sealed: nothing of it is readable
    ben.submit(ANSWERS[form.DANGER])
    ben.submit(ANSWERS[form.CHILD])
    assert "Tick every sign" in texts(ben.modal)
    bot.later.wait()
    draft = the_draft(bot)
    assert draft is not None and draft.reporter_id == "ben.teacher"
    assert (draft.step, draft.revision) == (form.INDICATORS, 2)
    assert draft.answers == {**ANSWERS[form.DANGER], **ANSWERS[form.CHILD]}
    assert INVENTED_CHILD not in ben.modal["private_metadata"]


def test_nothing_typed_is_lost_when_the_process_stops_before_writing(bot, person, stops) -> None:
    ben = person("U0BEN")
    ben.start_concern()
    for step in (form.DANGER, form.CHILD, form.INDICATORS):
        ben.submit(ANSWERS[step])
        assert not ben.errors
    assert the_draft(bot) is None and [k.carried.revision for k in stops.dropped] == [1, 2, 3]
    ben.close({"family_aware": "yes"})  # closing the form writes what it carries

    draft = the_draft(bot)
    assert draft is not None and draft.step == form.SHARING and draft.revision == 4
    assert draft.answers == {
        **ANSWERS[form.DANGER],
        **ANSWERS[form.CHILD],
        **ANSWERS[form.INDICATORS],
        "family_aware": "yes",
    }


def test_the_last_step_sends_every_answer_the_form_carried(bot, person, stops) -> None:
    ben = person("U0BEN")
    ben.start_concern()
    for step in (form.DANGER, form.CHILD, form.INDICATORS, form.SHARING):
        ben.submit(ANSWERS[step])
    assert the_draft(bot) is None  # no step was written before the last
    ben.submit()
    [concern] = concerns(bot)
    assert concern.reference in texts(ben.modal)
    assert (concern.child_name, concern.area_id) == (INVENTED_CHILD, "city")
    assert concern.what_happened == INVENTED_NARRATIVE


def test_back_shows_what_the_form_carried(bot, person, stops) -> None:
    ben = person("U0BEN")
    ben.start_concern()
    ben.submit(ANSWERS[form.DANGER])
    ben.submit(ANSWERS[form.CHILD])
    shown = ben.press_back({"indicators_0": ["missing"]}).args["view"]
    assert INVENTED_NARRATIVE in json.dumps(shown)  # the child step, filled in as typed
    draft = the_draft(bot)
    assert draft is not None and draft.step == form.CHILD
    assert draft.answers["indicators_0"] == ["missing"]
    assert draft.answers["child_name"] == INVENTED_CHILD


def test_a_late_write_never_replaces_a_later_one(bot, person, stops) -> None:
    ben = person("U0BEN")
    ben.start_concern()
    ben.submit(ANSWERS[form.DANGER])
    ben.submit(ANSWERS[form.CHILD])
    ben.close({"indicators_0": ["missing"]})
    with bot.unit_of_work("test") as ctx:  # the stopped process's writes, arriving at last
        drafts.keep_whole(ctx, stops.dropped)
    draft = the_draft(bot)
    assert draft is not None and (draft.step, draft.revision) == (form.INDICATORS, 3)
    assert draft.answers["indicators_0"] == ["missing"]


def test_a_form_carries_only_for_its_own_person(bot, person) -> None:
    ben, nina = person("U0BEN"), person("U0NINA")
    ben.start_concern()
    ben.submit(ANSWERS[form.DANGER])
    ben.submit(ANSWERS[form.CHILD])
    bot.later.wait()
    nina.modal, nina.view_id = ben.modal, ben.view_id  # Ben's modal, sent as Nina's
    reply = nina.submit(ANSWERS[form.INDICATORS])
    assert "That draft belongs to someone else" in texts(nina.modal)
    assert INVENTED_CHILD not in reply.body
    assert ("draft_refused", "nina.lowe") in audit_actions(bot)
    assert the_draft(bot).revision == 2  # Ben's draft as he left it


def test_an_altered_carry_is_not_read_and_the_draft_is(bot, person) -> None:
    ben = person("U0BEN")
    ben.start_concern()
    ben.submit(ANSWERS[form.DANGER])
    ben.submit(ANSWERS[form.CHILD])
    bot.later.wait()
    altered = meta(ben.modal)
    altered["carry"] = altered["carry"][:-6] + (
        "AAAAAA" if altered["carry"][-6:] != "AAAAAA" else "BBBBBB"
    )
    ben.modal = {**ben.modal, "private_metadata": json.dumps(altered)}
    ben.submit(ANSWERS[form.INDICATORS])
    assert not ben.errors and "share" in texts(ben.modal).lower()
    draft = the_draft(bot)  # kept before answering, from the draft, as a modal carrying nothing
    assert draft.step == form.SHARING and draft.answers["child_name"] == INVENTED_CHILD
    assert draft.answers["indicators_0"] == ["missing"]


def test_answers_too_long_to_carry_are_kept_before_the_answer(bot, person, stops) -> None:
    ben = person("U0BEN")
    ben.start_concern()
    ben.submit(ANSWERS[form.DANGER])
    # An account that does not compress, as long as the field allows.
    account = base64.b64encode(os.urandom(2400)).decode()[:3000]
    ben.submit({**ANSWERS[form.CHILD], "what_happened": account})
    assert not ben.errors and "Tick every sign" in texts(ben.modal)
    assert "carry" not in meta(ben.modal) and len(stops.dropped) == 1  # the first step only
    draft = the_draft(bot)
    assert draft is not None and (draft.step, draft.revision) == (form.INDICATORS, 2)
    assert draft.answers["what_happened"] == account and draft.answers["immediate_danger"] == "no"

    ben.submit(ANSWERS[form.INDICATORS])  # a modal carrying nothing: read and kept as before
    ben.submit(ANSWERS[form.SHARING])
    ben.submit()
    [concern] = concerns(bot)
    assert concern.what_happened == account
    with bot.sessions() as session:
        assert session.scalar(select(Concern.reference)) == concern.reference


def test_a_resumed_draft_carries_its_answers_on_from_its_revision(bot, person, stops) -> None:
    ben = person("U0BEN")
    ben.start_concern()
    ben.submit(ANSWERS[form.DANGER])
    ben.close({"child_name": INVENTED_CHILD})  # written now, from what the modal carried
    assert the_draft(bot).revision == 2

    ben.command("/concern", text="resume")
    ben._open_modal(ben.last_trigger)
    assert "carry" in meta(ben.modal) and INVENTED_CHILD in json.dumps(ben.modal["blocks"])
    ben.submit(ANSWERS[form.CHILD])  # answered from the carried answers: not written here
    assert [k.carried.revision for k in stops.dropped] == [1, 3]
    assert the_draft(bot).revision == 2
    ben.close({"indicators_0": ["missing"]})
    draft = the_draft(bot)
    assert (draft.step, draft.revision) == (form.INDICATORS, 4)
    assert draft.answers == {
        **ANSWERS[form.DANGER],
        **ANSWERS[form.CHILD],
        "indicators_0": ["missing"],
    }
