"""The meetings' forms' words: a MASE series, a MAP meeting (on a date or dates offered) and one
child's minutes.

Each form's words are made when the form is shown (`register` takes a function), so every label,
hint and problem goes through gettext in the reader's language, never at import. Problem
sentences keep their `{name}` fields for `messages.forms.problem_text` to fill.
"""

from __future__ import annotations

from messages.actions import CallbackId
from messages.forms import FieldWords, FormWords, StepWords, register
from messages.i18n import _
from messages.screen import Section, Text
from workflows.forms import FormView
from workflows.meetings import forms


def _asked(
    label: str,
    required: str,
    *,
    hint: str | None = None,
    placeholder: str | None = None,
    options: dict[str, str] | None = None,
    problems: dict[str, str] | None = None,
) -> FieldWords:
    """A required field whose blank answer is said in a sentence of its own."""
    return FieldWords(
        label,
        hint=hint,
        placeholder=placeholder,
        options=options or {},
        problems={"required": required, **(problems or {})},
    )


def _clock() -> str:
    return _("24-hour clock, for example 10:00.")


def _time_problems(ends: bool = False) -> dict[str, str]:
    problems = {"clock": _("Give a time on the 24-hour clock, for example 10:00.")}
    if ends:
        problems["ends_first"] = _("The meeting must end after it starts.")
    return problems


def _date_hint() -> str:
    return _("Day/month/year, for example 15/12/2026.")


def _common() -> dict[str, str]:
    """What every meetings form says around its fields."""
    return {
        "close": _("Cancel"),
        "check_again": _("Please check these answers, then press {submit}:"),
    }


def _email_problems() -> dict[str, str]:
    return {"unknown_person": _("'{email}' is not in the partnership file. Check the email.")}


def _emails_problems() -> dict[str, str]:
    return {"unknown_people": _("Not in the partnership file: {emails}. Check the emails.")}


def _series_head(view: FormView) -> list[Section]:
    version = view.facts.get("version")
    if version is None:
        return [Text(_("Who meets, when and where. Members get an invitation for each meeting."))]
    return [
        Text(
            _(
                "The series is at version %(version)s. Changed meetings are sent again as "
                "updates; dates the rule no longer holds are cancelled.",
                version=version,
            )
        )
    ]


def series_words() -> FormWords:
    return FormWords(
        screen_id=CallbackId.SERIES_FORM.value,
        title=_("MASE meeting series"),
        fields={
            "area": _asked(
                _("Area"),
                _("Choose the area, or the whole partnership."),
                options={forms.WHOLE_PARTNERSHIP: _("The whole partnership")},
            ),
            "title": _asked(
                _("Title"), _("Give the meeting a title, for example the area's MASE.")
            ),
            "rule": _asked(
                _("How often (an RFC 5545 rule)"),
                _("Say how often it meets, for example FREQ=MONTHLY;BYDAY=2TU."),
                hint=_("FREQ=MONTHLY;BYDAY=2TU is the second Tuesday of each month."),
                problems={
                    "rrule": _(
                        "We could not read that rule. Write it like FREQ=MONTHLY;BYDAY=2TU "
                        "(the second Tuesday of each month)."
                    )
                },
            ),
            "first_date": _asked(
                _("First meeting on or after"),
                _("Give the first date as day/month/year, e.g. 08/12/2026."),
                hint=_date_hint(),
                placeholder=_("dd/mm/yyyy"),
                problems={"bad_date": _("Give the first date as day/month/year, e.g. 08/12/2026.")},
            ),
            "starts": _asked(
                _("Starts at"), _("Say when it starts."), hint=_clock(), problems=_time_problems()
            ),
            "ends": _asked(
                _("Ends at"), _("Say when it ends."), hint=_clock(), problems=_time_problems(True)
            ),
            "location": FieldWords(_("Where")),
            "online_link": FieldWords(_("Online link")),
            "chair": _asked(
                _("Chair (email)"),
                _("Say who chairs the meeting (their email)."),
                problems=_email_problems(),
            ),
            "deputy": FieldWords(_("Deputy chair (email)"), problems=_email_problems()),
            "minute_taker": FieldWords(_("Minute-taker (email)"), problems=_email_problems()),
            "members": _asked(
                _("Members (emails, separated by commas)"),
                _("Name at least one member."),
                problems=_emails_problems(),
            ),
        },
        steps={"series": StepWords(submit=_("Save"))},
        head=_series_head,
        saved=_("Stopped; nothing was changed or sent."),
        **_common(),
    )


def _map_fields() -> dict[str, FieldWords]:
    return {
        "location": FieldWords(_("Where")),
        "online_link": FieldWords(_("Online link")),
        "invitees": _asked(
            _("The child's professionals (emails, separated by commas)"),
            _("Invite at least one of the child's professionals."),
            hint=_("Social worker, youth offending worker, school, health, others."),
            problems=_emails_problems(),
        ),
        "parent_carer_invited": _asked(
            _("Has the parent or carer been invited?"),
            _("Say yes or no: has the parent or carer been invited?"),
            options={"yes": _("Yes"), "no": _("No")},
        ),
        "parent_carer_note": FieldWords(
            _("How they were invited, or why not"),
            hint=_("Needed if they have not been invited: it goes on the record."),
            problems={
                "why_not_invited": _(
                    "Say why the parent or carer is not invited; it goes on the record."
                )
            },
        ),
    }


