"""Slack modal and Home views built from platform-free steps and facts.

Views are structural (one input block per form field), so they are built in code from the same
`Step` definitions the console uses, rather than hand-written per step in templates.
"""

from __future__ import annotations

import json
from typing import Any

from messages.actions import ActionId, CallbackId
from messages.blockkit import (
    VIEW_BLOCK_LIMIT,
    many_choice,
    mrkdwn,
    option,
    plain,
    section,
    sections,
)
from messages.render import _when, slack_escape
from messages.summary import DETAIL_ROWS
from workflows.concerns.form import Field, FieldKind, Step

TITLE = "Report a concern"


def _element(field: Field, value: Any) -> dict[str, Any]:
    action_id = field.id
    if field.kind in (FieldKind.TEXT, FieldKind.NUMBER, FieldKind.DATE):
        element: dict[str, Any] = {
            "type": "plain_text_input",
            "action_id": action_id,
            "max_length": min(field.max_length, 3000),
        }
        if field.kind == FieldKind.DATE:
            element["placeholder"] = plain("dd/mm/yyyy")
        if value not in (None, ""):
            element["initial_value"] = str(value)
        return element
    if field.kind == FieldKind.MULTILINE:
        element = {
            "type": "plain_text_input",
            "action_id": action_id,
            "multiline": True,
            "max_length": min(field.max_length, 3000),
        }
        if value:
            element["initial_value"] = str(value)
        return element
    options = [option(o.value, o.label) for o in field.options]
    if field.kind == FieldKind.CHECKBOXES:
        chosen = [o for o in options if value and o["value"] in value]
        return {"action_id": action_id, **many_choice(options, chosen)}
    kind = (
        "radio_buttons" if field.kind == FieldKind.YES_NO or len(options) <= 4 else "static_select"
    )
    element = {"type": kind, "action_id": action_id, "options": options}
    chosen = [o for o in options if o["value"] == value]
    if chosen:
        element["initial_option"] = chosen[0]
    return element


def _input_block(field: Field, value: Any) -> dict[str, Any]:
    block: dict[str, Any] = {
        "type": "input",
        "block_id": field.id,
        "label": plain(field.label, 2000),
        "optional": not field.required,
        "element": _element(field, value),
    }
    if field.hint:
        block["hint"] = plain(field.hint, 2000)
    return block


def form_step_view(
    step: Step,
    answers: dict[str, Any],
    private_metadata: dict[str, Any],
    position: tuple[int, int],
    *,
    danger: bool = False,
    review: list[str] | None = None,
    problems: list[str] | None = None,
) -> dict[str, Any]:
    """One step as a modal; typed answers are shown again, so going on or back loses nothing."""
    blocks: list[dict[str, Any]] = [
        {"type": "context", "elements": [mrkdwn(f"Step {position[0]} of {position[1]}")]}
    ]
    if problems:
        lines = "\n".join(f"• {slack_escape(p)}" for p in problems)
        blocks.append(
            {
                "type": "section",
                "text": mrkdwn(
                    f":warning: *Please check these answers, then press Next:*\n{lines}"
                ),
            }
        )
    if danger and step.id != "danger_advice":
        blocks.append(
            {
                "type": "section",
                "text": mrkdwn(
                    ":rotating_light: *You said the child is in "
                    "immediate danger.* If you have not called 999, "
                    "do it now."
                ),
            }
        )
    if step.intro:
        blocks += sections(slack_escape(step.intro))
    for line in step.advice:
        blocks.append(section(f"*{slack_escape(line)}*"))
    for line in review or []:
        blocks += sections(slack_escape(line))
    for field in step.fields:
        blocks.append(_input_block(field, answers.get(field.id)))
    if position[0] > 1:  # Slack modals have one submit button; going back is an action
        blocks.append(
            {
                "type": "actions",
                "block_id": "form_navigation",
                "elements": [
                    {
                        "type": "button",
                        "action_id": ActionId.FORM_BACK.value,
                        "text": plain("Back to the previous step"),
                    }
                ],
            }
        )
    submit = {"review": "Send to MASH", "danger_advice": "Carry on"}.get(step.id, "Next")
    return {
        "type": "modal",
        "callback_id": CallbackId.CONCERN_STEP.value,
        "title": plain(TITLE, 24),
        "submit": plain(submit, 24),
        "close": plain("Save for later", 24),
        "notify_on_close": True,
        "private_metadata": json.dumps(private_metadata),
        "blocks": blocks[:100],
    }


def notice_view(title: str, lines: list[str]) -> dict[str, Any]:
    """A read-only modal: a refusal, a confirmation, an error the user must read."""
    return {
        "type": "modal",
        "callback_id": CallbackId.NOTICE.value,
        "title": plain(title, 24),
        "close": plain("Close", 24),
        "blocks": [block for line in lines for block in sections(slack_escape(line))][
            :VIEW_BLOCK_LIMIT
        ],
    }


