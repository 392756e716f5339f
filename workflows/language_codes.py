"""The languages mashbot speaks, by code: what a partnership or a person may choose.

A code here needs its catalogue in messages/locale/ (English is the source text itself);
tests/test_languages.py checks that the two agree.
"""

from __future__ import annotations

from dataclasses import dataclass

ENGLISH = "en"
SUPPORTED_LANGUAGES: tuple[str, ...] = ("cy", "en")


def normalise(code: str) -> str | None:
    """The supported code meant by `code` (`CY`, `cy-GB`, `cy_GB` → `cy`), or None."""
    wanted = code.strip().lower().replace("_", "-")
    if wanted in SUPPORTED_LANGUAGES:
        return wanted
    base = wanted.split("-")[0]
    return base if base in SUPPORTED_LANGUAGES else None


# Typed instead of a code, it drops the person's own choice.
DEFAULT = "default"


@dataclass(frozen=True)
class LanguageSetting:
    """The language mashbot writes to a person in, and where it comes from."""

    language: str  # in use now: their own, else the partnership's
    own: str | None  # their own choice, if they made one
    default: str  # the partnership's
    choices: tuple[str, ...] = SUPPORTED_LANGUAGES
    changed: bool = False
