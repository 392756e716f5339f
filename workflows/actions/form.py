"""The update form and button values: platform-free and storage-free, so `messages/` may use them."""

from __future__ import annotations

from workflows.concerns.form import Field, FieldKind, Option, Step

RAG_OPTIONS = (
    Option("G", "Green: on track"),
    Option("A", "Amber: some risk to the date"),
    Option("R", "Red: off track or blocked"),
)
RAG_WORDS = {"g": "G", "green": "G", "a": "A", "amber": "A", "r": "R", "red": "R"}
UPDATE_FORM = Step(
    "action_update",
    "Update an action",
    fields=(
        Field("rag", "Status this period", FieldKind.SELECT, options=RAG_OPTIONS),
        Field("progress", "Progress since the last update", FieldKind.MULTILINE, max_length=3000),
        Field(
            "new_due_date",
            "New due date (only if it has to move)",
            FieldKind.TEXT,
            required=False,
            max_length=20,
            hint="Day/month/year, for example 31/01/2027.",
        ),
        Field(
            "due_reason",
            "Why the date moves",
            FieldKind.MULTILINE,
            required=False,
            max_length=1000,
        ),
        Field(
            "complete",
            "Is the action complete?",
            FieldKind.YES_NO,
            required=False,
            options=(Option("yes", "Yes, mark it complete"), Option("no", "No")),
        ),
    ),
)


def button_value(action_id: int, period: str, step: str) -> str:
    """What a button carries back: the action, the period asked about and the step it came from."""
    return f"{action_id}|{period}|{step}"


def parse_button_value(value: str) -> tuple[int, str, str]:
    action_id, period, step = value.split("|", 2)
    return int(action_id), period, step
