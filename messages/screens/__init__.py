"""Screens that are not form steps: notices, the concern's details, the Home tab, triage views."""

from __future__ import annotations

from messages.actions import CallbackId
from messages.i18n import N_, _
from messages.screen import Screen, Text

CLOSE = N_("Close")


def notice(title: str, lines: list[str] | tuple[str, ...]) -> Screen:
    """A read-only screen: a refusal, a confirmation, an error the person must read."""
    return Screen(
        CallbackId.NOTICE.value, title, body=tuple(Text(line) for line in lines), close=_(CLOSE)
    )
