"""Meetings' replies that carry buttons opening a form: the series, a MAP, one child's minutes.

Slack opens the form's modal at once when it can (a slash command brings a trigger); Teams, whose
typed commands cannot open a dialog, and a meeting with several children answer with these.
"""

from __future__ import annotations

from typing import Any

from messages.actions import ActionId, CallbackId
from messages.i18n import _, ngettext
from messages.screen import Button, Buttons, Screen, Surface, Text
from workflows.meetings import forms

# The button that opens each meetings form; its value is the form's key.
OPENS = {
    forms.SERIES_FORM_ID: ActionId.OPEN_SERIES_FORM.value,
    forms.MAP_FORM_ID: ActionId.OPEN_MAP_FORM.value,
    forms.PROPOSE_FORM_ID: ActionId.OPEN_MAP_PROPOSE.value,
    forms.MINUTES_FORM_ID: ActionId.OPEN_MINUTES.value,
}
FORM_OF = {action: form_id for form_id, action in OPENS.items()}
PER_ROW = 5


def _title(form_id: str, key: str) -> str:
    if form_id == forms.SERIES_FORM_ID:
        return _("Set up or change the MASE meeting series")
    if form_id == forms.MAP_FORM_ID:
        return _("Set a MAP meeting for %(reference)s", reference=key)
    if form_id == forms.PROPOSE_FORM_ID:
        return _("Offer dates for a MAP meeting for %(reference)s", reference=key)
    return _("Record the minutes for %(reference)s", reference=key.partition(":")[2])


def opener(form_id: str, key: str) -> Screen:
    """One button opening a meetings form (a typed command in Teams)."""
    return Screen(
        CallbackId.NOTICE.value,
        "mashbot",
        body=(
            Text(_title(form_id, key), "strong"),
            Buttons("open_form", (Button(OPENS[form_id], _("Open the form"), key, primary=True),)),
        ),
        surface=Surface.MESSAGE,
    )


def minutes_openers(targets: Any) -> Screen:
    """A button per child discussed (`minutes.ToMinute`); those already minuted say their form
    corrects them."""
    buttons = [
        Button(
            ActionId.OPEN_MINUTES.value,
            _("%(reference)s (correct)", reference=ref) if ref in targets.recorded else ref,
            targets.key(ref),
        )
        for ref in targets.references
    ]
    rows = tuple(
        Buttons(f"minutes_{n}", tuple(buttons[n : n + PER_ROW]))
        for n in range(0, len(buttons), PER_ROW)
    )
    count = len(targets.references)
    intro = (
        ngettext(
            "Record the minutes child by child: %(num)d discussed. Each button opens that "
            "child's form; minutes already recorded are corrected there, and the earlier "
            "version is kept.",
            "Record the minutes child by child: %(num)d discussed. Each button opens that "
            "child's form; minutes already recorded are corrected there, and the earlier "
            "version is kept.",
            count,
        )
        if count
        else _("No children were discussed at this meeting, so there are no minutes to record.")
    )
    return Screen(
        CallbackId.NOTICE.value, _("Minutes"), body=(Text(intro), *rows), surface=Surface.MESSAGE
    )
