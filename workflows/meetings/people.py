"""Finding people of the partnership by what is typed (id, email or name): one place for it."""

from __future__ import annotations

from workflows.partnership import Partnership, Person


def find(partnership: Partnership, text: str) -> Person | None:
    wanted = text.strip().lower().removeprefix("mailto:")
    if not wanted:
        return None
    for person in partnership.people:
        if wanted in (person.id.lower(), (person.email or "").lower(), person.name.lower()):
            return person
    return None


def find_many(partnership: Partnership, text: str) -> tuple[list[Person], list[str]]:
    """People named in a comma- or line-separated list, and the words that matched nobody."""
    found: list[Person] = []
    unknown: list[str] = []
    for word in text.replace("\n", ",").replace(";", ",").split(","):
        if not word.strip():
            continue
        person = find(partnership, word)
        if person is None:
            unknown.append(word.strip())
        elif person not in found:
            found.append(person)
    return found, unknown
