"""What each form says when it is finished: the workflow's result as a notice screen."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from messages import action_replies as replies
from messages import meetings_text
from messages import triage_text as words
from messages.actions import CallbackId
from messages.i18n import N_, _
from messages.render import Platform
from messages.screen import Screen, Text
from messages.screens import notice
from workflows.actions.form import SNOOZE_FORM_ID, UPDATE_FORM_ID
from workflows.concerns.form import FORM_ID as CONCERN_FORM_ID
from workflows.forms import Done
from workflows.meetings import forms as meetings
from workflows.triage import forms as triage


def _concern(sent: Any, tz: str, platform: Platform) -> Screen:
    values = {
        "reference": sent.reference,
        "area": sent.area_name,
        "phone": sent.mash_phone,
        "emergency": getattr(sent, "emergency_number", "999"),
    }
    danger = (
        [
            _("If the child is still in danger, call %(emergency)s now.", **values),
            _(
                "Phone the %(area)s MASH now on %(phone)s and give the reference %(reference)s.",
                **values,
            ),
        ]
        if getattr(sent, "immediate_danger", False)
        else []
    )
    return notice(
        _("Concern sent"),
        [
            *danger,
            _(
                "Sent. Your reference is %(reference)s. We have also sent it to you in a message.",
                **values,
            ),
            _(
                "Thank you. Your concern has reached the %(area)s MASH (multi-agency "
                "safeguarding hub).",
                **values,
            ),
            _("Questions? Call the MASH on %(phone)s.", **values),
        ],
    )


def _update(answered: Any, tz: str, platform: Platform) -> Screen:
    return notice(_("Update saved"), [replies.update_saved(answered), replies.update_saved_next()])


def _snooze(held: Any, tz: str, platform: Platform) -> Screen:
    return notice(_("Reminder snoozed"), [replies.snoozed(held, tz)])


def _triage(title: str, say: Any) -> Any:
    return lambda result, tz, platform: notice(_(title), say(result, tz))  # title: N_()


def _meetings(title: Callable[[], str], say: Any) -> Any:
    """A meetings form's notice, worded when shown; commands as `platform` types them."""
    return lambda result, tz, platform: Screen(
        CallbackId.NOTICE.value,
        title(),
        body=(Text(say(result, platform)),),
        close=_("Close"),
    )


DONE = {
    CONCERN_FORM_ID: _concern,
    UPDATE_FORM_ID: _update,
    SNOOZE_FORM_ID: _snooze,
    triage.ANSWER_FORM_ID: _triage(N_("Answer sent"), lambda r, tz: [words.answered(r)]),
    triage.REQUEST_FORM_ID: _triage(
        "Requests sent", lambda r, tz: words.requests_sent(r, tz).splitlines()
    ),
    triage.ASSESS_FORM_ID: _triage(N_("Risk recorded"), lambda r, tz: [words.assessed(r)]),
    triage.DECIDE_FORM_ID: _triage(N_("Decision recorded"), lambda r, tz: [words.decided(r)]),
    meetings.SERIES_FORM_ID: _meetings(lambda: _("Series saved"), meetings_text.series_saved),
    meetings.MAP_FORM_ID: _meetings(lambda: _("MAP meeting set"), meetings_text.map_set),
    meetings.PROPOSE_FORM_ID: _meetings(lambda: _("Dates offered"), meetings_text.dates_asked),
    meetings.MINUTES_FORM_ID: _meetings(
        lambda: _("Minutes recorded"), meetings_text.minutes_recorded
    ),
}


def done_screen(done: Done, tz: str, platform: Platform | str = Platform.TEXT) -> Screen:
    """The notice a finished form shows, in the partnership's time zone (and commands as
    `platform` types them)."""
    return DONE[done.form_id](done.result, tz, Platform(platform))
