"""The meetings' forms' words: a MASE series, a MAP meeting (on a date or dates offered) and one
child's minutes."""

from __future__ import annotations

from messages.actions import CallbackId
from messages.forms import FieldWords, FormWords, StepWords, register
from messages.screen import Section, Text
from workflows.forms import FormView
from workflows.meetings import forms

CLOCK = "24-hour clock, for example 10:00."
EMAIL_PROBLEMS = {"unknown_person": "'{email}' is not in the partnership file. Check the email."}
EMAILS_PROBLEMS = {
    "unknown_people": "Not in the partnership file: {emails}. Check the emails.",
}
TIME_PROBLEMS = {"clock": "Give a time on the 24-hour clock, for example 10:00."}
ENDS_PROBLEMS = {**TIME_PROBLEMS, "ends_first": "The meeting must end after it starts."}
DATE_HINT = "Day/month/year, for example 15/12/2026."


def _series_head(view: FormView) -> list[Section]:
    version = view.facts.get("version")
    if version is None:
        return [Text("Who meets, when and where. Members get an invitation for each meeting.")]
    return [
        Text(
            f"The series is at version {version}. Changed meetings are sent again as updates; "
            "dates the rule no longer holds are cancelled."
        )
    ]


SERIES = register(
    FormWords(
        screen_id=CallbackId.SERIES_FORM.value,
        title="MASE meeting series",
        fields={
            "area": FieldWords("Area", options={forms.WHOLE_PARTNERSHIP: "The whole partnership"}),
            "title": FieldWords("Title", placeholder="Riverton City MASE"),
            "rule": FieldWords(
                "How often (an RFC 5545 rule)",
                hint="FREQ=MONTHLY;BYDAY=2TU is the second Tuesday of each month.",
                problems={
                    "rrule": "We could not read that rule. Write it like FREQ=MONTHLY;BYDAY=2TU "
                    "(the second Tuesday of each month)."
                },
            ),
            "first_date": FieldWords(
                "First meeting on or after",
                hint=DATE_HINT,
                placeholder="dd/mm/yyyy",
                problems={"bad_date": "Give the first date as day/month/year, e.g. 08/12/2026."},
            ),
            "starts": FieldWords("Starts at", hint=CLOCK, problems=TIME_PROBLEMS),
            "ends": FieldWords("Ends at", hint=CLOCK, problems=ENDS_PROBLEMS),
            "location": FieldWords("Where"),
            "online_link": FieldWords("Online link"),
            "chair": FieldWords(
                "Chair (email)",
                problems={
                    "required": "Say who chairs the meeting (their email).",
                    **EMAIL_PROBLEMS,
                },
            ),
            "deputy": FieldWords("Deputy chair (email)", problems=EMAIL_PROBLEMS),
            "minute_taker": FieldWords("Minute-taker (email)", problems=EMAIL_PROBLEMS),
            "members": FieldWords(
                "Members (emails, separated by commas)",
                problems={"required": "Name at least one member.", **EMAILS_PROBLEMS},
            ),
        },
        steps={"series": StepWords(submit="Save")},
        head=_series_head,
        saved="Stopped; nothing was changed or sent.",
    ),
    forms.SERIES_FORM_ID,
)

MAP_FIELDS = {
    "location": FieldWords("Where"),
    "online_link": FieldWords("Online link"),
    "invitees": FieldWords(
        "The child's professionals (emails, separated by commas)",
        hint="Social worker, youth offending worker, school, health, others.",
        problems={
            "required": "Invite at least one of the child's professionals.",
            **EMAILS_PROBLEMS,
        },
    ),
    "parent_carer_invited": FieldWords(
        "Has the parent or carer been invited?", options={"yes": "Yes", "no": "No"}
    ),
    "parent_carer_note": FieldWords(
        "How they were invited, or why not",
        hint="Needed if they have not been invited: it goes on the record.",
        problems={
            "why_not_invited": "Say why the parent or carer is not invited; it goes on the record."
        },
    ),
}


