"""MASH triage screens beyond its forms: the case, its chronology and export, /mash replies."""

from __future__ import annotations

from messages import triage_text as words
from messages.actions import ActionId, CallbackId
from messages.screen import Button, Buttons, Overflow, Screen, Surface, Text
from workflows.triage.results import CaseView, Chronology


def case_screen(case: CaseView, tz: str, decision_maker: bool) -> Screen:
    """The case (no identifying details), with buttons to go on; the caller audited the view."""
    buttons = [
        Button(ActionId.VIEW_CONCERN_DETAILS.value, "View details", case.reference),
        Button(ActionId.OPEN_CHRONOLOGY.value, "Chronology", case.reference),
    ]
    if case.status == "open":
        buttons.insert(0, Button(ActionId.OPEN_REQUEST_FORM.value, "Ask agencies", case.reference))
    if decision_maker:
        buttons += [
            Button(ActionId.OPEN_ASSESSMENT.value, "Assess risk", case.reference),
            Button(ActionId.OPEN_DECISION.value, "Decide", case.reference, primary=True),
        ]
    return Screen(
        CallbackId.CASE.value,
        "Case",
        body=tuple(Text(line) for line in words.case_lines(case, tz)),
        tail=(Buttons("case_actions", tuple(buttons)),),
        close="Close",
    )


def chronology_screen(chronology: Chronology, tz: str) -> Screen:
    """Every event, newest last; where not all fit, the latest are shown and the rest exported."""
    return Screen(
        CallbackId.CHRONOLOGY.value,
        "Chronology",
        head=(Text(f"Chronology of referral {chronology.reference}", "strong"),),
        body=tuple(
            Text(f"{words.when(e.at, tz)}: {words.describe(e, tz)}") for e in chronology.entries
        ),
        tail=(
            Buttons(
                "chronology_actions",
                (Button(ActionId.EXPORT_CHRONOLOGY.value, "Export as text", chronology.reference),),
            ),
        ),
        close="Close",
        overflow=Overflow(
            "The first {hidden} events are not shown here: they are in the export.",
            keep="end",
            at="top",
        ),
    )


def export_screen(reference: str, text: str) -> Screen:
    """The export as verbatim text to copy into the case file; where it cannot all be shown,
    the screen says so first and where to get the whole export."""
    return Screen(
        CallbackId.CHRONOLOGY_EXPORT.value,
        "Chronology export",
        body=(Text(text, "code"),),
        footer="Copy this into the case file. The export is recorded.",
        close="Close",
        overflow=Overflow(
            "This is not the whole chronology. It is too long to show here, so the last "
            "{hidden} of its {total} parts are missing. Do not copy this into the case file: "
            "export the whole chronology in the console (mashbot console) with "
            f"/mash chronology {reference} export.",
            at="top",
            footer="The export is recorded.",
        ),
    )


def reply_screen(lines: list[str]) -> Screen:
    """A reply to a /mash command, seen only by the person who typed it."""
    return Screen(
        CallbackId.NOTICE.value,
        "MASH",
        body=(Text("\n".join(lines)),),
        surface=Surface.MESSAGE,
        overflow=Overflow(
            "This reply is too long to show here, so its end is not shown. The console "
            "(mashbot console) shows all of it."
        ),
    )
