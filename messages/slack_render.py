"""Screens as Slack Block Kit: modals, the Home tab and ephemeral replies.

The only module of `messages` that knows Block Kit (with `messages.blockkit`). Views are built
as plain dicts within Slack's limits (titles cut, text split, blocks counted); the tests pass
every screen and every payload through slack_sdk's `View` and `Block` models, which check those
limits and that nothing was changed. At run time the model is skipped: it cost half the CPU of
answering a form step. Layout only: every word comes from the screen.
"""

from __future__ import annotations

import json
from typing import Any

from messages.blockkit import (
    MESSAGE_BLOCK_LIMIT,
    MRKDWN_LIMIT,
    VIEW_BLOCK_LIMIT,
    many_choice,
    mrkdwn,
    option,
    plain,
    section,
    split_mrkdwn,
)
from messages.render import slack_escape
from messages.screen import Buttons, Facts, Input, Screen, Section, Surface, Text
from workflows.forms import FieldKind

FENCE = "```"
RADIO_MOST = 4
ACCESSIBILITY_LABEL_LIMIT = 75  # Slack's most characters in a button's accessibility_label  # more options than this make a drop-down


def _text_blocks(t: Text) -> list[dict[str, Any]]:
    escaped = slack_escape(t.text)
    if t.style == "note":
        return [{"type": "context", "elements": [mrkdwn(p)]} for p in split_mrkdwn(escaped)]
    if t.style == "heading":
        return [{"type": "header", "text": plain(t.text, 150)}]
    if t.style == "code":
        pieces = split_mrkdwn(escaped, MRKDWN_LIMIT - 2 * len(FENCE))
        return [section(f"{FENCE}{p}{FENCE}") for p in pieces]
    if t.style == "strong":
        return [section(f"*{p.strip()}*") for p in split_mrkdwn(escaped, MRKDWN_LIMIT - 2)]
    if t.style == "alarm":
        return [section(f":rotating_light: *{escaped}*")]
    if t.style == "warning":
        first, _, rest = escaped.partition("\n")
        return [section(p) for p in split_mrkdwn(f":warning: *{first}*\n{rest}".rstrip())]
    return [section(p) for p in split_mrkdwn(escaped)]


def _facts_blocks(f: Facts) -> list[dict[str, Any]]:
    blocks = [section(f"*{slack_escape(f.title)}*")] if f.title else []
    for fact in f.facts:
        pieces = split_mrkdwn(f"*{slack_escape(fact.label)}*\n{slack_escape(fact.value)}")
        blocks += [section(p) for p in pieces]
    return blocks


def _element(i: Input) -> dict[str, Any]:
    if i.kind in (FieldKind.TEXT, FieldKind.NUMBER, FieldKind.DATE, FieldKind.MULTILINE):
        element: dict[str, Any] = {
            "type": "plain_text_input",
            "action_id": i.id,
            "max_length": min(i.max_length, 3000),
        }
        if i.kind == FieldKind.MULTILINE:
            element["multiline"] = True
        if i.placeholder:
            element["placeholder"] = plain(i.placeholder)
        if i.value not in (None, ""):
            element["initial_value"] = str(i.value)
        return element
    options = [option(c.value, c.label) for c in i.choices][:100]
    if i.kind == FieldKind.CHECKBOXES:
        chosen = [o for o in options if i.value and o["value"] in i.value]
        return {"action_id": i.id, **many_choice(options, chosen)}
    radio = i.kind == FieldKind.YES_NO or len(options) <= RADIO_MOST
    element = {"type": "radio_buttons" if radio else "static_select", "action_id": i.id}
    element["options"] = options
    chosen = [o for o in options if o["value"] == i.value]
    if chosen:
        element["initial_option"] = chosen[0]
    return element


def _input_block(i: Input) -> dict[str, Any]:
    block: dict[str, Any] = {
        "type": "input",
        "block_id": i.id,
        "label": plain(i.label, 2000),
        # A field asked only for some answers (`when`) cannot be required by a modal that shows
        # it always; the form driver requires it when it applies, and its hint says when.
        "optional": not i.required or i.when is not None,
        "element": _element(i),
    }
    if i.hint:
        block["hint"] = plain(i.hint, 2000)
    return block


def _buttons_block(b: Buttons) -> dict[str, Any]:
    elements = []
    for button in b.buttons:
        element: dict[str, Any] = {
            "type": "button",
            "action_id": button.action,
            "text": plain(button.label, 75),
        }
        if button.value is not None:
            element["value"] = button.value
        if button.accessible:
            element["accessibility_label"] = button.accessible[:75]
        if button.primary:
            element["style"] = "primary"
        if button.accessible:
            element["accessibility_label"] = button.accessible[:ACCESSIBILITY_LABEL_LIMIT]
        elements.append(element)
    return {"type": "actions", "block_id": b.id, "elements": elements}


