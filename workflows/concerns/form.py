"""The guided concern form's structure and rules: its steps, fields and checks, without words.

Slack modals, Teams dialogs and the console draw the same steps from here through the form
driver; `messages.forms.concern` words every question, hint and problem.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from workflows import children
from workflows.forms import (
    Field,
    FieldKind,
    FieldProblem,
    Form,
    Option,
    Step,
    check_step,
    parse_date,  # noqa: F401 - re-exported: the concern's dates are read with it
    present,
)
from workflows.partnership import Partnership

FORM_ID = "concern"
DANGER, DANGER_ADVICE, CHILD, INDICATORS, SHARING, REVIEW = (
    "danger",
    "danger_advice",
    "child",
    "indicators",
    "sharing",
    "review",
)

GENDERS = tuple(Option(code) for code in children.GENDERS)
FAMILY_AWARE = tuple(Option(v) for v in ("yes", "no", "no_risk"))
CONSENT = tuple(Option(v) for v in ("given", "refused", "not_sought"))
YES_NO = (Option("yes"), Option("no"))
INDICATOR_FIELD_PREFIX = "indicators_"


def danger_facts(partnership: Partnership) -> dict[str, Any]:
    """Whom to call first, in order: the emergency number, then each area's MASH line."""
    return {
        "emergency_number": partnership.emergency_number,
        "areas": [
            {
                "id": a.id,
                "name": a.name,
                "mash_phone": a.mash_phone,
                "out_of_hours": a.out_of_hours_phone,
            }
            for a in partnership.areas
        ],
    }


def steps(
    partnership: Partnership, answers: dict[str, Any], agency_id: str | None = None
) -> list[Step]:
    """The steps this reporter will see, in order; danger advice only if danger was answered yes.

    A reporter whose agency the partnership file knows (`agency_id`) is not asked for it."""
    first = {"emergency_number": partnership.emergency_number}  # said before any question
    result = [
        Step(DANGER, (Field("immediate_danger", FieldKind.YES_NO, options=YES_NO),), facts=first)
    ]
    if answers.get("immediate_danger") == "yes":
        result.append(Step(DANGER_ADVICE, facts=danger_facts(partnership)))
    result += [
        Step(CHILD, _child_fields(partnership)),
        Step(INDICATORS, _indicator_fields(partnership), {"labels": group_names(partnership)}),
        Step(SHARING, _sharing_fields(partnership, agency_id)),
        Step(REVIEW),
    ]
    return result


def form(partnership: Partnership, answers: dict[str, Any], agency_id: str | None = None) -> Form:
    return Form(FORM_ID, tuple(steps(partnership, answers, agency_id)))


def _child_fields(partnership: Partnership) -> tuple[Field, ...]:
    return (
        Field("child_name", FieldKind.TEXT, max_length=200),
        Field("child_dob", FieldKind.DATE, required=False),
        Field("child_age", FieldKind.NUMBER, required=False, lowest=0, highest=25),
        Field("child_gender", FieldKind.SELECT, options=GENDERS),
        Field(
            "area", FieldKind.SELECT, options=tuple(Option(a.id, a.name) for a in partnership.areas)
        ),
        Field("school_or_setting", FieldKind.TEXT, required=False, max_length=200),
        Field("what_happened", FieldKind.MULTILINE),
        Field("when_happened", FieldKind.TEXT, max_length=200),
        Field("where_happened", FieldKind.TEXT, max_length=200),
        Field("others_involved", FieldKind.MULTILINE, required=False),
    )


def _indicator_fields(partnership: Partnership) -> tuple[Field, ...]:
    groups = tuple(
        Field(
            f"{INDICATOR_FIELD_PREFIX}{n}",
            FieldKind.CHECKBOXES,
            required=False,
            options=tuple(Option(i.id, i.label) for i in group.indicators),
        )
        for n, group in enumerate(partnership.screening.groups)
    )
    return groups + (
        Field("other_indicator", FieldKind.MULTILINE, required=False, max_length=1000),
    )


def group_names(partnership: Partnership) -> dict[str, str]:
    """Each indicator group's field id and its name from the partnership file (data, not words)."""
    return {
        f"{INDICATOR_FIELD_PREFIX}{n}": group.name
        for n, group in enumerate(partnership.screening.groups)
    }


def known_agency(partnership: Partnership, agency_id: str | None) -> str | None:
    """The reporter's agency if the partnership file names one it has, else None (ask them)."""
    return agency_id if agency_id in {a.id for a in partnership.agencies} else None


def _sharing_fields(partnership: Partnership, agency_id: str | None) -> tuple[Field, ...]:
    asked = (
        ()
        if known_agency(partnership, agency_id)
        else (
            Field(
                "reporter_agency",
                FieldKind.SELECT,
                options=tuple(Option(a.id, a.name) for a in partnership.agencies),
            ),
        )
    )
    return (
        Field("family_aware", FieldKind.SELECT, options=FAMILY_AWARE),
        Field("consent", FieldKind.SELECT, options=CONSENT),
        Field("sharing_reason", FieldKind.MULTILINE, required=False, max_length=1000),
        *asked,
        Field("reporter_role", FieldKind.TEXT, max_length=200),
        Field("spoke_to_lead", FieldKind.YES_NO, options=YES_NO),
    )


def find_step(
    partnership: Partnership, answers: dict[str, Any], step_id: str, agency_id: str | None = None
) -> Step:
    return form(partnership, answers, agency_id).step(step_id)


def next_step_id(partnership: Partnership, answers: dict[str, Any], step_id: str) -> str | None:
    ids = [s.id for s in steps(partnership, answers)]
    position = ids.index(step_id)
    return ids[position + 1] if position + 1 < len(ids) else None


def rules(step: Step, answers: dict[str, Any]) -> dict[str, FieldProblem]:
    """The concern's own checks across fields, after each field's own."""
    problems: dict[str, FieldProblem] = {}
    if step.id == CHILD and not present(answers.get("child_dob")):
        if not present(answers.get("child_age")):
            problems["child_age"] = FieldProblem.rule("dob_or_age")
    if step.id == INDICATORS:
        if not indicators_ticked(answers) and not present(answers.get("other_indicator")):
            problems["other_indicator"] = FieldProblem.rule("a_sign")
    if step.id == SHARING and answers.get("consent") in ("refused", "not_sought"):
        if not present(answers.get("sharing_reason")):
            problems["sharing_reason"] = FieldProblem.rule("why_without_consent")
    return problems


def validate_step(step: Step, answers: dict[str, Any], today: date) -> dict[str, FieldProblem]:
    """Problems by field id (each field's, then the concern's rules); empty: it may move on."""
    problems = check_step(step, answers, today)
    for key, problem in rules(step, answers).items():
        problems.setdefault(key, problem)
    return problems


def indicators_ticked(answers: dict[str, Any]) -> list[str]:
    ticked: list[str] = []
    for key, value in answers.items():
        if key.startswith(INDICATOR_FIELD_PREFIX) and isinstance(value, list):
            ticked.extend(str(v) for v in value)
    return ticked
