"""One message in two languages for a shared channel: the partnership's first, then English.

Slack gets both block sets with a divider between them, Teams both card bodies (the second under
a separator) and one set of buttons labelled in both, text both texts. A message that would not
fit the platform together (Slack's 50 blocks, Teams' card size) is None: the caller sends it in
one language.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Sequence
from typing import Any

from messages.i18n import use_locale
from messages.render import Platform, Rendered, render

SLACK_MAX_BLOCKS = 50
# Teams refuses a message over about 28 KB; the card is most of it.
TEAMS_MAX_CARD_BYTES = 27_000


def render_in(
    kind: str, facts: dict[str, Any], platform: Platform, tz: str, languages: Sequence[str]
) -> Rendered | None:
    """The message in every language of `languages`, first first; None when too long together."""
    parts = []
    for language in languages:
        with use_locale(language):
            parts.append(render(kind, facts, platform, tz))
    if len(parts) == 1:
        return parts[0]
    first, *others = parts
    joined = first
    for other, language in zip(others, languages[1:], strict=True):
        joined = _join(joined, other, platform, language)
        if joined is None:
            return None
    return joined


def _join(first: Rendered, second: Rendered, platform: Platform, language: str) -> Rendered | None:
    if platform == Platform.SLACK:
        return _slack(first, second, language)
    if platform == Platform.TEAMS:
        return _teams(first, second)
    return Rendered(text=f"{first.text}\n\n{second.text}")


def _slack(first: Rendered, second: Rendered, language: str) -> Rendered | None:
    text = f"{first.text}\n{second.text}"
    if first.blocks is None or second.blocks is None:
        return Rendered(text=text, blocks=first.blocks or second.blocks)
    if _has_input(second.blocks):
        return None  # two inputs answering one question cannot both be read
    blocks = [*first.blocks, {"type": "divider"}, *_renamed(second.blocks, language)]
    if len(blocks) > SLACK_MAX_BLOCKS:
        return None
    return Rendered(text=text, blocks=blocks)


def _renamed(blocks: list[dict[str, Any]], language: str) -> list[dict[str, Any]]:
    """The second set's block ids made its own (Slack refuses one id twice in a message)."""
    renamed = copy.deepcopy(blocks)
    for block in renamed:
        if "block_id" in block:
            block["block_id"] = f"{block['block_id']}_{language}"[:255]
    return renamed


def _teams(first: Rendered, second: Rendered) -> Rendered | None:
    if first.card is None or second.card is None:
        return Rendered(text=_summary(first, second), card=first.card or second.card)
    if _has_input(second.card.get("body", [])):
        return None
    card = copy.deepcopy(first.card)
    card["body"] = [
        *first.card.get("body", []),
        {
            "type": "Container",
            "separator": True,
            "spacing": "Large",
            "items": copy.deepcopy(second.card.get("body", [])),
        },
    ]
    actions = _both_titles(first.card.get("actions") or [], second.card.get("actions") or [])
    if actions:
        card["actions"] = actions
    if len(json.dumps(card, ensure_ascii=False).encode()) > TEAMS_MAX_CARD_BYTES:
        return None
    return Rendered(text=_summary(first, second), card=card)


def _both_titles(first: list[dict[str, Any]], second: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One set of buttons, each titled in both languages when the two sets are the same buttons."""
    same = len(first) == len(second) and all(
        {k: v for k, v in a.items() if k != "title"} == {k: v for k, v in b.items() if k != "title"}
        for a, b in zip(first, second, strict=True)
    )
    if not same:
        return copy.deepcopy(first)
    return [
        {
            **a,
            "title": a["title"]
            if a.get("title") == b.get("title")
            else f"{a['title']} / {b['title']}",
        }
        if "title" in a
        else dict(a)
        for a, b in zip(first, second, strict=True)
    ]


def _summary(first: Rendered, second: Rendered) -> str:
    """Both notification lines on one line (Teams shows the first line as the preview)."""
    lines = [r.text.splitlines()[0] for r in (first, second) if r.text.strip()]
    return " / ".join(dict.fromkeys(lines)) + "\n" + "\n".join(r.text for r in (first, second))


def _has_input(node: Any) -> bool:
    if isinstance(node, dict):
        kind = str(node.get("type", ""))
        if kind == "input" or kind.startswith("Input."):
            return True
        return any(_has_input(v) for v in node.values())
    if isinstance(node, list):
        return any(_has_input(v) for v in node)
    return False
