"""Forms at a prompt: one question per field, as the text renderer words it; the driver steps.

The console only asks and reads: it shows each screen the form driver returns, asks its
questions (re-asking only those with problems), and hands the answers back to the driver.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bot.forms import FLOWS
from messages import text_render
from messages.forms import form_screen, problems_worded, words_of
from messages.forms.done import done_screen
from messages.screen import Input, Screen
from workflows import form_driver
from workflows.forms import FieldKind

SAVE_WORDS = {"save", "later", "stop"}


class SaveForLater(Exception):  # noqa: N818 - the user's own word
    """The user typed `save`: keep what was given and leave the form."""


def parse(field: Input, raw: str) -> Any:
    """Turn what was typed into the answer the workflow expects; None for a blank."""
    raw = raw.strip()
    if not raw:
        return [] if field.kind == FieldKind.CHECKBOXES else None
    if field.kind in (FieldKind.SELECT, FieldKind.YES_NO):
        by_number = {str(n): c.value for n, c in enumerate(field.choices, start=1)}
        by_word = {c.value.lower(): c.value for c in field.choices} | {
            c.label.lower(): c.value for c in field.choices
        }
        return by_number.get(raw) or by_word.get(raw.lower()) or raw
    if field.kind == FieldKind.CHECKBOXES:
        chosen = []
        for part in raw.replace(" ", ",").split(","):
            if part:
                # isdecimal, not isdigit: "²" is a digit that int() refuses.
                index = int(part) - 1 if part.isdecimal() else -1
                chosen.append(
                    field.choices[index].value if 0 <= index < len(field.choices) else part
                )
        return chosen
    return raw


def ask_inputs(
    screen: Screen,
    ask: Callable[[str], str],
    say: Callable[[str], None],
    only: set[str] | None = None,
) -> dict[str, Any]:
    """Ask the screen's questions (or `only` those named); `save` raises SaveForLater."""
    given: dict[str, Any] = {}
    for field in screen.inputs():
        if (only is not None and field.id not in only) or not field.shown(
            {i.id: i.value for i in screen.inputs()} | given
        ):
            given[field.id] = field.value
            continue
        say(text_render.describe(field))
        if field.value not in (None, "", []):
            say(text_render.kept(field))
        raw = ask(text_render.PROMPT)
        if raw.strip().lower() in SAVE_WORDS:
            raise SaveForLater
        value = parse(field, raw)
        if value in (None, []) and raw.strip() == "" and field.value not in (None, "", []):
            value = field.value
        given[field.id] = value
    return given


def run_form(
    mashbot: Any,
    actor: Any,
    form_id: str,
    key: str,
    ask: Callable[[str], str],
    say: Callable[[str], None],
) -> form_driver.Done | None:
    """Fill a form at the prompt until it is done (or the person types `save`)."""
    flow = FLOWS[form_id]
    with mashbot.unit_of_work("console") as ctx:
        view = form_driver.show(flow, ctx, actor, key)
    only: set[str] | None = None
    while True:
        screen = form_screen(view)
        if only is None:
            for line in text_render.lines(screen):
                say(line)
        try:
            if not screen.inputs():
                answer = ask(f"{screen.confirm or screen.submit} > ").strip().lower()
                if answer in SAVE_WORDS or (screen.agree and answer not in screen.agree):
                    raise SaveForLater
                given: dict[str, Any] = {}
            else:
                given = ask_inputs(screen, ask, say, only)
        except SaveForLater:
            say(words_of(form_id).saved)
            return None
        with mashbot.unit_of_work("console") as ctx:
            shown = form_driver.submit(flow, ctx, actor, key, view.step.id, given)
        if isinstance(shown, form_driver.Done):
            for line in text_render.lines(done_screen(shown, mashbot.partnership.timezone)):
                say(line)
            return shown
        if shown.in_place:  # otherwise the step shown next lists them
            for problem in problems_worded(shown).values():
                say(text_render.problem(problem))
        only = set(shown.problems) if shown.in_place and shown.problems else None
        if only is not None and not any(i.id in only for i in form_screen(shown).inputs()):
            only = None
        view = shown
