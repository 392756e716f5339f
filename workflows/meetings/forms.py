"""The meetings' forms' structure: a MASE series, a MAP meeting (on a date, or dates offered)
and one child's minutes. Their words are in `messages.forms.meetings`; the workflows (`series`,
`map_meetings`, `map_dates`, `minutes`) check the answers and return problem codes.
"""

from __future__ import annotations

from workflows.forms import ANSWERED, Field, FieldKind, Form, Option, Step
from workflows.partnership import Partnership

SERIES_FORM_ID, MAP_FORM_ID, PROPOSE_FORM_ID, MINUTES_FORM_ID = (
    "mase_series",
    "map_schedule",
    "map_propose",
    "meeting_minutes",
)
WHOLE_PARTNERSHIP = "all"
YES_NO = (Option("yes"), Option("no"))
MIN_ACTION_SLOTS = 3  # a child's minutes offer this many actions, or one more than recorded


def series_form(partnership: Partnership) -> Form:
    """Who meets, when and where; dates and times are read by the series workflow."""
    areas = (Option(WHOLE_PARTNERSHIP),) + tuple(Option(a.id, a.name) for a in partnership.areas)
    return Form(
        SERIES_FORM_ID,
        (
            Step(
                "series",
                (
                    Field("area", FieldKind.SELECT, options=areas),
                    Field("title", FieldKind.TEXT, max_length=200),
                    Field("rule", FieldKind.TEXT, max_length=300),
                    Field("first_date", FieldKind.TEXT, max_length=20),
                    Field("starts", FieldKind.TEXT, max_length=20),
                    Field("ends", FieldKind.TEXT, max_length=20),
                    Field("location", FieldKind.TEXT, required=False, max_length=300),
                    Field("online_link", FieldKind.TEXT, required=False, max_length=500),
                    Field("chair", FieldKind.TEXT, max_length=200),
                    Field("deputy", FieldKind.TEXT, required=False, max_length=200),
                    Field("minute_taker", FieldKind.TEXT, required=False, max_length=200),
                    Field("members", FieldKind.MULTILINE, max_length=3000),
                ),
            ),
        ),
    )


def _map_fields() -> tuple[Field, ...]:
    """What every MAP asks besides when: where, who, and the parent or carer's invitation."""
    return (
        Field("location", FieldKind.TEXT, required=False, max_length=300),
        Field("online_link", FieldKind.TEXT, required=False, max_length=500),
        Field("invitees", FieldKind.MULTILINE, max_length=3000),
        Field("parent_carer_invited", FieldKind.YES_NO, options=YES_NO),
        # Required when the answer above is no: the workflow asks for it then.
        Field("parent_carer_note", FieldKind.MULTILINE, required=False, max_length=1000),
    )


def map_form() -> Form:
    """A child's MAP meeting on a date the chair sets."""
    when = (
        Field("date", FieldKind.TEXT, max_length=20),
        Field("starts", FieldKind.TEXT, max_length=20),
        Field("ends", FieldKind.TEXT, max_length=20),
    )
    return Form(MAP_FORM_ID, (Step("map", when + _map_fields()),))


def propose_form() -> Form:
    """A child's MAP with dates offered, for the professionals to say which they can do."""
    offered = Field("options", FieldKind.MULTILINE, max_length=1000)
    return Form(PROPOSE_FORM_ID, (Step("propose", (offered, *_map_fields())),))


def action_fields(slot: int, agencies: tuple[Option, ...]) -> tuple[Field, ...]:
    """One action agreed (slot 1, 2, ...): asked once the action before it is described."""
    key = f"action_{slot}"
    shown = (f"action_{slot - 1}_description", ANSWERED) if slot > 1 else None
    described = (f"{key}_description", ANSWERED)
    return (
        Field(f"{key}_description", FieldKind.MULTILINE, False, max_length=2000, shown_when=shown),
        # Required once the action is described: the workflow asks for them then.
        Field(f"{key}_lead", FieldKind.TEXT, False, max_length=200, shown_when=described),
        Field(f"{key}_agency", FieldKind.SELECT, False, agencies, shown_when=described),
        Field(f"{key}_due_date", FieldKind.TEXT, False, max_length=20, shown_when=described),
    )


def minutes_form(partnership: Partnership, slots: int, corrected: bool) -> Form:
    """One child's minutes: the discussion, the risk level agreed and the actions agreed;
    correcting minutes already recorded asks why (the earlier version is kept)."""
    levels = tuple(Option(r.id, r.label) for r in partnership.triage.risk_levels)
    closed = Option("closed", partnership.meetings.closed_risk_label)
    agencies = tuple(Option(a.id, a.name) for a in partnership.agencies)
    fields = [
        Field("summary", FieldKind.MULTILINE, max_length=5000),
        Field("risk_level", FieldKind.SELECT, options=(*levels, closed)),
    ]
    for slot in range(1, max(slots, MIN_ACTION_SLOTS) + 1):
        fields += action_fields(slot, agencies)
    if corrected:
        fields.append(Field("correction_reason", FieldKind.MULTILINE, max_length=1000))
    return Form(MINUTES_FORM_ID, (Step("minutes", tuple(fields)),))


def action_slot(field_id: str) -> tuple[int, str] | None:
    """`action_2_lead` → (2, "lead"); None for a field that is not an action's."""
    head, _, rest = field_id.partition("_")
    number, _, part = rest.partition("_")
    if head != "action" or not number.isdecimal():
        return None
    return int(number), part