def _map_head(view: FormView) -> list[Section]:
    return [
        Text(_("A MAP meeting for %(reference)s.", reference=view.facts["reference"])),
        Text(
            _("The child's professionals are invited; the parent or carer is invited outside chat.")
        ),
    ]


def map_words() -> FormWords:
    return FormWords(
        screen_id=CallbackId.MAP_FORM.value,
        title=_("MAP meeting"),
        fields={
            "date": _asked(
                _("Date"),
                _("Give the date as day/month/year, for example 15/12/2026."),
                hint=_date_hint(),
                placeholder=_("dd/mm/yyyy"),
                problems={
                    "bad_date": _("Give the date as day/month/year, for example 15/12/2026.")
                },
            ),
            "starts": _asked(
                _("Starts at"), _("Say when it starts."), hint=_clock(), problems=_time_problems()
            ),
            "ends": _asked(
                _("Ends at"), _("Say when it ends."), hint=_clock(), problems=_time_problems(True)
            ),
            **_map_fields(),
        },
        steps={"map": StepWords(submit=_("Send invitations"))},
        head=_map_head,
        saved=_("Stopped; nothing was changed or sent."),
        **_common(),
    )


def propose_words() -> FormWords:
    return FormWords(
        screen_id=CallbackId.MAP_PROPOSE_FORM.value,
        title=_("Find a date for a MAP"),
        fields={
            "options": _asked(
                _("Dates you can offer (one per line)"),
                _("Offer at least two dates, one per line, like 15/12/2026 14:00-15:30."),
                hint=_("Like 15/12/2026 14:00-15:30"),
                problems={
                    "slot_unreadable": _("'{line}' is not like 15/12/2026 14:00-15:30."),
                    "slot_ends_first": _("'{line}' ends before it starts."),
                    "slot_passed": _("'{line}' has passed."),
                    "two_slots": _(
                        "Offer at least two dates, one per line, like 15/12/2026 14:00-15:30."
                    ),
                },
            ),
            **_map_fields(),
        },
        steps={"propose": StepWords(submit=_("Ask them"))},
        head=_map_head,
        saved=_("Stopped; nothing was changed or sent."),
        **_common(),
    )


def _action_words(field_id: str) -> FieldWords | None:
    """`action_2_lead` and the like: the Nth action's words."""
    found = forms.action_slot(field_id)
    if found is None:
        return None
    n, part = found
    if part == "description":
        hint = _("Leave it empty if no more actions were agreed.") if n == 1 else None
        return FieldWords(_("Action %(number)s: what must be done", number=n), hint=hint)
    if part == "lead":
        return _asked(
            _("Action %(number)s: lead (email)", number=n),
            _("Say who leads action %(number)s (their email).", number=n),
            hint=_("Needed for each action: someone in the partnership file."),
            problems={"lead": _("The lead must be someone in the partnership file (their email).")},
        )
    if part == "agency":
        return FieldWords(
            _("Action %(number)s: agency", number=n),
            hint=_("Leave it empty for the lead's own agency."),
        )
    due = _("Give the due date as day/month/year, for example 31/12/2026.")
    return _asked(
        _("Action %(number)s: due date", number=n),
        due,
        hint=_("Needed for each action.") + " " + _date_hint(),
        placeholder=_("dd/mm/yyyy"),
        problems={"bad_date": due},
    )


def _minutes_head(view: FormView) -> list[Section]:
    f = view.facts
    if f.get("position"):
        head = _(
            "Minutes for %(reference)s (child %(position)s of %(count)s discussed).",
            reference=f["reference"],
            position=f["position"],
            count=f["of"],
        )
    else:
        head = _("Minutes for %(reference)s.", reference=f["reference"])
    shown: list[Section] = [Text(head)]
    if f.get("corrected"):
        shown.append(
            Text(
                _(
                    "Minutes for this child are already recorded. Your changes make a new "
                    "version; the earlier one is kept."
                ),
                "note",
            )
        )
    return shown


def minutes_words() -> FormWords:
    return FormWords(
        screen_id=CallbackId.MINUTES_FORM.value,
        title=_("Minutes"),
        fields={
            "summary": _asked(
                _("Discussion summary"), _("Say what was discussed about this child.")
            ),
            "risk_level": _asked(
                _("Risk level agreed"),
                _("Choose the risk level agreed from the list."),
                problems={"not_an_option": _("Choose the risk level agreed from the list.")},
            ),
            "correction_reason": _asked(
                _("Why you are correcting the minutes"),
                _("Please answer: why you are correcting the minutes."),
            ),
        },
        steps={"minutes": StepWords(submit=_("Record"))},
        head=_minutes_head,
        numbered=_action_words,
        saved=_("Stopped; nothing was recorded."),
        **_common(),
    )


register(series_words, forms.SERIES_FORM_ID)
register(map_words, forms.MAP_FORM_ID)
register(propose_words, forms.PROPOSE_FORM_ID)
register(minutes_words, forms.MINUTES_FORM_ID)
