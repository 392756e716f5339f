"""Screens as plain text for the console: lines to print, and one prompt per question.

Layout only, plus the few words a prompt needs to say how to type an answer.
"""

from __future__ import annotations

from typing import Any

from messages.render import inert
from messages.screen import Buttons, Facts, Input, Screen, Section, Text
from workflows.forms import FieldKind

OPTIONAL = " (optional: press Enter to skip)"
CLEAR = "-"
# Said when an optional question already has an answer: how to leave it blank instead.
KEEP_OR_CLEAR = "  (you answered: {answer}; press Enter to keep it, or type - to leave it blank)"
NOT_A_CHOICE = "'{typed}' is not one of the choices for \"{label}\". Type {how}."
NOT_CHOICES = '{unknown} {verb} not among the choices for "{label}". Type {how}.'
NOT_AGREED = "Please type {agree} to go on, save to keep it for later, or back to change an answer."
PICK_MANY = "  Type the numbers that apply, separated by commas, or Enter for none."
KEEP = "  (you answered: {answer}; press Enter to keep it)"
PROBLEM = "  ✗ {problem}"
PROMPT = "> "
PROBLEM_AT = " [{form}: {field}]"


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
    return [inert(line) for line in out]


def describe(i: Input) -> str:
    """The question, its hint and numbered choices, as a prompt shows them."""
    shown = [i.label + ("" if i.required else OPTIONAL)]
    if i.hint:
        shown.append(f"  ({i.hint})")
    shown += [f"  {n}. {c.label}" for n, c in enumerate(i.choices, start=1)]
    if i.kind == FieldKind.CHECKBOXES:
        shown.append(PICK_MANY)
    return inert("\n".join(shown))


def answer(i: Input, value: Any) -> str:
    """An answer as typed back to the person: choices by their labels."""
    labels = {c.value: c.label for c in i.choices}
    if isinstance(value, list):
        return ", ".join(labels.get(v, v) for v in value)
    return labels.get(str(value), str(value))


def kept(i: Input) -> str:
    return (KEEP if i.required else KEEP_OR_CLEAR).format(answer=inert(answer(i, i.value)))


def _how(i: Input) -> str:
    """How to answer a choice: its numbers, and yes or no where those are the choices."""
    numbers = f"a number from 1 to {len(i.choices)}" if len(i.choices) > 1 else "1"
    if {c.value for c in i.choices} == {"yes", "no"}:
        return f"yes or no (or {numbers})"
    if i.kind == FieldKind.CHECKBOXES:
        return f"numbers from 1 to {len(i.choices)}, separated by commas"
    return numbers


def not_a_choice(i: Input, typed: str) -> str:
    """A choice that is not one of them, refused with how to choose (never a Python list)."""
    return NOT_A_CHOICE.format(typed=inert(typed.strip()[:40]), label=i.label, how=_how(i))


def not_choices(i: Input, unknown: list[str]) -> str:
    shown = ", ".join(f"'{inert(u[:20])}'" for u in unknown)
    verb = "is" if len(unknown) == 1 else "are"
    return NOT_CHOICES.format(unknown=shown, verb=verb, label=i.label, how=_how(i))


def not_agreed(screen: Screen) -> str:
    agree = " or ".join(screen.agree[:2]) if screen.agree else "yes"
    return NOT_AGREED.format(agree=agree)


def problem(text: str, where: tuple[str, str | None] | None = None) -> str:
    """A problem; `where` (the form's title, the field's label) names it when it is not the
    question just asked."""
    said = PROBLEM.format(problem=text)
    if where is not None:
        form, label = where
        said += PROBLEM_AT.format(form=form, field=label) if label else f" [{form}]"
    return inert(said)
