"""The action update and snooze forms' words."""

from __future__ import annotations

from messages.action_words import day, rag
from messages.actions import CallbackId
from messages.forms import FieldWords, FormWords, StepWords, register
from messages.screen import Section, Text
from workflows.actions.form import SNOOZE_FORM_ID, UPDATE_FORM_ID
from workflows.forms import FormView


def _update_head(view: FormView) -> list[Section]:
    action = view.facts
    due = f"Due {day(action['due_date'])}" if action.get("due_date") else "No due date"
    return [
        Text(f"{action['ref']} {action['description']}", "strong"),
        Text(f"{due} · Last RAG status: {rag(action.get('rag'))}"),
    ]


def _snooze_head(view: FormView) -> list[Section]:
    action = view.facts
    return [
        Text(f"{action['ref']} {action['description']}", "strong"),
        Text(
            f"Your next reminder waits {action['snooze_days']} working days. If the plan's "
            "escalation day comes first, the owner still sees this action, with your reason. "
            "You can snooze each reminder once."
        ),
    ]


UPDATE = register(
    FormWords(
        screen_id=CallbackId.ACTION_UPDATE_FORM.value,
        title="Update an action",
        fields={
            "rag": FieldWords(
                "RAG status this period",
                options={
                    "G": "Green: on track",
                    "A": "Amber: some risk to the date",
                    "R": "Red: off track or blocked",
                },
                problems={"rag": "Choose Green, Amber or Red."},
            ),
            "progress": FieldWords(
                "Progress since the last update",
                problems={
                    "required": "Say in a sentence or two what has happened since the last update."
                },
            ),
            "new_due_date": FieldWords(
                "New due date (only if it has to move)",
                hint="Day/month/year, for example 31/01/2027.",
                placeholder="dd/mm/yyyy",
                problems={"bad_date": "Give the date as day/month/year, for example 31/01/2027."},
            ),
            "due_reason": FieldWords(
                "Why the date moves",
                problems={"due_reason": "Say why the date moves: the board will ask."},
            ),
            "complete": FieldWords(
                "Is the action complete?", options={"yes": "Yes, mark it complete", "no": "No"}
            ),
        },
        steps={"action_update": StepWords(submit="Save update")},
        head=_update_head,
    ),
    UPDATE_FORM_ID,
)

SNOOZE = register(
    FormWords(
        screen_id=CallbackId.ACTION_SNOOZE_FORM.value,
        title="Snooze a reminder",
        fields={
            "reason": FieldWords(
                "Why do you need more time?",
                placeholder="For example: on leave until Thursday",
                problems={"required": "Say why you need more time (for example: on leave)."},
            )
        },
        steps={"action_snooze": StepWords(submit="Snooze")},
        head=_snooze_head,
    ),
    SNOOZE_FORM_ID,
)