# Input blocks drawn for questions with nothing typed, by the question (the very object: a
# form's questions are made once, messages.forms._question): most of a form step's blocks, the
# same for every reader. Words only, never an answer; a drawn block is shared, and sent as it is.
# Bounded: emptied when full.
_QUESTIONS: dict[int, tuple[Input, dict[str, Any]]] = {}
_QUESTIONS_MOST = 1024


def _question_block(i: Input) -> dict[str, Any]:
    if i.value is not None or i.error is not None:
        return _input_block(i)
    found = _QUESTIONS.get(id(i))
    if found is not None and found[0] is i:
        return found[1]
    block = _input_block(i)
    if len(_QUESTIONS) >= _QUESTIONS_MOST:
        _QUESTIONS.clear()
    _QUESTIONS[id(i)] = (i, block)
    return block


def blocks_of(s: Section) -> list[dict[str, Any]]:
    if isinstance(s, Text):
        return _text_blocks(s)
    if isinstance(s, Facts):
        return _facts_blocks(s)
    if isinstance(s, Input):
        return [_question_block(s)]
    return [_buttons_block(s)]


def _blocks(screen: Screen, limit: int) -> list[dict[str, Any]]:
    """Head, body and tail within `limit`; a cut body says so in the screen's own words."""
    head = [b for s in screen.head for b in blocks_of(s)]
    tail = [b for s in screen.tail for b in blocks_of(s)]
    items = [
        [b for s in (item if isinstance(item, tuple) else (item,)) for b in blocks_of(s)]
        for item in screen.body
    ]
    footer = screen.footer
    body = [b for item in items for b in item]
    room = limit - len(head) - len(tail) - (1 if footer else 0)
    if len(body) > room and screen.overflow is not None:
        flow = screen.overflow
        room -= 1
        if flow.keep == "end":
            shown: list[list[dict[str, Any]]] = []
            for item in reversed(items):
                if sum(map(len, shown)) + len(item) > room:
                    break
                shown.insert(0, item)
            hidden, total = len(items) - len(shown), len(items)
            body = [b for item in shown for b in item]
        else:
            hidden, total, body = len(body) - room, len(body), body[:room]
        text = flow.text.format(hidden=hidden, total=total)
        note = _text_blocks(Text(text, "warning"))[:1]
        body = note + body if flow.at == "top" else body + note
        footer = flow.footer if flow.footer is not None else footer
    blocks = head + body + tail
    if footer:
        blocks += _text_blocks(Text(footer, "note"))[:1]
    return blocks[:limit]


def modal(screen: Screen) -> dict[str, Any]:
    """A screen as a modal view; its meta rides in private_metadata."""
    view: dict[str, Any] = {
        "type": "modal",
        "callback_id": screen.id,
        "title": plain(screen.title, 24),
        "blocks": _blocks(screen, VIEW_BLOCK_LIMIT),
    }
    if screen.submit:
        view["submit"] = plain(screen.submit, 24)
    if screen.close:
        view["close"] = plain(screen.close, 24)
    if screen.keep_on_close:
        view["notify_on_close"] = True
    if screen.meta:
        view["private_metadata"] = json.dumps(screen.meta)
    return view


def home(screen: Screen) -> dict[str, Any]:
    """A screen as the Home tab."""
    return {"type": "home", "blocks": _blocks(screen, VIEW_BLOCK_LIMIT)}


def message(screen: Screen) -> dict[str, Any]:
    """A screen as a message: notification text (its first words) and blocks."""
    blocks = _blocks(screen, MESSAGE_BLOCK_LIMIT)
    first = next((s.text for s in screen.sections() if isinstance(s, Text)), screen.title)
    return {"text": split_mrkdwn(slack_escape(first))[0], "blocks": blocks}


def render(screen: Screen) -> dict[str, Any]:
    if screen.surface == Surface.HOME:
        return home(screen)
    if screen.surface == Surface.MESSAGE:
        return message(screen)
    return modal(screen)


def field_errors(screen: Screen, problems: dict[str, str] | None = None) -> dict[str, str]:
    """Errors by input block for `response_action: errors`; a stray one lands on an input."""
    ids = [i.id for i in screen.inputs()]
    found = (
        problems if problems is not None else {i.id: i.error for i in screen.inputs() if i.error}
    )
    placed: dict[str, str] = {}
    for key, text in found.items():
        target = key if key in ids else (ids[-1] if ids else key)
        placed[target] = f"{placed[target]} {text}" if target in placed else text
    return placed
