"""A meeting's title as each reader sees it. A MASE meeting carries its partnership's title (the
chair typed it); a MAP meeting is worded here from its reference, the workflows storing only a
neutral calendar title ("MAP CSE-2026-00042") for the one calendar file all invitees share."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from messages.i18n import _


def meeting_title(kind: str, title: str, reference: str | None, review: bool = False) -> str:
    """ "MAP meeting CSE-2026-00042 (review)" in the reader's language; a MASE title as typed."""
    if kind != "map" or not reference:
        return title
    # A message queued before `review` was a fact said so in its English title.
    if review or title.endswith("(review)"):
        return _("MAP meeting %(reference)s (review)", reference=reference)
    return _("MAP meeting %(reference)s", reference=reference)


def title_of(facts: Mapping[str, Any]) -> str:
    """The title of the meeting whose facts (workflows.meetings.invites.meeting_facts) these are."""
    return meeting_title(
        facts.get("kind") or "mase",
        facts["title"],
        facts.get("reference"),
        bool(facts.get("review")),
    )
