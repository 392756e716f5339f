"""Showing a modal from a button: opened, or pushed on top when pressed inside a modal."""

from __future__ import annotations

from typing import Any

from slack_sdk import WebClient


def show(client: WebClient, body: dict[str, Any], view: dict[str, Any]) -> None:
    """Open the modal, or push it on top when the button was pressed inside a modal."""
    if (body.get("view") or {}).get("type") == "modal":  # not the Home tab: a view too
        client.views_push(trigger_id=body["trigger_id"], view=view)
    else:
        client.views_open(trigger_id=body["trigger_id"], view=view)
