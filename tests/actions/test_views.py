"""The Slack views for action plans pass slack_sdk's own models (Slack's limits)."""

from __future__ import annotations

from pathlib import Path

from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View

from bot.app import Mashbot
from messages import slack_render
from messages.action_samples import ACTION_SAMPLE_FACTS
from messages.forms import form_screen
from messages.screen import Screen
from messages.screens.concern import action_section, actions_home_items
from tests.actions.support import at, import_small_plan, person, sweep_at
from workflows.actions import queries
from workflows.actions.form import SNOOZE_FORM, UPDATE_FORM
from workflows.forms import FormView
from workflows.outgoing import MessageKind


def action_form_views(action: dict) -> list[dict]:
    facts = {**action, "snooze_days": 2}
    return [
        slack_render.modal(form_screen(FormView(f, action["value"], f.steps[0], {}, facts)))
        for f in (UPDATE_FORM, SNOOZE_FORM)
    ]


def test_update_and_snooze_forms_are_valid_modals() -> None:
    action = ACTION_SAMPLE_FACTS[MessageKind.ACTIONS_PROMPT]["actions"][0]
    for view in action_form_views(action):
        View(**view).validate_json()
        assert len(view["private_metadata"]) <= 3000


def _blocks(body: list) -> list[dict]:
    return slack_render.home(Screen("home", "Home", body=tuple(body)))["blocks"]


def test_the_home_section_lists_open_actions_with_buttons(bot: Mashbot, tmp_path: Path) -> None:
    import_small_plan(bot, tmp_path)
    sweep_at(bot, at("2026-12-04 09:00"))
    with bot.unit_of_work("test") as ctx:
        lines = queries.mine(ctx, person(bot, "nina.lowe"))
    blocks = _blocks(action_section(actions_home_items(lines)))
    for block in blocks:
        Block.parse(block).validate_json()
    assert blocks[0]["text"]["text"] == "Your actions"
    assert "test-plan:1.1" in blocks[1]["text"]["text"]
    assert [e["action_id"] for e in blocks[2]["elements"]] == ["action_no_change", "action_update"]
    assert _blocks(action_section([]))[1]["text"]["text"] == "You lead no open actions."
