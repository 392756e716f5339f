"""The meetings' forms, described once (fields, options, hints) for every platform's renderer.

Validation lives with the workflow that stores the answers (`series.check`, `minutes.check`), so
a Slack modal, a Teams card and the console prompt show the same questions and the same errors.
"""

from __future__ import annotations

from dataclasses import dataclass

from workflows.forms import FieldKind
from workflows.partnership import Partnership

__all__ = ["Field", "FieldKind", "Option", "Step"]


# The meetings' forms predate the shared screen model (workflows/forms.py, messages/forms/):
# until they move into it, they carry their own labels here and the console asks them itself.
@dataclass(frozen=True)
class Option:
    value: str
    label: str


@dataclass(frozen=True)
class Field:
    id: str
    label: str
    kind: FieldKind
    required: bool = True
    hint: str | None = None
    options: tuple[Option, ...] = ()
    max_length: int = 3000


@dataclass(frozen=True)
class Step:
    id: str
    title: str
    intro: str | None = None
    fields: tuple[Field, ...] = ()


SERIES, MAP_SCHEDULE, MINUTES_CHILD, MINUTES_ACTION = (
    "mase_series",
    "map_schedule",
    "minutes_child",
    "minutes_action",
)


def series_form(partnership: Partnership) -> Step:
    areas = (Option("all", "The whole partnership"),) + tuple(
        Option(a.id, a.name) for a in partnership.areas
    )
    return Step(
        SERIES,
        "MASE meeting series",
        intro="Who meets, when and where. Members get an invitation for each meeting.",
        fields=(
            Field("area", "Area", FieldKind.SELECT, options=areas),
            Field("title", "Title", FieldKind.TEXT, max_length=200),
            Field(
                "rule",
                "How often (an RFC 5545 rule)",
                FieldKind.TEXT,
                hint="FREQ=MONTHLY;BYDAY=2TU is the second Tuesday of each month.",
                max_length=300,
            ),
            Field("first_date", "First meeting on or after", FieldKind.DATE, max_length=20),
            Field(
                "starts",
                "Starts at",
                FieldKind.TEXT,
                hint="24-hour clock, e.g. 10:00",
                max_length=5,
            ),
            Field("ends", "Ends at", FieldKind.TEXT, hint="e.g. 12:00", max_length=5),
            Field("location", "Where", FieldKind.TEXT, required=False, max_length=300),
            Field("online_link", "Online link", FieldKind.TEXT, required=False, max_length=500),
            Field("chair", "Chair (email)", FieldKind.TEXT, max_length=200),
            Field("deputy", "Deputy chair (email)", FieldKind.TEXT, required=False, max_length=200),
            Field(
                "minute_taker",
                "Minute-taker (email)",
                FieldKind.TEXT,
                required=False,
                max_length=200,
            ),
            Field(
                "members",
                "Members (emails, separated by commas)",
                FieldKind.MULTILINE,
                max_length=3000,
            ),
        ),
    )


def map_form() -> Step:
    return Step(
        MAP_SCHEDULE,
        "MAP meeting",
        intro="The child's professionals are invited; the parent or carer is invited outside chat.",
        fields=(
            Field("date", "Date", FieldKind.DATE, max_length=20),
            Field("starts", "Starts at", FieldKind.TEXT, hint="e.g. 14:00", max_length=5),
            Field("ends", "Ends at", FieldKind.TEXT, hint="e.g. 15:30", max_length=5),
            Field("location", "Where", FieldKind.TEXT, required=False, max_length=300),
            Field("online_link", "Online link", FieldKind.TEXT, required=False, max_length=500),
            Field(
                "invitees",
                "The child's professionals (emails, separated by commas)",
                FieldKind.MULTILINE,
                hint="Social worker, youth offending worker, school, health, others.",
                max_length=3000,
            ),
            Field(
                "parent_carer_invited",
                "Has the parent or carer been invited?",
                FieldKind.YES_NO,
                options=(Option("yes", "Yes"), Option("no", "No")),
            ),
            Field(
                "parent_carer_note",
                "How they were invited, or why not",
                FieldKind.MULTILINE,
                required=False,
                max_length=1000,
            ),
        ),
    )


def minutes_child_form(partnership: Partnership, reference: str) -> Step:
    """One child's minutes: what was discussed and the risk level agreed."""
    levels = tuple(Option(r.id, r.label) for r in partnership.triage.risk_levels) + (
        Option("closed", partnership.meetings.closed_risk_label),
    )
    return Step(
        MINUTES_CHILD,
        f"Minutes for {reference}",
        fields=(
            Field("summary", "Discussion summary", FieldKind.MULTILINE, max_length=5000),
            Field("risk_level", "Risk level agreed", FieldKind.SELECT, options=levels),
        ),
    )


ACTION_FORM = Step(
    MINUTES_ACTION,
    "An action agreed",
    intro="Leave the description empty when there are no more actions.",
    fields=(
        Field("description", "What must be done", FieldKind.MULTILINE, max_length=2000),
        Field("lead", "Lead (email)", FieldKind.TEXT, max_length=200),
        Field("agency", "Agency (leave empty for the lead's own)", FieldKind.TEXT, required=False),
        Field("due_date", "Due date", FieldKind.DATE, max_length=20),
    ),
)
