"""Block Kit pieces every Slack view builder shares: text objects, options, and long text split.

Slack cuts nothing for us: a mrkdwn text over 3,000 characters or a view over 100 blocks is
refused. So long text is split into several sections here, never cut.
"""

from __future__ import annotations

from typing import Any

MRKDWN_LIMIT = 3000
VIEW_BLOCK_LIMIT = 100
MESSAGE_BLOCK_LIMIT = 50
CHECKBOX_LIMIT = 10  # Slack's most options in a checkboxes element


def plain(text: str, limit: int = 150) -> dict[str, Any]:
    """A plain_text object; for labels and titles, which Slack caps at `limit`."""
    return {"type": "plain_text", "text": text[:limit], "emoji": True}


def mrkdwn(text: str) -> dict[str, Any]:
    """A mrkdwn object for text we wrote or already split to fit (see `split_mrkdwn`)."""
    return {"type": "mrkdwn", "text": text[:MRKDWN_LIMIT]}


def option(value: str, label: str) -> dict[str, Any]:
    return {"text": plain(label, 75), "value": value}


def many_choice(
    options: list[dict[str, Any]], chosen: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    """An element to pick several options: ticks while Slack allows them, a list beyond that."""
    kind = "checkboxes" if len(options) <= CHECKBOX_LIMIT else "multi_static_select"
    element: dict[str, Any] = {"type": kind, "options": options}
    if chosen:
        element["initial_options"] = chosen
    return element


def section(text: str) -> dict[str, Any]:
    return {"type": "section", "text": mrkdwn(text)}


def split_mrkdwn(text: str, limit: int = MRKDWN_LIMIT) -> list[str]:
    """Escaped mrkdwn as pieces of at most `limit` characters that together hold all of it.

    Pieces end at a line break, else a space, else anywhere but inside an entity (`&amp;`).
    """
    pieces: list[str] = []
    while len(text) > limit:
        cut = text.rfind("\n", 0, limit) + 1
        if cut <= limit // 2:
            cut = text.rfind(" ", 0, limit) + 1
        if cut <= limit // 2:
            cut = limit
            entity = text.rfind("&", limit - 4, limit)  # `&amp;` is 5 long, `&lt;` 4
            if entity != -1 and ";" not in text[entity:limit]:
                cut = entity
        pieces.append(text[:cut])
        text = text[cut:]
    return [*pieces, text] if text or not pieces else pieces


def sections(text: str) -> list[dict[str, Any]]:
    """Escaped mrkdwn as as many section blocks as it needs."""
    return [section(piece) for piece in split_mrkdwn(text)]
