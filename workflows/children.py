"""What every feature records about a child in the same codes (the concern form asks, triage
shares with agencies): kept outside both so neither depends on the other for it."""

from __future__ import annotations

# Stored for the child's name, when or where, when the reporter said they do not know: an
# answer in its own right, never an empty string. storage.models.concerns.NOT_KNOWN is the same
# (storage may not import workflows, nor messages storage; a test keeps the two equal).
NOT_KNOWN = "not known"

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


def name_known(name: str | None) -> bool:
    """False when the reporter said they do not know the child's name (stored as NOT_KNOWN)."""
    return bool(name) and str(name).strip().casefold() != NOT_KNOWN


def named(name: str, description: str | None) -> str:
    """The child as a record names them: the name, or that it is not known and the description."""
    if name_known(name):
        return name
    if description:
        return f"Name not known — described as: {description}"
    return "Name not known"
