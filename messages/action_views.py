"""Slack views for action plans: the Update form, the Snooze form and the Home tab section.

Built in code from the platform-free update form (`workflows.actions.updates.UPDATE_FORM`), so
the console and Slack ask the same questions. The Home section is a list of blocks that the Home
view builder can append; it does not replace `slack_views.home_view`.
"""

from __future__ import annotations

import json
from typing import Any

from messages.actions import ActionId, CallbackId
from messages.blockkit import mrkdwn, option, plain
from messages.labels import RAG_WORD
from messages.render import slack_escape
from workflows.actions.cadence import period_label
from workflows.actions.form import UPDATE_FORM, button_value
from workflows.concerns.form import FieldKind


def _element(field_id: str, kind: FieldKind, options: tuple, max_length: int) -> dict[str, Any]:
    if kind in (FieldKind.SELECT, FieldKind.YES_NO):
        return {
            "type": "radio_buttons",
            "action_id": field_id,
            "options": [option(o.value, o.label) for o in options],
        }
    element: dict[str, Any] = {
        "type": "plain_text_input",
        "action_id": field_id,
        "max_length": min(max_length, 3000),
    }
    if kind == FieldKind.MULTILINE:
        element["multiline"] = True
    if field_id == "new_due_date":
        element["placeholder"] = plain("dd/mm/yyyy")
    return element


def update_view(action: dict[str, Any], value: str) -> dict[str, Any]:
    """The Update form for one action; `value` (action|period|step) rides in private_metadata."""
    blocks: list[dict[str, Any]] = [
        {
            "type": "section",
            "text": mrkdwn(
                f"*{slack_escape(action['ref'])}* {slack_escape(action['description'])}\n"
                f"Due {slack_escape(action['due_label'])} · last RAG {RAG_WORD.get(action.get('rag') or '', 'none')}"
            ),
        }
    ]
    for field in UPDATE_FORM.fields:
        block: dict[str, Any] = {
            "type": "input",
            "block_id": field.id,
            "label": plain(field.label, 2000),
            "optional": not field.required,
            "element": _element(field.id, field.kind, field.options, field.max_length),
        }
        if field.hint:
            block["hint"] = plain(field.hint, 2000)
        blocks.append(block)
    return {
        "type": "modal",
        "callback_id": CallbackId.ACTION_UPDATE_FORM.value,
        "title": plain("Update an action", 24),
        "submit": plain("Save update", 24),
        "close": plain("Cancel", 24),
        "private_metadata": json.dumps({"value": value}),
        "blocks": blocks,
    }


def snooze_view(action: dict[str, Any], value: str, snooze_days: int) -> dict[str, Any]:
    """Ask for the reason before holding a reminder (once per reminder)."""
    return {
        "type": "modal",
        "callback_id": CallbackId.ACTION_SNOOZE_FORM.value,
        "title": plain("Snooze a reminder", 24),
        "submit": plain("Snooze", 24),
        "close": plain("Cancel", 24),
        "private_metadata": json.dumps({"value": value}),
        "blocks": [
            {
                "type": "section",
                "text": mrkdwn(
                    f"*{slack_escape(action['ref'])}* {slack_escape(action['description'])}\n"
                    f"The next reminder and any escalation wait {snooze_days} working days. "
                    "You can snooze each reminder once."
                ),
            },
            {
                "type": "input",
                "block_id": "reason",
                "label": plain("Why do you need more time?"),
                "element": {
                    "type": "plain_text_input",
                    "action_id": "reason",
                    "max_length": 500,
                    "placeholder": plain("For example: on leave until Thursday"),
                },
            },
        ],
    }


def home_section(actions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Blocks listing the user's open actions with their buttons, for the Home tab."""
    blocks: list[dict[str, Any]] = [{"type": "header", "text": plain("Your actions")}]
    if not actions:
        blocks.append({"type": "section", "text": mrkdwn("You lead no open actions.")})
        return blocks
    for item in actions[:15]:
        flags = " · :warning: overdue" if item["overdue"] else ""
        answered = "update given" if item["answered"] else "update to do"
        blocks.append(
            {
                "type": "section",
                "text": mrkdwn(
                    f"*{slack_escape(item['ref'])}* {slack_escape(item['description'])}\n"
                    f"Due {slack_escape(item['due_label'])}{flags} · {RAG_WORD.get(item['rag'] or '', 'not rated')}"
                    f" · {slack_escape(item['period_label'])} {answered}"
                ),
            }
        )
        if not item["answered"]:
            blocks.append(
                {
                    "type": "actions",
                    "block_id": f"home_act_{item['id']}",
                    "elements": [
                        {
                            "type": "button",
                            "action_id": ActionId.ACTION_NO_CHANGE.value,
                            "value": item["value"],
                            "text": plain("No change"),
                        },
                        {
                            "type": "button",
                            "action_id": ActionId.ACTION_UPDATE.value,
                            "value": item["value"],
                            "text": plain("Update"),
                        },
                    ],
                }
            )
    if len(actions) > 15:
        blocks.append(
            {
                "type": "context",
                "elements": [mrkdwn(f"And {len(actions) - 15} more: type /actions mine.")],
            }
        )
    return blocks


def home_items(lines: list[Any]) -> list[dict[str, Any]]:
    """`workflows.actions.queries.ActionLine`s as the facts `home_section` shows."""
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
