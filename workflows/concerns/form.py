"""The guided concern form's structure and rules: its steps, fields and checks, without words.

Slack modals, Teams dialogs and the console draw the same steps from here through the form
driver; `messages.forms.concern` words every question, hint and problem.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from workflows import children
from workflows.children import NOT_KNOWN
from workflows.forms import (
    BLANK,
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
NOT_KNOWN_CODE = "not_known"  # the value of a ticked "Not known" box


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
    danger = answers.get("immediate_danger") == "yes"
    asked = known_agency(partnership, agency_id) is None
    made = _made
    if made[0] is not partnership:
        made = _made_for(partnership)
    found = made[1].get((danger, asked))
    if found is None:
        found = made[1][danger, asked] = _steps(partnership, danger, agency_id)
    return list(found)


def _steps(partnership: Partnership, danger: bool, agency_id: str | None) -> tuple[Step, ...]:
    first = {"emergency_number": partnership.emergency_number}  # said before any question
    result = [
        Step(DANGER, (Field("immediate_danger", FieldKind.YES_NO, options=YES_NO),), facts=first)
    ]
    if danger:
        result.append(Step(DANGER_ADVICE, facts=danger_facts(partnership)))
    result += [
        Step(CHILD, _child_fields(partnership)),
        Step(INDICATORS, _indicator_fields(partnership), {"labels": group_names(partnership)}),
        Step(SHARING, _sharing_fields(partnership, agency_id)),
        Step(REVIEW),
    ]
    return tuple(result)


# The steps made for one partnership, by (danger answered yes, agency asked): they follow from
# the partnership file and those two answers alone, and making them (some forty fields) was a
# good part of a form step's CPU. At most four; made again when the partnership is another
# (a reloaded file). Shared by every caller: a step and its facts are read, never changed.
_made: tuple[Partnership | None, dict[tuple[bool, bool], tuple[Step, ...]]] = (None, {})


def _made_for(partnership: Partnership) -> tuple[Partnership, dict]:
    global _made  # noqa: PLW0603 - one assignment of a whole pair: a reader sees the old or the new
    _made = (partnership, {})
    return _made


def form(partnership: Partnership, answers: dict[str, Any], agency_id: str | None = None) -> Form:
    return Form(FORM_ID, tuple(steps(partnership, answers, agency_id)))


# Answers a reporter may not know: each has a "Not known" box, asked while it is blank.
NOT_KNOWN_BOXES = {
    "child_name": "child_name_not_known",
    "when_happened": "when_not_known",
    "where_happened": "where_not_known",
}


def _not_known(field_id: str) -> Field:
    """The box ticked for "Not known"; its text field is then not required."""
    return Field(
        NOT_KNOWN_BOXES[field_id],
        FieldKind.CHECKBOXES,
        required=False,
        options=(Option(NOT_KNOWN_CODE),),
        shown_when=(field_id, (BLANK,)),
    )


def _child_fields(partnership: Partnership) -> tuple[Field, ...]:
    # Name, when and where are required by `rules` (a name, or "Not known"), not by the field:
    # a modal must let the reporter leave them blank and tick the box instead.
    return (
        Field("child_name", FieldKind.TEXT, required=False, max_length=200),
        _not_known("child_name"),
        Field(
            "child_description",
            FieldKind.MULTILINE,
            required=False,
            max_length=1000,
            shown_when=("child_name_not_known", (NOT_KNOWN_CODE,)),
        ),
        Field("child_dob", FieldKind.DATE, required=False),
        Field("child_age", FieldKind.NUMBER, required=False, lowest=0, highest=25),
        Field("child_gender", FieldKind.SELECT, options=GENDERS),
        Field(
            "area", FieldKind.SELECT, options=tuple(Option(a.id, a.name) for a in partnership.areas)
        ),
        Field("school_or_setting", FieldKind.TEXT, required=False, max_length=200),
        Field("what_happened", FieldKind.MULTILINE),
        Field("when_happened", FieldKind.TEXT, required=False, max_length=200),
        _not_known("when_happened"),
        Field("where_happened", FieldKind.TEXT, required=False, max_length=200),
        _not_known("where_happened"),
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
    if step.id == CHILD:
        for field_id in NOT_KNOWN_BOXES:
            if not present(answers.get(field_id)) and not said_not_known(answers, field_id):
                problems[field_id] = FieldProblem.rule(f"{field_id}_or_not_known")
        if name_not_known(answers) and not present(answers.get("child_description")):
            problems["child_description"] = FieldProblem.rule("describe_the_child")
        if not present(answers.get("child_dob")) and not present(answers.get("child_age")):
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


def said_not_known(answers: dict[str, Any], field_id: str) -> bool:
    """True when the reporter ticked "Not known" for `field_id` (and left it blank)."""
    ticked = answers.get(NOT_KNOWN_BOXES[field_id]) or []
    return not present(answers.get(field_id)) and NOT_KNOWN_CODE in ticked


def name_not_known(answers: dict[str, Any]) -> bool:
    """The child's name is not known: ticked, or typed as "not known"."""
    typed = str(answers.get("child_name") or "").strip().casefold()
    return said_not_known(answers, "child_name") or typed == NOT_KNOWN


def answer_or_not_known(answers: dict[str, Any], field_id: str) -> str:
    """What to store for name, when or where: the answer typed, or NOT_KNOWN said explicitly."""
    if field_id == "child_name" and name_not_known(answers):
        return NOT_KNOWN
    typed = str(answers.get(field_id) or "").strip()
    return typed or NOT_KNOWN