def sent_view(reference: str, area_name: str, mash_phone: str) -> dict[str, Any]:
    return notice_view(
        "Concern sent",
        [
            f"Thank you. Your concern has reached the {area_name} MASH.",
            f"Your reference is {reference}. We have also sent it to you in a message.",
            f"Questions? Call the MASH on {mash_phone}.",
        ],
    )


def details_view(facts: dict[str, Any], tz: str = "Europe/London") -> dict[str, Any]:
    """The identifying details, for a MASH role only; the caller has audited this view.

    Long answers run over several sections. If the whole would pass Slack's 100 blocks, the view
    says where the rest is rather than leaving it out unsaid.
    """
    heading = section(
        f"*{slack_escape(facts['reference'])}* · {slack_escape(facts['area_name'])} · received "
        f"{_when(facts['received_at'], tz)}"
        + (" · :rotating_light: immediate danger" if facts["immediate_danger"] else "")
    )
    body: list[dict[str, Any]] = []
    for key, label in DETAIL_ROWS:
        value = facts.get(key)
        if value not in (None, ""):
            body += sections(f"*{label}*\n{slack_escape(value)}")
    signs = ", ".join(facts["indicators"]) or "none ticked"
    body += sections(
        f"*Signs*\n{slack_escape(signs)}\n*Screening* {slack_escape(facts['screening_band'])} "
        f"(score {slack_escape(facts['screening_score'])})"
    )
    footer = {
        "type": "context",
        "elements": [
            mrkdwn(
                "This view has been recorded in the audit log. Do not copy these details into a channel."
            )
        ],
    }
    room = VIEW_BLOCK_LIMIT - 2  # the heading and the footer
    if len(body) > room:
        body = body[: room - 1] + [
            section(
                ":warning: *These details are too long to show here in full; the rest is not "
                "shown.* Read them all in the console: `mashbot console`, then "
                f"`view {slack_escape(facts['reference'])}`."
            )
        ]
    return {
        "type": "modal",
        "callback_id": CallbackId.CONCERN_DETAILS.value,
        "title": plain("Concern details", 24),
        "close": plain("Close", 24),
        "blocks": [heading, *body, footer],
    }


def home_view(
    concerns: list[dict[str, Any]], drafts: list[dict[str, Any]], tz: str = "Europe/London"
) -> dict[str, Any]:
    """The Home tab: a button to report, drafts to resume, and the user's own concerns."""
    blocks: list[dict[str, Any]] = [
        {"type": "header", "text": plain("Worried about a child?")},
        {
            "type": "section",
            "text": mrkdwn(
                "If a child is in danger right now, *call 999* first. Then report it here."
            ),
        },
        {
            "type": "actions",
            "block_id": "home_actions",
            "elements": [
                {
                    "type": "button",
                    "action_id": ActionId.START_CONCERN.value,
                    "style": "primary",
                    "text": plain("Report a concern"),
                }
            ],
        },
    ]
    if drafts:
        blocks.append({"type": "header", "text": plain("Unfinished concerns")})
        for draft in drafts[:10]:
            blocks.append(
                {
                    "type": "section",
                    "block_id": f"draft_{draft['draft_id']}",
                    "text": mrkdwn(f"Started, last saved {_when(draft['updated_at'], tz)}"),
                    "accessory": {
                        "type": "button",
                        "action_id": ActionId.RESUME_DRAFT.value,
                        "value": draft["draft_id"],
                        "text": plain("Carry on"),
                    },
                }
            )
    blocks.append({"type": "header", "text": plain("Your concerns")})
    if not concerns:
        blocks.append(
            {"type": "section", "text": mrkdwn("You have not reported any concerns yet.")}
        )
    for concern in concerns[:20]:
        blocks.append(
            {
                "type": "section",
                "text": mrkdwn(
                    f"*{concern['reference']}* · {slack_escape(concern['area_name'])} · sent "
                    f"{_when(concern['received_at'], tz)}\n{slack_escape(concern['status'])}"
                ),
            }
        )
    return {"type": "home", "blocks": blocks[:100]}


def field_errors(errors: dict[str, str], step: Step) -> dict[str, str]:
    """Errors keyed by block id for `response_action: errors`; a stray error lands on a field."""
    block_ids = [f.id for f in step.fields]
    placed: dict[str, str] = {}
    for key, message in errors.items():
        target = key if key in block_ids else (block_ids[-1] if block_ids else key)
        placed[target] = (placed[target] + " " + message) if target in placed else message
    return placed
