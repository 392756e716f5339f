"""The concern's screens beyond its form: the details for MASH staff, and the Home tab."""

from __future__ import annotations

from typing import Any

from messages.actions import ActionId, CallbackId
from messages.forms.concern import FIELDS, NOT_KNOWN, YES_NO
from messages.i18n import format_datetime as _when
from messages.labels import RAG_WORD, reporter_status
from messages.screen import Button, Buttons, Fact, Facts, Overflow, Screen, Surface, Text
from messages.summary import DETAIL_ROWS
from workflows.children import name_known, named

CODED = ("child_gender", "family_aware", "consent")  # stored as codes, shown as the form's words
MAY_BE_NOT_KNOWN = ("when_happened", "where_happened")
SIGNS_CHECKLIST = "Signs checklist"
CHECKLIST_NOTE = "It counts the signs ticked; it does not measure danger."


def _detail(key: str, value: Any) -> str:
    if key in CODED:
        return FIELDS[key].options.get(str(value), str(value))
    if key in MAY_BE_NOT_KNOWN and not name_known(str(value)):
        return NOT_KNOWN
    if key == "spoke_to_lead":
        return YES_NO["yes" if value else "no"]
    return str(value)


def child_named(facts: dict[str, Any]) -> str:
    """The child as the record names them, or "Name not known — described as: …"."""
    return named(str(facts.get("child_name") or ""), facts.get("child_description"))


def _rows(facts: dict[str, Any]) -> tuple[Facts, ...]:
    """One labelled fact per detail given; a child without a name is named by the description."""
    named = not name_known(facts.get("child_name"))  # the description is on the child's line
    rows = []
    for key, label in DETAIL_ROWS:
        if facts.get(key) in (None, "") or (key == "child_description" and named):
            continue
        value = child_named(facts) if key == "child_name" else _detail(key, facts[key])
        rows.append(Facts((Fact(label, value),)))
    return tuple(rows)


def details_screen(facts: dict[str, Any], tz: str = "Europe/London") -> Screen:
    """The identifying details, for a MASH role (or, `own`, for the reporter who sent them);
    the caller has audited this view."""
    if facts.get("own"):
        return own_concern_screen(facts, tz)
    heading = (
        f"{facts['reference']} · {facts['area_name']} · received {_when(facts['received_at'], tz)}"
    )
    signs = ", ".join(facts["indicators"]) or "none ticked"
    checklist = f"{facts['screening_band']} (score {facts['screening_score']}). {CHECKLIST_NOTE}"
    head: tuple[Text, ...] = (Text(heading, "strong"),)
    if facts["immediate_danger"]:
        head += (
            Text("Immediate danger: the reporter said the child is in immediate danger.", "alarm"),
        )
    return Screen(
        CallbackId.CONCERN_DETAILS.value,
        "Concern details",
        head=head,
        body=(*_rows(facts), Facts((Fact("Signs", signs), Fact(SIGNS_CHECKLIST, checklist)))),
        footer="This view has been recorded in the audit log. Do not copy these details into a "
        "channel.",
        close="Close",
        overflow=Overflow(
            "These details are too long to show here in full; the rest is not shown.\n"
            f"Read them all in the console: mashbot console, then view {facts['reference']}."
        ),
    )


def own_concern_screen(facts: dict[str, Any], tz: str = "Europe/London") -> Screen:
    """What a reporter sent and where it is: never the MASH's work on it, nor other agencies'."""
    head: list[Text] = []
    if facts["immediate_danger"]:
        head.append(
            Text(
                f"You said the child was in immediate danger. If the child is still in danger, "
                f"call {facts['emergency_number']} now.",
                "alarm",
            )
        )
    head += [
        Text(
            f"{facts['reference']} · sent to the {facts['area_name']} MASH "
            f"{_when(facts['received_at'], tz)}",
            "strong",
        ),
        Text(f"Where it is now: {reporter_status(facts['status'])}."),
        Text(
            "This is what you sent. The MASH (multi-agency safeguarding hub) shares what it "
            "decides with you, not its notes or what other agencies told it."
        ),
    ]
    signs = ", ".join(facts["indicators"]) or "none ticked"
    return Screen(
        CallbackId.CONCERN_DETAILS.value,
        "Your concern",
        head=tuple(head),
        body=(*_rows(facts), Facts((Fact("Signs you ticked", signs),))),
        footer=f"If anything new worries you, report it again or call the {facts['area_name']} "
        f"MASH on {facts['mash_phone']}. Do not copy these details into a channel.",
        close="Close",
        overflow=Overflow(
            "What you sent is too long to show here in full; the rest is not shown. "
            f"To read all of it, call the MASH on {facts['mash_phone']}."
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
    for n, concern in enumerate(concerns[:20]):
        fact = Facts(
            (
                Fact(
                    concern["reference"],
                    f"{concern['area_name']} · sent {_when(concern['received_at'], tz)} · "
                    f"{reporter_status(concern['status'])}",
                ),
            )
        )
        if n >= CONCERNS_WITH_BUTTONS:  # the Home tab's blocks are few: older ones say status
            body.append(fact)
            continue
        see = Button(ActionId.VIEW_CONCERN_DETAILS.value, SEE_WHAT_YOU_SENT, concern["reference"])
        body.append((fact, Buttons(f"concern_{concern['reference']}", (see,))))
    if actions:  # only action leads see the section; a reporter's Home stays simple
        body += action_section(actions)
    return Screen(CallbackId.HOME.value, "Home", body=tuple(body), surface=Surface.HOME)


ACTIONS_SHOWN = 15
CONCERNS_WITH_BUTTONS = 10
SEE_WHAT_YOU_SENT = "See what you sent"


def action_section(actions: list[dict[str, Any]]) -> list[Any]:
    """The user's open actions with their buttons (items from `actions_home_items`)."""
    body: list[Any] = [Text("Your actions", "heading")]
    if not actions:
        return body + [Text("You lead no open actions.")]
    for item in actions[:ACTIONS_SHOWN]:
        flags = " · overdue" if item["overdue"] else ""
        answered = "update given" if item["answered"] else "update to do"
        rag = RAG_WORD.get(item["rag"] or "", "not rated")
        fact = Facts(
            (
                Fact(
                    f"{item['ref']} {item['description']}",
                    f"Due {item['due_label']}{flags} · {rag} · {item['period_label']} {answered}",
                ),
            )
        )
        if item["answered"]:
            body.append(fact)
            continue
        buttons = Buttons(
            f"home_act_{item['id']}",
            (
                Button(ActionId.ACTION_NO_CHANGE.value, "No change", item["value"]),
                Button(ActionId.ACTION_UPDATE.value, "Update", item["value"]),
            ),
        )
        body.append((fact, buttons))
    if len(actions) > ACTIONS_SHOWN:
        body.append(Text(f"And {len(actions) - ACTIONS_SHOWN} more: type /actions mine.", "note"))
    return body


def actions_home_items(lines: list[Any]) -> list[dict[str, Any]]:
    """`workflows.actions.queries.ActionLine`s as the facts the Home tab shows."""
    from workflows.actions.cadence import period_label
    from workflows.actions.form import button_value

    return [
        {
            "id": line.id,
            "ref": line.ref,
            "description": line.description,
            "due_label": line.due_label,
            "overdue": line.overdue,
            "rag": line.rag,
            "answered": line.answered,
            "period_label": period_label(line.period),
            "value": button_value(line.id, line.period, "home"),
        }
        for line in lines
    ]
