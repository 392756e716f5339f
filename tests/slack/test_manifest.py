"""app_manifest.yaml declares what the code uses (commands, shortcuts, events, scopes), no more.

What the code uses is read from the code: the listeners the Bolt app registered, and every
Slack Web API method called anywhere in bot/, mapped to scopes by bot/slack/scopes.py.
"""

from __future__ import annotations

import ast
from pathlib import Path

import yaml
from slack_sdk import WebClient
from slack_sdk.web.base_client import BaseClient

from bot.slack.scopes import METHOD_SCOPES, required_scopes
from bot.slack.server import EVENTS_PATH

ROOT = Path(__file__).resolve().parents[2]
MANIFEST = yaml.safe_load((ROOT / "app_manifest.yaml").read_text())
API_METHODS = {
    name: name.replace("_", ".")
    for name in set(vars(WebClient)) - set(dir(BaseClient))
    if not name.startswith("_")
}


def web_api_methods_called() -> dict[str, list[str]]:
    """Each Web API method called in bot/ (client.chat_postMessage(...), api_call("...")), with where."""
    found: dict[str, list[str]] = {}
    for path in sorted((ROOT / "bot").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
                continue
            method = API_METHODS.get(node.func.attr)
            if (
                node.func.attr == "api_call"
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                method = str(node.args[0].value)
            if method:
                found.setdefault(method, []).append(f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


def test_the_scan_finds_the_calls_we_know_of() -> None:
    called = web_api_methods_called()
    assert {"chat.postMessage", "views.open", "views.publish", "conversations.open"} <= set(called)


def test_every_method_called_has_its_scopes_listed() -> None:
    unlisted = {m: where for m, where in web_api_methods_called().items() if m not in METHOD_SCOPES}
    assert not unlisted, f"add these to bot/slack/scopes.py METHOD_SCOPES: {unlisted}"


def test_declared_scopes_are_exactly_those_the_code_needs(slack_app) -> None:
    surface = slack_app.surface
    needed = required_scopes(
        web_api_methods_called(),
        surface.events,
        commands_or_shortcuts=bool(surface.commands or surface.shortcuts),
    )
    assert set(MANIFEST["oauth_config"]["scopes"]["bot"]) == needed


def test_slash_commands_are_exactly_those_handled(slack_app) -> None:
    declared = {c["command"] for c in MANIFEST["features"].get("slash_commands", [])}
    assert declared == slack_app.surface.commands
    for command in MANIFEST["features"]["slash_commands"]:
        assert command["url"].endswith(EVENTS_PATH)


def test_shortcuts_are_exactly_those_handled(slack_app) -> None:
    declared = {s["callback_id"]: s["type"] for s in MANIFEST["features"].get("shortcuts", [])}
    handled = slack_app.surface.shortcuts
    assert set(declared) == set(handled)
    for callback_id, kind in handled.items():
        assert kind in ("any", declared[callback_id]), f"{callback_id} is a {kind} shortcut"


def test_events_are_exactly_those_handled(slack_app) -> None:
    settings = MANIFEST["settings"]
    assert set(settings["event_subscriptions"]["bot_events"]) == slack_app.surface.events
    assert settings["event_subscriptions"]["request_url"].endswith(EVENTS_PATH)
    if "app_home_opened" in slack_app.surface.events:
        assert MANIFEST["features"]["app_home"]["home_tab_enabled"] is True


def test_interactivity_is_on_for_buttons_modals_and_shortcuts(slack_app) -> None:
    surface = slack_app.surface
    interactivity = MANIFEST["settings"]["interactivity"]
    assert surface.actions and surface.views and surface.shortcuts
    assert interactivity["is_enabled"] is True
    assert interactivity["request_url"].endswith(EVENTS_PATH)
    assert MANIFEST["settings"]["socket_mode_enabled"] is False  # HTTP by default; see the comment
