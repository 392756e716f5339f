"""Screens as Microsoft Teams Adaptive Cards 1.5: cards in conversations, dialogs for forms.

Only elements and actions that exist in Adaptive Cards 1.5 are used (TextBlock, FactSet,
Container, Input.Text/Date/Number/ChoiceSet, Action.Submit). Layout only: every word comes
from the screen. A button's semantic action id and data ride in its `data`, as do the form's
meta, so a submission comes back to the Teams adapter as (action or screen id, meta, answers).
A button that opens a form asks Teams for a dialog (task/fetch) instead of posting.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from typing import Any

from messages.actions import ActionId
from messages.render import inert
from messages.screen import Buttons, Facts, Input, Screen, Section, Surface, Text
from workflows.forms import FieldKind

VERSION = "1.5"
SCHEMA = "http://adaptivecards.io/schemas/adaptive-card.json"
CARD_CONTENT_TYPE = "application/vnd.microsoft.card.adaptive"

# Buttons that open a form: in Teams they open a dialog (task module) instead of posting.
FORM_OPENERS = frozenset(
    {
        ActionId.START_CONCERN.value,
        ActionId.RESUME_DRAFT.value,
        ActionId.ACTION_UPDATE.value,
        ActionId.ACTION_SNOOZE.value,
        ActionId.OPEN_REQUEST_FORM.value,
        ActionId.OPEN_REQUEST.value,
        ActionId.OPEN_ASSESSMENT.value,
        ActionId.OPEN_DECISION.value,
        ActionId.OPEN_SERIES_FORM.value,
        ActionId.OPEN_MAP_FORM.value,
        ActionId.OPEN_MAP_PROPOSE.value,
        ActionId.OPEN_MINUTES.value,
    }
)
OPENS_DIALOG = {"type": "task/fetch"}  # a form opener's `msteams` data


def _text(t: Text) -> list[dict[str, Any]]:
    block: dict[str, Any] = {"type": "TextBlock", "text": inert(t.text), "wrap": True}
    if t.style == "note":
        block |= {"isSubtle": True, "size": "Small"}
    elif t.style == "heading":
        block |= {"weight": "Bolder", "size": "Medium"}
    elif t.style == "strong":
        block["weight"] = "Bolder"
    elif t.style in ("alarm", "warning"):
        block |= {"weight": "Bolder", "color": "Attention"}
    elif t.style == "code":
        block["fontType"] = "Monospace"
    return [block]


def _facts(f: Facts) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    if f.title:
        items.append(
            {"type": "TextBlock", "text": inert(f.title), "weight": "Bolder", "wrap": True}
        )
    facts = [{"title": inert(x.label), "value": inert(x.value)} for x in f.facts]
    items.append({"type": "FactSet", "facts": facts})
    return items


def _date_value(value: Any) -> str | None:
    from workflows.forms import parse_date

    try:
        return parse_date(str(value)).isoformat()
    except ValueError:
        return None


def _input(i: Input) -> list[dict[str, Any]]:
    required = i.required and i.when is None  # as in Slack: the driver requires it when it applies
    element: dict[str, Any] = {"id": i.id, "label": i.label, "isRequired": required}
    if required or i.error:
        element["errorMessage"] = i.error or i.missing or i.label
    value = i.value
    if i.kind == FieldKind.DATE:
        element["type"] = "Input.Date"
        if value not in (None, "") and (iso := _date_value(value)):
            element["value"] = iso
    elif i.kind == FieldKind.NUMBER:
        element["type"] = "Input.Number"
        if value not in (None, ""):
            with contextlib.suppress(ValueError):
                element["value"] = int(str(value))
    elif i.kind in (FieldKind.TEXT, FieldKind.MULTILINE):
        element |= {"type": "Input.Text", "maxLength": i.max_length}
        if i.kind == FieldKind.MULTILINE:
            element["isMultiline"] = True
        if value not in (None, ""):
            element["value"] = str(value)
    else:
        many = i.kind == FieldKind.CHECKBOXES
        element |= {
            "type": "Input.ChoiceSet",
            "choices": [{"title": c.label, "value": c.value} for c in i.choices],
            "style": "expanded" if many or len(i.choices) <= 4 else "compact",
        }
        if many:
            element["isMultiSelect"] = True
            if value:
                element["value"] = ",".join(value)
        elif value not in (None, ""):
            element["value"] = str(value)
    if i.placeholder:
        element["placeholder"] = i.placeholder
    items = [element]
    if i.hint:
        items.append({"type": "TextBlock", "text": i.hint, "isSubtle": True, "wrap": True})
    if i.error:
        items.append({"type": "TextBlock", "text": i.error, "color": "Attention", "wrap": True})
    return items


def _submit(
    title: str,
    data: dict[str, Any],
    primary: bool = False,
    inputs: bool = True,
    tooltip: str | None = None,
) -> dict:
    action: dict[str, Any] = {"type": "Action.Submit", "title": title, "data": data}
    if primary:
        action["style"] = "positive"
    if not inputs:
        action["associatedInputs"] = "none"
    if tooltip:
        action["tooltip"] = tooltip  # read by screen readers and shown on hover (cards 1.5)
    return action


def _button_data(action: str, value: Any, meta: dict[str, Any]) -> dict[str, Any]:
    data = {"action": action, "value": value, **({"meta": meta} if meta else {})}
    if action in FORM_OPENERS:
        data["msteams"] = dict(OPENS_DIALOG)
    return data


def _buttons(b: Buttons, meta: dict[str, Any]) -> list[dict[str, Any]]:
    actions = [
        _submit(
            x.label,
            _button_data(x.action, x.value, meta),
            x.primary,
            inputs=False,
            tooltip=x.accessible,
        )
        for x in b.buttons
    ]
    return [{"type": "ActionSet", "id": b.id, "actions": actions}]


def body_of(s: Section, meta: dict[str, Any]) -> list[dict[str, Any]]:
    if isinstance(s, Text):
        return _text(s)
    if isinstance(s, Facts):
        return _facts(s)
    if isinstance(s, Input):
        return _input(s)
    return _buttons(s, meta)


def card(screen: Screen) -> dict[str, Any]:
    """A screen as an Adaptive Card: its title, every section, and its submit button."""
    body: list[dict[str, Any]] = []
    if screen.surface == Surface.MODAL:  # a dialog's title bar, as a modal has in Slack
        title = {"type": "TextBlock", "text": screen.title, "weight": "Bolder", "size": "Large"}
        body.append(title | {"wrap": True})
    if screen.subtitle:
        body += _text(Text(screen.subtitle, "heading"))
    for s in screen.sections():
        body += body_of(s, screen.meta)
    if screen.footer:
        body += _text(Text(screen.footer, "note"))
    result: dict[str, Any] = {
        "type": "AdaptiveCard",
        "$schema": SCHEMA,
        "version": VERSION,
        "body": body,
    }
    if screen.submit:
        result["actions"] = [
            _submit(screen.submit, {"screen": screen.id, "meta": screen.meta}, primary=True)
        ]
    return result


def dialog(screen: Screen) -> dict[str, Any]:
    """A modal screen as a Teams dialog (task module) response; other surfaces as a card."""
    return {
        "task": {
            "type": "continue",
            "value": {
                "title": screen.title,
                "card": {"contentType": CARD_CONTENT_TYPE, "content": card(screen)},
            },
        }
    }


def render(screen: Screen) -> dict[str, Any]:
    return dialog(screen) if screen.surface == Surface.MODAL else card(screen)


def answers_from_submit(screen: Screen, data: dict[str, Any]) -> dict[str, Any]:
    """What a submitted card or dialog answered, by field id, in the form driver's shapes.

    Teams sends every input's value as text: several choices joined by commas, a date as
    yyyy-mm-dd (which `workflows.forms.parse_date` reads), an empty field as "" or not at all.
    """
    return answers_of(screen.inputs(), data)


def answers_of(fields: Iterable[Any], data: dict[str, Any]) -> dict[str, Any]:
    """`answers_from_submit` for a step's fields (each with its `id` and `kind`), without drawing
    the screen first."""
    answers: dict[str, Any] = {}
    for i in fields:
        raw = data.get(i.id)
        if i.kind == FieldKind.CHECKBOXES:
            answers[i.id] = [v for v in str(raw or "").split(",") if v]
        else:
            answers[i.id] = None if raw in (None, "") else str(raw)
    return answers
