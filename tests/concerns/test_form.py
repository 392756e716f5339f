"""The form's plain-English validation, without a database."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from bot.partnership_file import load
from bot.settings import EXAMPLE_PARTNERSHIP
from messages.forms import problems_worded
from workflows.concerns import form
from workflows.forms import FormView

TODAY = date(2026, 11, 24)


def worded(partnership, step_id: str, answers: dict) -> dict[str, str]:
    """The step's problems as a person reads them (codes from workflows, words from messages)."""
    concern = form.form(partnership, answers)
    step = concern.step(step_id)
    problems = form.validate_step(step, answers, TODAY)
    return problems_worded(FormView(concern, "draft", step, answers, problems=problems))


@pytest.fixture(scope="module")
def partnership():
    return load(Path(EXAMPLE_PARTNERSHIP))


def test_danger_yes_puts_the_call_for_help_step_first(partnership) -> None:
    ids = [s.id for s in form.steps(partnership, {"immediate_danger": "yes"})]
    assert ids[:2] == [form.DANGER, form.DANGER_ADVICE]
    from messages.forms.concern import danger_advice

    facts = form.find_step(partnership, {"immediate_danger": "yes"}, form.DANGER_ADVICE).facts
    advice = danger_advice(facts)
    assert advice[0].startswith("Call 999 now")
    assert any("0300 555 0101" in line for line in advice)
    assert form.DANGER_ADVICE not in [
        s.id for s in form.steps(partnership, {"immediate_danger": "no"})
    ]


def test_missing_required_fields_are_named(partnership) -> None:
    errors = worded(partnership, form.CHILD, {"child_name": "  "})
    # Name, when and where say what to do, "Not known" included (a blank is not an answer).
    assert errors["child_name"] == (
        "Enter the child's name. If you do not know it, choose 'Not known' and describe the child."
    )
    assert errors["when_happened"] == (
        "Enter when it happened. If you do not know, choose 'Not known'."
    )
    assert errors["where_happened"] == (
        "Enter where it happened. If you do not know, choose 'Not known'."
    )
    assert errors["area"] == "Choose the area where the child lives."  # says what to do
    assert errors["child_age"] == "Give a date of birth or an approximate age."


@pytest.mark.parametrize(
    ("dob", "message"),
    [
        ("31/02/2012", "31 February 2012 does not exist. Give the date as day/month/year."),
        ("01/01/2030", "That date is in the future; check the year."),
        ("01/01/1990", "That date makes them over 25; check the year."),
        ("1/1/12", "Give the date as day/month/year, for example 14/03/2012."),
    ],
)
def test_bad_dates_say_what_is_wrong(partnership, dob: str, message: str) -> None:
    assert worded(partnership, form.CHILD, {"child_dob": dob})["child_dob"] == message


def test_dates_as_people_type_them() -> None:
    assert form.parse_date("14/03/2012") == date(2012, 3, 14)
    assert form.parse_date("14-03-2012") == date(2012, 3, 14)
    assert form.parse_date("2012-03-14") == date(2012, 3, 14)


def test_an_indicator_or_other_text_is_required(partnership) -> None:
    step = form.find_step(partnership, {}, form.INDICATORS)
    assert "other_indicator" in form.validate_step(step, {}, TODAY)
    assert form.validate_step(step, {"other_indicator": "Came home with a new phone"}, TODAY) == {}
    assert form.validate_step(step, {"indicators_0": ["missing"]}, TODAY) == {}
    assert worded(partnership, form.INDICATORS, {"indicators_0": ["nonsense"]}) == {
        "indicators_0": "Please tick only the listed signs."
    }


def test_consent_is_not_a_gate_but_sharing_without_it_needs_a_reason(partnership) -> None:
    step = form.find_step(partnership, {}, form.SHARING)
    base = {
        "family_aware": "no_risk",
        "reporter_agency": "health",
        "reporter_role": "Nurse",
        "spoke_to_lead": "no",
    }
    assert "sharing_reason" in form.validate_step(step, {**base, "consent": "refused"}, TODAY)
    with_reason = {**base, "consent": "refused", "sharing_reason": "Risk of significant harm"}
    assert form.validate_step(step, with_reason, TODAY) == {}
    assert form.validate_step(step, {**base, "consent": "given"}, TODAY) == {}


def test_over_long_text_is_refused_with_the_count(partnership) -> None:
    errors = worded(partnership, form.CHILD, {"when_happened": "x" * 201})
    assert errors["when_happened"] == "Please keep this under 200 characters (it has 201)."


def test_today_is_the_partnerships_date_not_utcs(bot) -> None:
    from datetime import UTC, datetime

    with bot.unit_of_work("test") as ctx:
        ctx.now = datetime(2026, 7, 1, 23, 30, tzinfo=UTC)  # 00:30 on 2 July in London
        assert ctx.today() == date(2026, 7, 2)
