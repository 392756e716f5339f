"""MASH triage screens beyond its forms: the case, its chronology and export, /mash replies."""

from __future__ import annotations

from messages import triage_text as words
from messages.actions import ActionId, CallbackId
from messages.chronology_text import describe
from messages.i18n import _
from messages.screen import Button, Buttons, Overflow, Screen, Surface, Text
from workflows.triage.results import CaseView, Chronology


def case_screen(case: CaseView, tz: str, decision_maker: bool) -> Screen:
    """The case (no identifying details), with buttons to go on; the caller audited the view."""
    buttons = [
        Button(ActionId.VIEW_CONCERN_DETAILS.value, _("View details"), case.reference),
        Button(ActionId.OPEN_CHRONOLOGY.value, _("Chronology"), case.reference),
    ]
    if case.status == "open":
        buttons.insert(
            0, Button(ActionId.OPEN_REQUEST_FORM.value, _("Ask agencies"), case.reference)
        )
    if decision_maker:
        buttons += [
            Button(ActionId.OPEN_ASSESSMENT.value, _("Assess risk"), case.reference),
            Button(ActionId.OPEN_DECISION.value, _("Decide"), case.reference, primary=True),
        ]
    return Screen(
        CallbackId.CASE.value,
        _("Case"),
        body=tuple(Text(line) for line in words.case_lines(case, tz)),
        tail=(Buttons("case_actions", tuple(buttons)),),
        close=_("Close"),
    )


def chronology_screen(chronology: Chronology, tz: str) -> Screen:
    """Every event, newest last; where not all fit, the latest are shown and the rest exported."""
    return Screen(
        CallbackId.CHRONOLOGY.value,
        _("Chronology"),
        head=(
            Text(
                _("Chronology of referral %(reference)s", reference=chronology.reference),
                "strong",
            ),
        ),
        body=tuple(Text(f"{words.when(e.at, tz)}: {describe(e, tz)}") for e in chronology.entries),
        tail=(
            Buttons(
                "chronology_actions",
                (
                    Button(
                        ActionId.EXPORT_CHRONOLOGY.value, _("Export as text"), chronology.reference
                    ),
                ),
            ),
        ),
        close=_("Close"),
        overflow=Overflow(
            _("The first {hidden} events are not shown here: they are in the export."),
            keep="end",
            at="top",
        ),
    )


def export_screen(reference: str, text: str) -> Screen:
    """The export as verbatim text to copy into the case file; where it cannot all be shown,
    the screen says so first and where to get the whole export."""
    return Screen(
        CallbackId.CHRONOLOGY_EXPORT.value,
        _("Chronology export"),
        body=(Text(text, "code"),),
        footer=_("Copy this into the case file. The export is recorded."),
        close=_("Close"),
        overflow=Overflow(
            _(
                "This is not the whole chronology. It is too long to show here, so the last "
                "{hidden} of its {total} parts are missing. Do not copy this into the case "
                "file: export the whole chronology in the console (`mashbot console`) with "
                "`/mash chronology %(reference)s export`.",
                reference=reference,
            ),
            at="top",
            footer=_("The export is recorded."),
        ),
    )


def reply_screen(lines: list[str]) -> Screen:
    """A reply to a /mash command, seen only by the person who typed it."""
    return Screen(
        CallbackId.NOTICE.value,
        _("MASH"),
        body=(Text("\n".join(lines)),),
        surface=Surface.MESSAGE,
        overflow=Overflow(
            _(
                "This reply is too long to show here, so its end is not shown. The console "
                "(`mashbot console`) shows all of it."
            )
        ),
    )
