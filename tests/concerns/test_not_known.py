""" "Not known" is an answer for the child's name, when and where: stored as such, described,
and read right wherever the record is shown (details, agency requests, MASE, subject access)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import select

from messages import slack_render, teams_render, text_render
from messages.i18n import use_locale
from messages.screens.concern import details_screen
from messages.triage_text import search_line
from storage.models import Concern, InformationRequest
from tests.data_protection.support import DEE
from tests.screen_samples import PARTNERSHIP, concern_step
from tests.support import actor, report_concern
from tests.triage.support import AMIRA, claimed_referral, step
from workflows.concerns import details, form
from workflows.data_protection import sar
from workflows.forms import FieldProblem, FormView
from workflows.triage import requests

DESCRIBED = "White girl about 13, long red hair, green school blazer"
NOT_KNOWN_ANSWERS: dict[str, Any] = {
    "child_name": "",
    "child_name_not_known": ["not_known"],
    "child_description": DESCRIBED,
    "when_happened": "",
    "when_not_known": ["not_known"],
    "where_happened": "",
    "where_not_known": ["not_known"],
}


def child_step(answers: dict[str, Any]) -> dict[str, FieldProblem]:
    step = form.find_step(PARTNERSHIP, answers, form.CHILD)
    return form.validate_step(step, answers, form.parse_date("24/11/2026"))


def test_a_blank_name_when_or_where_is_not_an_answer_but_not_known_is() -> None:
    base = {"child_age": "13", "child_gender": "female", "area": "city", "what_happened": "x"}
    assert set(child_step(base)) == {"child_name", "when_happened", "where_happened"}
    assert child_step({**base, **NOT_KNOWN_ANSWERS}) == {}
    no_description = {**base, **NOT_KNOWN_ANSWERS, "child_description": " "}
    assert set(child_step(no_description)) == {"child_description"}
    typed = {**base, **NOT_KNOWN_ANSWERS, "child_name": "Not known", "child_name_not_known": []}
    assert set(child_step({**typed, "child_description": ""})) == {"child_description"}


def test_a_typed_answer_wins_over_a_ticked_box() -> None:
    answers = {**NOT_KNOWN_ANSWERS, "when_happened": "Friday", "child_name": "Jade Example"}
    assert form.answer_or_not_known(answers, "when_happened") == "Friday"
    assert form.answer_or_not_known(answers, "child_name") == "Jade Example"
    assert form.answer_or_not_known(NOT_KNOWN_ANSWERS, "where_happened") == "not known"


def test_not_known_is_stored_explicitly_and_never_matched_as_a_name(bot) -> None:
    first = report_concern(bot, **NOT_KNOWN_ANSWERS)
    second = report_concern(bot, **NOT_KNOWN_ANSWERS)
    with bot.sessions() as session:
        rows = session.scalars(select(Concern).order_by(Concern.id)).all()
    for row in rows:
        assert (row.child_name, row.when_happened, row.where_happened) == ("not known",) * 3
        assert row.child_description == DESCRIBED and row.child_match is None
    found = step(bot, DEE, sar.export, first)  # only that concern: no name to match others by
    assert found.references == [first] and second != first
    assert found.cases[0]["concern"]["child_description"] == DESCRIBED


@pytest.mark.parametrize("who", ["amira.okafor@example.org", "ben.carter@example.org"])
def test_the_details_name_the_child_by_the_description(bot, who: str) -> None:
    reference = report_concern(bot, **NOT_KNOWN_ANSWERS)
    with bot.unit_of_work("test") as ctx:
        facts = details.view(ctx, actor(bot, who), reference)
    screen = details_screen(facts)
    lines = text_render.lines(screen)
    assert f"  Child: Name not known — described as: {DESCRIBED}" in lines
    assert "  When: Not known" in lines and "  Where: Not known" in lines
    for rendered in (slack_render.modal(screen), teams_render.card(screen)):
        shown = json.dumps(rendered, ensure_ascii=False)
        assert "Name not known — described as" in shown and '"not known"' not in shown


def test_an_agency_is_asked_about_a_described_child(bot) -> None:
    reference = claimed_referral(bot, **NOT_KNOWN_ANSWERS)
    step(bot, AMIRA, requests.send, reference, ["health"])
    with bot.sessions() as session:
        shared = session.scalar(select(InformationRequest.search_details))
    said = [search_line(*pair) for pair in shared["pairs"]]
    assert f"Name not known — described as: {DESCRIBED}" in said
    with use_locale("cy"):  # shared as what was recorded, worded for the reader
        said = [search_line(*pair) for pair in shared["pairs"]]
    assert f"Enw ddim yn hysbys — disgrifiad: {DESCRIBED}" in said


def test_the_review_says_not_known_on_the_questions_line() -> None:
    answers = {"immediate_danger": "no", **NOT_KNOWN_ANSWERS}
    concern = form.form(PARTNERSHIP, answers)
    view = FormView(concern, "d", concern.step(form.REVIEW), answers)
    from messages.forms.concern import review_lines

    lines = review_lines(view)
    assert "Child's name: Not known" in lines and "When: Not known" in lines
    assert f"Describe the child: {DESCRIBED}" in lines
    assert not any(line.startswith("If you do not know") for line in lines)
    assert concern_step(form.CHILD, answers).inputs()  # the step still draws


def test_storage_and_workflows_mean_the_same_not_known() -> None:
    from storage.models import concerns as stored
    from workflows import children

    assert stored.NOT_KNOWN == children.NOT_KNOWN == "not known"
