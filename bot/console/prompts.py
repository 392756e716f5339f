"""Asking a form's questions at a prompt: numbered options, re-asking only what was wrong."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from workflows.concerns.form import Field, FieldKind, Step

SAVE_WORDS = {"save", "later", "stop"}


class SaveForLater(Exception):  # noqa: N818 - the user's own word
    """The user typed `save`: keep the draft and leave the form."""


def describe(field: Field) -> str:
    lines = [field.label + ("" if field.required else " (optional: press Enter to skip)")]
    if field.hint:
        lines.append(f"  ({field.hint})")
    for n, option in enumerate(field.options, start=1):
        lines.append(f"  {n}. {option.label}")
    if field.kind == FieldKind.CHECKBOXES:
        lines.append("  Type the numbers that apply, separated by commas, or Enter for none.")
    return "\n".join(lines)


def parse(field: Field, raw: str) -> Any:
    """Turn what was typed into the answer the workflow expects; None for a blank."""
    raw = raw.strip()
    if not raw:
        return [] if field.kind == FieldKind.CHECKBOXES else None
    if field.kind in (FieldKind.SELECT, FieldKind.YES_NO):
        by_number = {str(n): o.value for n, o in enumerate(field.options, start=1)}
        by_word = {o.value.lower(): o.value for o in field.options} | {
            o.label.lower(): o.value for o in field.options
        }
        return by_number.get(raw) or by_word.get(raw.lower()) or raw
    if field.kind == FieldKind.CHECKBOXES:
        chosen = []
        for part in raw.replace(" ", ",").split(","):
            if part:
                # isdecimal, not isdigit: "²" is a digit that int() refuses.
                index = int(part) - 1 if part.isdecimal() else -1
                chosen.append(
                    field.options[index].value if 0 <= index < len(field.options) else part
                )
        return chosen
    return raw


def ask_step(
    step: Step,
    answers: dict[str, Any],
    ask: Callable[[str], str],
    say: Callable[[str], None],
    only: set[str] | None = None,
) -> dict[str, Any]:
    """Ask every field of a step (or `only` those named); `save` raises SaveForLater."""
    given: dict[str, Any] = {}
    for field in step.fields:
        if only is not None and field.id not in only:
            given[field.id] = answers.get(field.id)
            continue
        say(describe(field))
        if answers.get(field.id) not in (None, "", []):
            say(f"  (you answered: {answers[field.id]}; press Enter to keep it)")
        raw = ask("> ")
        if raw.strip().lower() in SAVE_WORDS:
            raise SaveForLater
        value = parse(field, raw)
        if (
            value in (None, [])
            and answers.get(field.id) not in (None, "", [])
            and raw.strip() == ""
        ):
            value = answers[field.id]
        given[field.id] = value
    return given
