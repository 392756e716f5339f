"""The concern's screens beyond its form: the details for MASH staff, and the Home tab."""

from __future__ import annotations

from typing import Any

from messages.actions import ActionId, CallbackId
from messages.forms.concern import FIELDS
from messages.i18n import format_datetime as _when
from messages.labels import reporter_status
from messages.screen import Button, Buttons, Fact, Facts, Overflow, Screen, Surface, Text
from messages.screens.actions import action_section, actions_home_items  # noqa: F401
from messages.summary import DETAIL_ROWS

CODED = ("child_gender", "family_aware", "consent")  # stored as codes, shown as the form's words


def _detail(key: str, value: Any) -> str:
    if key in CODED:
        return FIELDS[key].options.get(str(value), str(value))
    return str(value)


def details_screen(facts: dict[str, Any], tz: str = "Europe/London") -> Screen:
    """The identifying details, for a MASH role only; the caller has audited this view."""
    heading = (
        f"{facts['reference']} · {facts['area_name']} · received {_when(facts['received_at'], tz)}"
    )
    rows = tuple(
        Facts((Fact(label, _detail(key, facts[key])),))
        for key, label in DETAIL_ROWS
        if facts.get(key) not in (None, "")
    )
    signs = ", ".join(facts["indicators"]) or "none ticked"
    screening = f"{facts['screening_band']} (score {facts['screening_score']})"
    head: tuple[Text, ...] = (Text(heading, "strong"),)
    if facts["immediate_danger"]:
        head += (Text("Immediate danger", "alarm"),)
    return Screen(
        CallbackId.CONCERN_DETAILS.value,
        "Concern details",
        head=head,
        body=(*rows, Facts((Fact("Signs", signs), Fact("Screening", screening)))),
        footer="This view has been recorded in the audit log. Do not copy these details into a "
        "channel.",
        close="Close",
        overflow=Overflow(
            "These details are too long to show here in full; the rest is not shown.\n"
            f"Read them all in the console: mashbot console, then view {facts['reference']}."
        ),
    )


def home_screen(
    concerns: list[dict[str, Any]],
    drafts: list[dict[str, Any]],
    actions: list[dict[str, Any]] | None = None,
    tz: str = "Europe/London",
) -> Screen:
    """The Home tab: a button to report, drafts to resume, the user's concerns and actions."""
    body: list[Any] = [
        Text("Worried about a child?", "heading"),
        Text("If a child is in danger right now, call 999 first. Then report it here."),
        Buttons(
            "home_actions",
            (Button(ActionId.START_CONCERN.value, "Report a concern", primary=True),),
        ),
    ]
    if drafts:
        body.append(Text("Unfinished concerns", "heading"))
        for draft in drafts[:10]:
            body.append(
                (
                    Text(f"Started, last saved {_when(draft['updated_at'], tz)}"),
                    Buttons(
                        f"draft_{draft['draft_id']}",
                        (Button(ActionId.RESUME_DRAFT.value, "Carry on", draft["draft_id"]),),
                    ),
                )
            )
    body.append(Text("Your concerns", "heading"))
    if not concerns:
        body.append(Text("You have not reported any concerns yet."))
    for concern in concerns[:20]:
        body.append(
            Facts(
                (
                    Fact(
                        concern["reference"],
                        f"{concern['area_name']} · sent {_when(concern['received_at'], tz)} · "
                        f"{reporter_status(concern['status'])}",
                    ),
                )
            )
        )
    if actions:  # only action leads see the section; a reporter's Home stays simple
        body += action_section(actions)
    return Screen(CallbackId.HOME.value, "Home", body=tuple(body), surface=Surface.HOME)
