"""Screens as plain text for the console: lines to print, and one prompt per question.

Layout only, plus the few words a prompt needs to say how to type an answer.
"""

from __future__ import annotations

from typing import Any

from messages.screen import Buttons, Facts, Input, Screen, Section, Text
from workflows.forms import FieldKind

OPTIONAL = " (optional: press Enter to skip)"
PICK_MANY = "  Type the numbers that apply, separated by commas, or Enter for none."
KEEP = "  (you answered: {answer}; press Enter to keep it)"
PROBLEM = "  ✗ {problem}"
PROMPT = "> "


def section_lines(s: Section) -> list[str]:
    if isinstance(s, Text):
        prefix = "!! " if s.style in ("strong", "alarm", "warning") else ""
        return [prefix + s.text] if s.style != "code" else s.text.splitlines()
    if isinstance(s, Facts):
        head = [s.title] if s.title else []
        return head + [f"  {f.label}: {f.value}" for f in s.facts]
    if isinstance(s, Buttons):
        return []  # a prompt has commands instead of buttons
    return [describe(s)]


def lines(screen: Screen, with_inputs: bool = False) -> list[str]:
    """What the console prints for a screen (inputs are asked one by one, unless `with_inputs`)."""
    out = [f"\n== {screen.subtitle} =="] if screen.subtitle else []
    for s in screen.sections():
        if isinstance(s, Input) and not with_inputs:
            continue
        out += section_lines(s)
    if screen.footer:
        out.append(screen.footer)
    return out


def describe(i: Input) -> str:
    """The question, its hint and numbered choices, as a prompt shows them."""
    shown = [i.label + ("" if i.required else OPTIONAL)]
    if i.hint:
        shown.append(f"  ({i.hint})")
    shown += [f"  {n}. {c.label}" for n, c in enumerate(i.choices, start=1)]
    if i.kind == FieldKind.CHECKBOXES:
        shown.append(PICK_MANY)
    return "\n".join(shown)


def answer(i: Input, value: Any) -> str:
    """An answer as typed back to the person: choices by their labels."""
    labels = {c.value: c.label for c in i.choices}
    if isinstance(value, list):
        return ", ".join(labels.get(v, v) for v in value)
    return labels.get(str(value), str(value))


def kept(i: Input) -> str:
    return KEEP.format(answer=answer(i, i.value))


def problem(text: str) -> str:
    return PROBLEM.format(problem=text)
