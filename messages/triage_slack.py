"""MASH triage in Slack: the /mash replies and the modals (case, chronology, request, answer,
assessment, decision), built from the same words as the console (messages.triage_text).

Input block ids are the workflow's field names, so a workflow's InvalidInput errors land on the
right field with `response_action: errors`.
"""

from __future__ import annotations

import json
from collections.abc import Collection
from typing import Any

from messages import triage_text as words
from messages.actions import ActionId, CallbackId
from messages.blockkit import (
    MESSAGE_BLOCK_LIMIT,
    MRKDWN_LIMIT,
    VIEW_BLOCK_LIMIT,
    many_choice,
    mrkdwn,
    option,
    plain,
    section,
    sections,
    split_mrkdwn,
)
from messages.render import slack_escape
from workflows.triage.results import CaseView, Chronology, Suggestion
from workflows.triage_settings import RiskLevel

CODE_FENCE = "```"


def _modal(
    callback: CallbackId,
    title: str,
    blocks: list[dict[str, Any]],
    *,
    submit: str | None = None,
    meta: dict[str, Any] | None = None,
) -> dict[str, Any]:
    view: dict[str, Any] = {
        "type": "modal",
        "callback_id": callback.value,
        "title": plain(title, 24),
        "close": plain("Close" if submit is None else "Cancel", 24),
        "blocks": blocks[:VIEW_BLOCK_LIMIT],
    }
    if submit:
        view["submit"] = plain(submit, 24)
    if meta is not None:
        view["private_metadata"] = json.dumps(meta)
    return view


def _input(
    block_id: str,
    label: str,
    element: dict[str, Any],
    *,
    optional: bool = False,
    hint: str | None = None,
) -> dict[str, Any]:
    block: dict[str, Any] = {
        "type": "input",
        "block_id": block_id,
        "label": plain(label, 2000),
        "optional": optional,
        "element": {"action_id": block_id, **element},
    }
    if hint:
        block["hint"] = plain(hint, 2000)
    return block


def _text_input(multiline: bool = False, initial: str | None = None) -> dict[str, Any]:
    element: dict[str, Any] = {"type": "plain_text_input", "multiline": multiline}
    if initial:
        element["initial_value"] = initial
    return element


def _button(action: ActionId, label: str, value: str, primary: bool = False) -> dict[str, Any]:
    button = {
        "type": "button",
        "action_id": action.value,
        "text": plain(label, 75),
        "value": value,
    }
    if primary:
        button["style"] = "primary"
    return button


def notice(title: str, lines: list[str]) -> dict[str, Any]:
    """A read-only modal: a refusal or an error the person must read."""
    return _modal(
        CallbackId.NOTICE,
        title,
        [block for line in lines for block in sections(slack_escape(line))],
    )


def reply(lines: list[str]) -> dict[str, Any]:
    """An ephemeral reply to /mash: notification text and one section per few lines."""
    chunks = split_mrkdwn(slack_escape("\n".join(lines)))
    if len(chunks) > MESSAGE_BLOCK_LIMIT:
        chunks = chunks[: MESSAGE_BLOCK_LIMIT - 1] + [
            "_This reply is too long for Slack, so its end is not shown. "
            "The console (`mashbot console`) shows all of it._"
        ]
    return {"text": chunks[0], "blocks": [section(c) for c in chunks]}


def case_modal(case: CaseView, tz: str, decision_maker: bool) -> dict[str, Any]:
    """The case (no identifying details), with buttons to go on; the caller audited the view."""
    blocks = [
        block for line in words.case_lines(case, tz) for block in sections(slack_escape(line))
    ]
    buttons = [
        _button(ActionId.VIEW_CONCERN_DETAILS, "View details", case.reference),
        _button(ActionId.OPEN_CHRONOLOGY, "Chronology", case.reference),
    ]
    if case.status == "open":
        buttons.insert(0, _button(ActionId.OPEN_REQUEST_FORM, "Ask agencies", case.reference))
    if decision_maker:
        buttons += [
            _button(ActionId.OPEN_ASSESSMENT, "Assess risk", case.reference),
            _button(ActionId.OPEN_DECISION, "Decide", case.reference, primary=True),
        ]
    blocks.append({"type": "actions", "block_id": "case_actions", "elements": buttons})
    return _modal(CallbackId.CASE, "Case", blocks)


def chronology_modal(chronology: Chronology, tz: str) -> dict[str, Any]:
    """Every event, newest last; a chronology too long for one modal shows its latest events and
    says the earlier ones are in the export."""
    events = [
        sections(slack_escape(f"{words.when(e.at, tz)}: {words.describe(e, tz)}"))
        for e in chronology.entries
    ]
    room = VIEW_BLOCK_LIMIT - 3  # the heading, the note on earlier events and the button
    shown: list[dict[str, Any]] = []
    hidden = len(events)
    while hidden and len(shown) + len(events[hidden - 1]) <= room:
        hidden -= 1
        shown = events[hidden] + shown
    blocks = [section(f"*Chronology of referral {slack_escape(chronology.reference)}*")]
    if hidden:
        blocks.append(
            section(f"_The first {hidden} events are not shown here: they are in the export._")
        )
    blocks += shown
    blocks.append(
        {
            "type": "actions",
            "block_id": "chronology_actions",
            "elements": [
                _button(ActionId.EXPORT_CHRONOLOGY, "Export as text", chronology.reference)
            ],
        }
    )
    return _modal(CallbackId.CHRONOLOGY, "Chronology", blocks)


