"""What every feature records about a child in the same codes (the concern form asks, triage
shares with agencies): kept outside both so neither depends on the other for it."""

from __future__ import annotations

# Stored for the child's name, when or where, when the reporter said they do not know: an
# answer in its own right, never an empty string. storage.models.concerns.NOT_KNOWN is the same
# (storage may not import workflows, nor messages storage; a test keeps the two equal).
NOT_KNOWN = "not known"
# A shared detail's key for how the reporter described a child whose name is not known.
DESCRIBED = "described"

# Gender codes, in the order a form offers them (messages.child_words says each).
GENDERS: tuple[str, ...] = ("female", "male", "other", "not_known")


def name_known(name: str | None) -> bool:
    """False when the reporter said they do not know the child's name (stored as NOT_KNOWN)."""
    return bool(name) and str(name).strip().casefold() != NOT_KNOWN
