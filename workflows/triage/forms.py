"""The MASH triage forms' structure: a request to agencies, an agency's answer, the risk
assessment and the decision. Their words are in `messages.forms.triage`; the workflows
(`requests`, `answers`, `assessment`, `decisions`) check the answers and say what is wrong.
"""

from __future__ import annotations

from workflows.forms import Field, FieldKind, Form, Option, Step
from workflows.partnership import Partnership
from workflows.triage_settings import OutcomeId

REQUEST_FORM_ID, ANSWER_FORM_ID, ASSESS_FORM_ID, DECIDE_FORM_ID = (
    "triage_request",
    "triage_answer",
    "triage_assess",
    "triage_decide",
)
ANSWER_KINDS = tuple(Option(v) for v in ("held", "nothing_known", "confidential"))


def request_form(partnership: Partnership, shareable: list[str]) -> Form:
    """Which agencies to ask, what to ask, and the least detail they need to search."""
    agencies = tuple(Option(a.id, a.name) for a in partnership.agencies)
    share = tuple(Option(key) for key in shareable)  # messages/ words each detail
    return Form(
        REQUEST_FORM_ID,
        (
            Step(
                "request",
                (
                    Field("agencies", FieldKind.CHECKBOXES, options=agencies),
                    Field("question", FieldKind.MULTILINE),
                    Field("share", FieldKind.CHECKBOXES, options=share),
                ),
            ),
        ),
    )


ANSWER_FORM = Form(
    ANSWER_FORM_ID,
    (
        Step(
            "answer",
            (
                Field("kind", FieldKind.SELECT, options=ANSWER_KINDS),
                # Required when shown: a platform that cannot hide a field leaves it optional
                # and the workflow asks for it (the hint says when it is needed).
                Field("text", FieldKind.MULTILINE, shown_when=("kind", ("held",))),
                Field("held_by", FieldKind.TEXT, shown_when=("kind", ("confidential",))),
            ),
        ),
    ),
)


def assess_form(partnership: Partnership) -> Form:
    levels = tuple(Option(level.id, level.label) for level in partnership.triage.risk_levels)
    return Form(
        ASSESS_FORM_ID,
        (
            Step(
                "assess",
                (
                    Field("level", FieldKind.SELECT, options=levels),
                    Field("rationale", FieldKind.MULTILINE, required=False),
                ),
            ),
        ),
    )


def decide_form(partnership: Partnership, decided_before: bool) -> Form:
    """The decision; correcting an earlier one asks why."""
    triage = partnership.triage
    outcomes = tuple(Option(o.value, triage.outcome_label(o)) for o in OutcomeId)
    teams = tuple(Option(t.id, t.label) for t in triage.crime_teams)
    fields = [
        Field("outcomes", FieldKind.CHECKBOXES, options=outcomes),
        Field(
            "crime_team",
            FieldKind.SELECT,
            options=teams,
            shown_when=("outcomes", (OutcomeId.CRIME_INVESTIGATION.value,)),
        ),
        Field("rationale", FieldKind.MULTILINE),
    ]
    if decided_before:
        fields.append(Field("correction_reason", FieldKind.MULTILINE))
    return Form(DECIDE_FORM_ID, (Step("decide", tuple(fields)),))
