"""The update and snooze forms' structure, and button values: platform-free and storage-free."""

from __future__ import annotations

from workflows.forms import Field, FieldKind, Form, Option, Step

UPDATE_FORM_ID = "action_update"
SNOOZE_FORM_ID = "action_snooze"
RAG_OPTIONS = (Option("G"), Option("A"), Option("R"))
RAG_WORDS = {"g": "G", "green": "G", "a": "A", "amber": "A", "r": "R", "red": "R"}
UPDATE_STEP = Step(
    "action_update",
    (
        # Not checked as an option: "green", "g" and a completed action are answers too.
        Field("rag", FieldKind.SELECT, required=False, options=RAG_OPTIONS),
        Field("progress", FieldKind.MULTILINE, max_length=3000),
        Field("new_due_date", FieldKind.TEXT, required=False, max_length=20),
        Field("due_reason", FieldKind.MULTILINE, required=False, max_length=1000),
        Field(
            "complete",
            FieldKind.YES_NO,
            required=False,
            options=(Option("yes"), Option("no")),
        ),
    ),
)
UPDATE_FORM = Form(UPDATE_FORM_ID, (UPDATE_STEP,))
SNOOZE_FORM = Form(
    SNOOZE_FORM_ID, (Step("action_snooze", (Field("reason", FieldKind.TEXT, max_length=500),)),)
)


def button_value(action_id: int, period: str, step: str) -> str:
    """What a button carries back: the action, the period asked about and the step it came from."""
    return f"{action_id}|{period}|{step}"


def parse_button_value(value: str) -> tuple[int, str, str]:
    action_id, period, step = value.split("|", 2)
    return int(action_id), period, step
