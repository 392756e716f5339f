"""What each form says when it is finished: the workflow's result as a notice screen."""

from __future__ import annotations

from typing import Any

from messages import action_replies as replies
from messages import triage_text as words
from messages.i18n import _
from messages.screen import Screen
from messages.screens import notice
from workflows.actions.form import SNOOZE_FORM_ID, UPDATE_FORM_ID
from workflows.concerns.form import FORM_ID as CONCERN_FORM_ID
from workflows.forms import Done
from workflows.triage import forms as triage


def _concern(sent: Any, tz: str) -> Screen:
    return notice(
        "Concern sent",
        [
            f"Sent. Your reference is {sent.reference}. We have also sent it to you in a message.",
            f"Thank you. Your concern has reached the {sent.area_name} MASH.",
            f"Questions? Call the MASH on {sent.mash_phone}.",
        ],
    )


def _update(answered: Any, tz: str) -> Screen:
    return notice(_("Update saved"), [replies.update_saved(answered), replies.update_saved_next()])


def _snooze(held: Any, tz: str) -> Screen:
    return notice(_("Reminder snoozed"), [replies.snoozed(held, tz)])


def _triage(title: str, say: Any) -> Any:
    return lambda result, tz: notice(title, say(result, tz))


DONE = {
    CONCERN_FORM_ID: _concern,
    UPDATE_FORM_ID: _update,
    SNOOZE_FORM_ID: _snooze,
    triage.ANSWER_FORM_ID: _triage("Answer sent", lambda r, tz: [words.answered(r)]),
    triage.REQUEST_FORM_ID: _triage(
        "Requests sent", lambda r, tz: words.requests_sent(r, tz).splitlines()
    ),
    triage.ASSESS_FORM_ID: _triage("Risk recorded", lambda r, tz: [words.assessed(r)]),
    triage.DECIDE_FORM_ID: _triage("Decision recorded", lambda r, tz: [words.decided(r)]),
}


def done_screen(done: Done, tz: str) -> Screen:
    """The notice a finished form shows, in the partnership's time zone."""
    return DONE[done.form_id](done.result, tz)