def _map_head(view: FormView) -> list[Section]:
    return [
        Text(f"A MAP meeting for {view.facts['reference']}."),
        Text("The child's professionals are invited; the parent or carer is invited outside chat."),
    ]


MAP = register(
    FormWords(
        screen_id=CallbackId.MAP_FORM.value,
        title="MAP meeting",
        fields={
            "date": FieldWords(
                "Date",
                hint=DATE_HINT,
                placeholder="dd/mm/yyyy",
                problems={"bad_date": "Give the date as day/month/year, for example 15/12/2026."},
            ),
            "starts": FieldWords("Starts at", hint=CLOCK, problems=TIME_PROBLEMS),
            "ends": FieldWords("Ends at", hint=CLOCK, problems=ENDS_PROBLEMS),
            **MAP_FIELDS,
        },
        steps={"map": StepWords(submit="Send invitations")},
        head=_map_head,
        saved="Stopped; nothing was changed or sent.",
    ),
    forms.MAP_FORM_ID,
)

PROPOSE = register(
    FormWords(
        screen_id=CallbackId.MAP_PROPOSE_FORM.value,
        title="Find a date for a MAP",
        fields={
            "options": FieldWords(
                "Dates you can offer (one per line)",
                hint="Like 15/12/2026 14:00-15:30",
                problems={
                    "slot_unreadable": "'{line}' is not like 15/12/2026 14:00-15:30.",
                    "slot_ends_first": "'{line}' ends before it starts.",
                    "slot_passed": "'{line}' has passed.",
                    "two_slots": "Offer at least two dates, one per line, like "
                    "15/12/2026 14:00-15:30.",
                },
            ),
            **MAP_FIELDS,
        },
        steps={"propose": StepWords(submit="Ask them")},
        head=_map_head,
        saved="Stopped; nothing was changed or sent.",
    ),
    forms.PROPOSE_FORM_ID,
)


def _action_words(field_id: str) -> FieldWords | None:
    """`action_2_lead` and the like: the Nth action's words."""
    found = forms.action_slot(field_id)
    if found is None:
        return None
    n, part = found
    if part == "description":
        hint = "Leave it empty if no more actions were agreed." if n == 1 else None
        return FieldWords(f"Action {n}: what must be done", hint=hint)
    if part == "lead":
        return FieldWords(
            f"Action {n}: lead (email)",
            hint="Needed for each action: someone in the partnership file.",
            problems={"lead": "The lead must be someone in the partnership file (their email)."},
        )
    if part == "agency":
        return FieldWords(f"Action {n}: agency", hint="Leave it empty for the lead's own agency.")
    return FieldWords(
        f"Action {n}: due date",
        hint=f"Needed for each action. {DATE_HINT}",
        placeholder="dd/mm/yyyy",
        problems={
            "bad_date": "Give the due date as day/month/year, for example 31/12/2026.",
            "required": "Give the due date as day/month/year, for example 31/12/2026.",
        },
    )


def _minutes_head(view: FormView) -> list[Section]:
    f = view.facts
    where = f" (child {f['position']} of {f['of']} discussed)" if f.get("position") else ""
    shown: list[Section] = [Text(f"Minutes for {f['reference']}{where}.")]
    if f.get("corrected"):
        shown.append(
            Text(
                "Minutes for this child are already recorded. Your changes make a new version; "
                "the earlier one is kept.",
                "note",
            )
        )
    return shown


MINUTES = register(
    FormWords(
        screen_id=CallbackId.MINUTES_FORM.value,
        title="Minutes",
        fields={
            "summary": FieldWords(
                "Discussion summary",
                problems={"required": "Say what was discussed about this child."},
            ),
            "risk_level": FieldWords(
                "Risk level agreed",
                problems={"not_an_option": "Choose the risk level agreed from the list."},
            ),
            "correction_reason": FieldWords("Why you are correcting the minutes"),
        },
        steps={"minutes": StepWords(submit="Record")},
        head=_minutes_head,
        numbered=_action_words,
        saved="Stopped; nothing was recorded.",
    ),
    forms.MINUTES_FORM_ID,
)
