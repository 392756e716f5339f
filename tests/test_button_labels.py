"""A button's accessible label reaches Slack and Teams; the console, which has no buttons, is unchanged."""

from __future__ import annotations

from typing import Any

from slack_sdk.models.views import View

from messages import slack_render, teams_render, text_render
from messages.screen import Button, Buttons, Screen, Surface, Text


def _screen(accessible: str | None) -> Screen:
    buttons = tuple(
        Button(
            "action_update", "Update", value=number, accessible=accessible and accessible + number
        )
        for number in ("1.4", "1.5")
    )
    return Screen(
        "actions",
        "Your actions",
        body=(Text("Two actions are due."), Buttons("actions", buttons)),
        surface=Surface.MESSAGE,
    )


def _slack_buttons(screen: Screen) -> list[dict[str, Any]]:
    blocks = slack_render.message(screen)["blocks"]
    return [e for b in blocks if b["type"] == "actions" for e in b["elements"]]


def _teams_actions(screen: Screen) -> list[dict[str, Any]]:
    body = teams_render.card(screen)["body"]
    return [a for node in body if node["type"] == "ActionSet" for a in node["actions"]]


def test_repeated_buttons_say_which_action_they_are_for() -> None:
    screen = _screen("Update action ")
    assert [b["accessibility_label"] for b in _slack_buttons(screen)] == [
        "Update action 1.4",
        "Update action 1.5",
    ]
    assert [a["tooltip"] for a in _teams_actions(screen)] == [
        "Update action 1.4",
        "Update action 1.5",
    ]
    View(
        type="modal",
        title={"type": "plain_text", "text": "t"},
        blocks=[b for b in slack_render.message(screen)["blocks"]],
    ).validate_json()
    assert text_render.lines(screen) == text_render.lines(_screen(None))


def test_without_a_label_nothing_is_added() -> None:
    screen = _screen(None)
    assert all("accessibility_label" not in b for b in _slack_buttons(screen))
    assert all("tooltip" not in a for a in _teams_actions(screen))


def test_a_long_label_is_cut_to_slacks_limit() -> None:
    screen = _screen("Update the action about the partnership's training for school staff, number ")
    assert all(len(b["accessibility_label"]) <= 75 for b in _slack_buttons(screen))