def chronology_export_modal(reference: str, text: str) -> dict[str, Any]:
    """The export as preformatted text to copy into the case file; if Slack cannot hold all of
    it, the modal says so first and where to get the whole export."""
    pieces = split_mrkdwn(slack_escape(text), MRKDWN_LIMIT - 2 * len(CODE_FENCE))
    room = VIEW_BLOCK_LIMIT - 1  # the closing note
    blocks: list[dict[str, Any]] = []
    if len(pieces) > room:
        room -= 1  # the warning
        blocks.append(
            section(
                ":warning: *This is not the whole chronology.* It is too long to show in Slack, "
                f"so the last {len(pieces) - room} of its {len(pieces)} parts are missing here. "
                "Do not copy this into the case file: export the whole chronology in the console "
                f"(`mashbot console`) with `/mash chronology {slack_escape(reference)} export`."
            )
        )
        note = "The export is recorded."
    else:
        note = "Copy this into the case file. The export is recorded."
    blocks += [section(f"{CODE_FENCE}{piece}{CODE_FENCE}") for piece in pieces[:room]]
    blocks.append({"type": "context", "elements": [mrkdwn(note)]})
    return _modal(CallbackId.CHRONOLOGY_EXPORT, "Chronology export", blocks)


def request_form_modal(
    reference: str,
    agencies: list[tuple[str, str]],
    shareable: list[tuple[str, str]],
    default_share: tuple[str, ...],
    question: str,
    lawful_basis: str,
    chosen: Collection[str] = (),
) -> dict[str, Any]:
    """Which agencies to ask (`chosen` ones ticked), what to ask, and the least detail to share."""
    share_options = [option(key, label) for key, label in shareable]
    agency_options = [option(a, name) for a, name in agencies][:100]
    blocks = [
        section(f"Ask partner agencies what they hold about *{slack_escape(reference)}*."),
        _input(
            "agencies",
            "Agencies to ask",
            many_choice(agency_options, [o for o in agency_options if o["value"] in chosen]),
        ),
        _input("question", "Question", _text_input(True, question)),
        _input(
            "share",
            "Details they need to search their records",
            many_choice(
                share_options[:100], [o for o in share_options if o["value"] in default_share]
            ),
            hint="Share the least you can.",
        ),
        {
            "type": "context",
            "elements": [{"type": "mrkdwn", "text": f"Lawful basis: {slack_escape(lawful_basis)}"}],
        },
    ]
    return _modal(
        CallbackId.REQUEST_FORM, "Ask agencies", blocks, submit="Send", meta={"ref": reference}
    )


ANSWER_OPTIONS = (
    ("held", "Information held"),
    ("nothing_known", "Nothing known"),
    ("confidential", "Confidential information exists"),
)


def answer_modal(
    facts: dict[str, Any], overdue: bool, tz: str, previous: str | None
) -> dict[str, Any]:
    """One request for its agency's lead: what is asked, what to search for, and the answer."""
    blocks = [section(slack_escape(line)) for line in words.request_lines(facts, overdue, tz)]
    if previous:
        blocks.append(
            section(f"_You answered before ({slack_escape(previous)}); a new answer replaces it._")
        )
    blocks += [
        _input(
            "kind",
            "What does your agency hold?",
            {
                "type": "radio_buttons",
                "options": [option(v, label) for v, label in ANSWER_OPTIONS],
            },
        ),
        _input(
            "text",
            "What you hold that is relevant",
            _text_input(True),
            optional=True,
            hint="Necessary, proportionate, accurate. Needed if you hold information.",
        ),
        _input(
            "held_by",
            "Who holds the confidential information",
            _text_input(),
            optional=True,
            hint="A team or role and how to reach them.",
        ),
    ]
    return _modal(
        CallbackId.REQUEST_ANSWER,
        f"Request {facts['request_id']}",
        blocks,
        submit="Send answer",
        meta={"request": facts["request_id"]},
    )


def assessment_modal(
    reference: str, suggestion: Suggestion, levels: tuple[RiskLevel, ...]
) -> dict[str, Any]:
    options = [option(level.id, level.label) for level in levels]
    element: dict[str, Any] = {"type": "radio_buttons", "options": options}
    chosen = [o for o in options if o["value"] == suggestion.level_id]
    if chosen:
        element["initial_option"] = chosen[0]
    blocks = [
        section(slack_escape(words.suggestion_line(suggestion))),
        _input("level", "Risk level", element),
        _input(
            "rationale",
            "Rationale",
            _text_input(True),
            optional=True,
            hint="Needed if you differ from the screening's suggestion.",
        ),
    ]
    return _modal(
        CallbackId.ASSESSMENT, "Risk assessment", blocks, submit="Record", meta={"ref": reference}
    )


def decision_modal(
    reference: str,
    outcomes: list[tuple[str, str]],
    crime_teams: list[tuple[str, str]],
    decided_before: bool,
) -> dict[str, Any]:
    blocks = [
        section(
            f"The decision on *{slack_escape(reference)}*. The reporter is told the outcome only."
        ),
        _input(
            "outcomes",
            "Outcome",
            many_choice([option(v, label) for v, label in outcomes][:100]),
        ),
        _input(
            "crime_team",
            "Who investigates the crime",
            {
                "type": "static_select",
                "options": [option(v, label) for v, label in crime_teams][:100],
            },
            optional=True,
            hint="Only for 'crime to investigate'.",
        ),
        _input("rationale", "Why", _text_input(True)),
    ]
    if decided_before:
        blocks.append(
            _input(
                "correction_reason",
                "Why you are correcting the earlier decision",
                _text_input(True),
            )
        )
    return _modal(CallbackId.DECISION, "Decision", blocks, submit="Record", meta={"ref": reference})
