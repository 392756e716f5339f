"""The action update and snooze forms' words, in the reader's language each time they are read."""

from __future__ import annotations

from messages.action_words import day, rag
from messages.actions import CallbackId
from messages.forms import FieldWords, FormWords, StepWords, register
from messages.i18n import _, ngettext
from messages.screen import Section, Text
from workflows.actions.form import SNOOZE_FORM_ID, UPDATE_FORM_ID
from workflows.forms import FormView


def _update_head(view: FormView) -> list[Section]:
    action = view.facts
    said = rag(action.get("rag"))
    if action.get("due_date"):
        due = _("Due %(date)s · Last RAG status: %(rag)s", date=day(action["due_date"]), rag=said)
    else:
        due = _("No due date · Last RAG status: %(rag)s", rag=said)
    return [Text(f"{action['ref']} {action['description']}", "strong"), Text(due)]


def _snooze_head(view: FormView) -> list[Section]:
    action = view.facts
    return [
        Text(f"{action['ref']} {action['description']}", "strong"),
        Text(
            ngettext(
                "Your next reminder waits %(num)d working day. If the plan's escalation day "
                "comes first, the owner still sees this action, with your reason. You can "
                "snooze each reminder once.",
                "Your next reminder waits %(num)d working days. If the plan's escalation day "
                "comes first, the owner still sees this action, with your reason. You can "
                "snooze each reminder once.",
                int(action["snooze_days"]),
            )
        ),
    ]


def _common() -> dict[str, str]:
    return {
        "close": _("Cancel"),
        "check_again": _("Please check these answers, then press {submit}:"),
        "saved": _("Stopped; nothing was recorded."),
    }


def update_words() -> FormWords:
    return FormWords(
        screen_id=CallbackId.ACTION_UPDATE_FORM.value,
        title=_("Update an action"),
        fields={
            "rag": FieldWords(
                _("RAG status this period"),
                options={
                    "G": _("Green: on track"),
                    "A": _("Amber: some risk to the date"),
                    "R": _("Red: off track or blocked"),
                },
                problems={"rag": _("Choose Green, Amber or Red.")},
            ),
            "progress": FieldWords(
                _("Progress since the last update"),
                problems={
                    "required": _(
                        "Say in a sentence or two what has happened since the last update."
                    )
                },
            ),
            "new_due_date": FieldWords(
                _("New due date (only if it has to move)"),
                hint=_("Day/month/year, for example 31/01/2027."),
                placeholder=_("dd/mm/yyyy"),
                problems={
                    "bad_date": _("Give the date as day/month/year, for example 31/01/2027.")
                },
            ),
            "due_reason": FieldWords(
                _("Why the date moves"),
                problems={"due_reason": _("Say why the date moves: the board will ask.")},
            ),
            "complete": FieldWords(
                _("Is the action complete?"),
                options={"yes": _("Yes, mark it complete"), "no": _("No")},
            ),
        },
        steps={"action_update": StepWords(submit=_("Save update"))},
        head=_update_head,
        **_common(),  # type: ignore[arg-type]
    )


def snooze_words() -> FormWords:
    return FormWords(
        screen_id=CallbackId.ACTION_SNOOZE_FORM.value,
        title=_("Snooze a reminder"),
        fields={
            "reason": FieldWords(
                _("Why do you need more time?"),
                placeholder=_("For example: on leave until Thursday"),
                problems={"required": _("Say why you need more time (for example: on leave).")},
            )
        },
        steps={"action_snooze": StepWords(submit=_("Snooze"))},
        head=_snooze_head,
        **_common(),  # type: ignore[arg-type]
    )


register(update_words, UPDATE_FORM_ID)
register(snooze_words, SNOOZE_FORM_ID)
