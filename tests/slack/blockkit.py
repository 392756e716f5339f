"""Block Kit checks with slack_sdk's models: every payload the bot sends must pass them.

`to_dict()` validates recursively (Slack's length and count limits); comparing it with what was
sent catches fields slack_sdk does not know (a misspelt key Slack would reject).
"""

from __future__ import annotations

import json
from typing import Any

from slack_sdk.errors import SlackObjectFormationError
from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View

MESSAGE_BLOCK_LIMIT = 50
VIEW_BLOCK_LIMIT = 100
TEXT_LIMIT = 40_000


def _same(built: dict[str, Any], sent: dict[str, Any]) -> bool:
    return json.loads(json.dumps(built, sort_keys=True)) == json.loads(
        json.dumps(sent, sort_keys=True)
    )


def block_problems(blocks: list[dict[str, Any]], limit: int = MESSAGE_BLOCK_LIMIT) -> list[str]:
    problems = [] if len(blocks) <= limit else [f"{len(blocks)} blocks (Slack allows {limit})"]
    for n, block in enumerate(blocks):
        parsed = Block.parse(block)
        if parsed is None:
            problems.append(f"block {n}: unknown block type {block.get('type')!r}")
            continue
        try:
            built = parsed.to_dict()
        except SlackObjectFormationError as error:
            problems.append(f"block {n} ({block.get('type')}): {error}")
            continue
        if not _same(built, block):
            problems.append(f"block {n} ({block.get('type')}): fields slack_sdk does not know")
    return problems


def message_problems(text: str | None, blocks: list[dict[str, Any]] | None) -> list[str]:
    problems = []
    if not text:
        problems.append("no notification text")
    elif len(text) > TEXT_LIMIT:
        problems.append(f"text of {len(text)} characters")
    return problems + block_problems(blocks or [])


def view_problems(view: dict[str, Any]) -> list[str]:
    blocks = view.get("blocks") or []
    try:
        built = View(**view).to_dict()
    except (SlackObjectFormationError, TypeError) as error:
        return [f"view: {error}"]
    problems = [] if _same(built, view) else ["view: fields slack_sdk does not know"]
    return problems + block_problems(blocks, VIEW_BLOCK_LIMIT)


def assert_valid_view(view: dict[str, Any]) -> dict[str, Any]:
    problems = view_problems(view)
    assert not problems, problems
    return view
