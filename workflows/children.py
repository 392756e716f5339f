"""What every feature records about a child in the same codes (the concern form asks, triage
shares with agencies): kept outside both so neither depends on the other for it."""

from __future__ import annotations

# Gender codes and how people read them, in the order a form offers them.
GENDERS: dict[str, str] = {
    "female": "Female",
    "male": "Male",
    "other": "Another gender",
    "not_known": "Not known",
}


def gender_label(code: str | None) -> str | None:
    """The gender as people read it; an unknown code as it was stored."""
    return GENDERS.get(code or "", code)
