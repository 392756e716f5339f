"""Screens as plain text for the console: lines to print, and one prompt per question.

Layout only, plus the few words a prompt needs to say how to type an answer (translated).
"""

from __future__ import annotations

from typing import Any

from messages.i18n import _, ngettext
from messages.render import inert
from messages.screen import Buttons, Facts, Input, Screen, Section, Text
from workflows.forms import FieldKind

CLEAR = "-"
PROMPT = "> "
PROBLEM = "  ✗ {problem}"
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
    optional = _("(optional: press Enter to skip)")
    shown = [i.label if i.required else f"{i.label} {optional}"]
    if i.hint:
        shown.append(f"  ({i.hint})")
    shown += [f"  {n}. {c.label}" for n, c in enumerate(i.choices, start=1)]
    if i.kind == FieldKind.CHECKBOXES:
        shown.append(
            "  " + _("Type the numbers that apply, separated by commas, or Enter for none.")
        )
    return inert("\n".join(shown))


def answer(i: Input, value: Any) -> str:
    """An answer as typed back to the person: choices by their labels."""
    labels = {c.value: c.label for c in i.choices}
    if isinstance(value, list):
        return ", ".join(labels.get(v, v) for v in value)
    return labels.get(str(value), str(value))


def kept(i: Input) -> str:
    given = inert(answer(i, i.value))
    if i.required:
        return "  " + _("(you answered: %(answer)s; press Enter to keep it)", answer=given)
    return "  " + _(
        "(you answered: %(answer)s; press Enter to keep it, or type - to leave it blank)",
        answer=given,
    )


def _how(i: Input) -> str:
    """How to answer a choice: its numbers, and yes or no where those are the choices."""
    count = len(i.choices)
    numbers = _("a number from 1 to %(count)d", count=count) if count > 1 else "1"
    if {c.value for c in i.choices} == {"yes", "no"}:
        return _("yes or no (or %(numbers)s)", numbers=numbers)
    if i.kind == FieldKind.CHECKBOXES:
        return _("numbers from 1 to %(count)d, separated by commas", count=count)
    return numbers


def not_a_choice(i: Input, typed: str) -> str:
    """A choice that is not one of them, refused with how to choose (never a Python list)."""
    return _(
        "'%(typed)s' is not one of the choices for \"%(label)s\". Type %(how)s.",
        typed=inert(typed.strip()[:40]),
        label=i.label,
        how=_how(i),
    )


def not_choices(i: Input, unknown: list[str]) -> str:
    shown = ", ".join(f"'{inert(u[:20])}'" for u in unknown)
    return ngettext(
        '%(unknown)s is not among the choices for "%(label)s". Type %(how)s.',
        '%(unknown)s are not among the choices for "%(label)s". Type %(how)s.',
        len(unknown),
        unknown=shown,
        label=i.label,
        how=_how(i),
    )


def not_agreed(screen: Screen) -> str:
    if len(screen.agree) >= 2:
        agree = _("%(first)s or %(second)s", first=screen.agree[0], second=screen.agree[1])
    else:
        agree = screen.agree[0] if screen.agree else _("yes")
    return _(
        "Please type %(agree)s to go on, %(save)s to keep it for later, or %(back)s to change "
        "an answer.",
        agree=agree,
        save="save",  # the words the console reads, in any language
        back="back",
    )


def problem(text: str, where: tuple[str, str | None] | None = None) -> str:
    """A problem; `where` (the form's title, the field's label) names it when it is not the
    question just asked."""
    said = PROBLEM.format(problem=text)
    if where is not None:
        form, label = where
        said += PROBLEM_AT.format(form=form, field=label) if label else f" [{form}]"
    return inert(said)
