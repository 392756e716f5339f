"""Showing a modal from a button: opened, or pushed on top when pressed inside a modal."""

from __future__ import annotations

from typing import Any

from slack_sdk import WebClient


def show(client: WebClient, body: dict[str, Any], view: dict[str, Any]) -> None:
    """Open the modal, or push it on top when the button was pressed inside a modal."""
    if (body.get("container") or {}).get("type") == "view" and body.get("view"):
        client.views_push(trigger_id=body["trigger_id"], view=view)
    else:
        client.views_open(trigger_id=body["trigger_id"], view=view)
