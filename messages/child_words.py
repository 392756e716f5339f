"""The child as people read them wherever they are named: the name, or that it is not known and
how the reporter described them; a gender code in words. Workflows hand over what was recorded
(the name or `NOT_KNOWN`, the description, the code) and never a sentence."""

from __future__ import annotations

from messages.i18n import N_, _
from workflows.children import name_known

# The gender codes (workflows.children.GENDERS) as a reader reads them, marked for the catalogue.
GENDER_WORDS = {
    "female": N_("Female"),
    "male": N_("Male"),
    "other": N_("Another gender"),
    "not_known": N_("Not known"),
}


def child_named(name: str | None, description: str | None) -> str:
    """The name, or "Name not known — described as: …" (or "Name not known") in the reader's
    language."""
    if name_known(name):
        return str(name)
    if description:
        return _("Name not known — described as: %(description)s", description=description)
    return _("Name not known")


def gender_word(code: str) -> str:
    """A gender code in words; anything else (a label stored before codes) as it was stored."""
    return _(GENDER_WORDS[code]) if code in GENDER_WORDS else code
