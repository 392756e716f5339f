"""Forms at a prompt: one question per field, as the text renderer words it; the driver steps.

The console only asks and reads: it shows each screen the form driver returns, asks its
questions (re-asking only those with problems), and hands the answers back to the driver. An
answer it cannot read (a choice that is not listed, a yes/no that is neither, a date that does
not exist) is asked again at once with what was wrong, however many times it takes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bot.forms import FLOWS
from messages import text_render
from messages.forms import form_screen, problem_for, problems_worded, words_of
from messages.forms.done import done_screen
from messages.screen import Input, Screen
from workflows import form_driver
from workflows.forms import FieldKind

SAVE_WORDS = {"save", "later", "stop"}
BACK_WORDS = {"back"}
YES_WORDS = {"yes", "y"}
NO_WORDS = {"no", "n"}


class SaveForLater(Exception):  # noqa: N818 - the user's own word
    """The user typed `save` (or pressed Ctrl-C): keep what was given and leave the form."""

    def __init__(self, given: dict[str, Any] | None = None, ending: bool = False) -> None:
        super().__init__("save")
        self.given = given or {}
        self.ending = ending  # Ctrl-D: the console ends once the draft is kept


class GoBack(Exception):  # noqa: N818 - the user's own word
    """The user typed `back`: keep what was given and show the previous step."""

    def __init__(self, given: dict[str, Any]) -> None:
        super().__init__("back")
        self.given = given


class Unclear(ValueError):
    """What was typed is not an answer to this question; `message` says what would be."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def word(raw: str) -> str:
    """A one-word answer as people type it: `Yes.`, ` YES ` and `yes!` are all `yes`."""
    return raw.strip().rstrip(".!").strip().lower()


def _one(field: Input, raw: str) -> str | None:
    """The choice `raw` names (by number, value or label, any case), or None."""
    typed = word(raw)
    if raw.strip().isdecimal() and 0 < int(raw.strip()) <= len(field.choices):
        return field.choices[int(raw.strip()) - 1].value
    for c in field.choices:
        if typed in (c.value.lower(), word(c.label), word(c.label.split(":")[0])):
            return c.value
    values = {c.value for c in field.choices}
    if field.kind == FieldKind.YES_NO or values == {"yes", "no"}:
        if typed in YES_WORDS and "yes" in values:
            return "yes"
        if typed in NO_WORDS and "no" in values:
            return "no"
    return None


def parse(field: Input, raw: str) -> Any:
    """Turn what was typed into the answer the workflow expects; None for a blank or `-`.

    Raises Unclear, naming the valid choices, for a choice that is not one of them."""
    raw = raw.strip()
    if not raw or raw == text_render.CLEAR:
        return [] if field.kind == FieldKind.CHECKBOXES else None
    if field.kind in (FieldKind.SELECT, FieldKind.YES_NO) and field.choices:
        chosen = _one(field, raw)
        if chosen is None:
            raise Unclear(text_render.not_a_choice(field, raw))
        return chosen
    if field.kind == FieldKind.CHECKBOXES and field.choices:
        parts = [p for p in raw.replace(" ", ",").split(",") if p]
        picked = {p: _one(field, p) for p in parts}
        unknown = [p for p, v in picked.items() if v is None]
        if unknown:
            raise Unclear(text_render.not_choices(field, unknown))
        return list(dict.fromkeys(v for v in picked.values() if v is not None))
    return raw


def ask_inputs(
    screen: Screen,
    ask: Callable[[str], str],
    say: Callable[[str], None],
    only: set[str] | None = None,
    check: Callable[[str, Any], str | None] | None = None,
    can_go_back: bool = False,
) -> dict[str, Any]:
    """Ask the screen's questions (or `only` those named); `save` raises SaveForLater.

    `check(field_id, value)` words a problem with one answer so it is asked again at once."""
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
        while True:
            try:
                raw = ask(text_render.PROMPT)
            except (KeyboardInterrupt, EOFError) as stopped:
                raise SaveForLater(given, isinstance(stopped, EOFError)) from None
            if word(raw) in SAVE_WORDS:
                raise SaveForLater(given)
            if can_go_back and word(raw) in BACK_WORDS:
                raise GoBack(given)
            try:
                value = parse(field, raw)
            except Unclear as unclear:
                say(text_render.problem(unclear.message))
                continue
            if value in (None, []) and raw.strip() == "" and field.value not in (None, "", []):
                value = field.value  # Enter keeps the answer given before; `-` clears it
            problem = check(field.id, value) if check else None
            if problem:
                say(text_render.problem(problem))
                continue
            given[field.id] = value
            break
    return given


def confirm(screen: Screen, ask: Callable[[str], str], say: Callable[[str], None]) -> None:
    """A step with no inputs: go on at an agreed answer, save at `save` or `no`, else ask again."""
    while True:
        try:
            answer = word(ask(f"{screen.confirm or screen.submit} > "))
        except (KeyboardInterrupt, EOFError) as stopped:
            raise SaveForLater({}, isinstance(stopped, EOFError)) from None
        if not screen.agree or answer in screen.agree:
            return
        if answer in SAVE_WORDS or answer in NO_WORDS:
            raise SaveForLater
        if answer in BACK_WORDS and screen.tail:
            raise GoBack({})
        say(text_render.problem(text_render.not_agreed(screen)))


def run_form(
    mashbot: Any,
    actor: Any,
    form_id: str,
    key: str,
    ask: Callable[[str], str],
    say: Callable[[str], None],
    typed: dict[str, str] | None = None,
) -> form_driver.Done | None:
    """Fill a form at the prompt until it is done (or the person types `save` or Ctrl-C).

    `typed` holds answers given with the command (`/mash request REF health police`): they are
    checked before anything else is asked, and not asked again."""
    flow = FLOWS[form_id]
    with mashbot.unit_of_work("console") as ctx:
        view = form_driver.show(flow, ctx, actor, key)
        today = ctx.today()
    inputs = {i.id: i for i in form_screen(view).inputs()}
    answers: dict[str, Any] = {}
    for field_id, raw in (typed or {}).items():
        try:
            answers[field_id] = parse(inputs[field_id], raw)
        except Unclear as unclear:  # before any free text is asked: nothing typed is lost
            say(text_render.problem(unclear.message))
            say(text_render.describe(inputs[field_id]))
            return None
    if answers:
        with mashbot.unit_of_work("console") as ctx:
            view = form_driver.show(flow, ctx, actor, key, prefill=answers)
    only: set[str] | None = None
    skip = set(answers)
    while True:
        screen = form_screen(view)
        if only is None:
            for line in text_render.lines(screen):
                say(line)
        asking = only if only is not None else None
        if asking is None and skip:
            asking = {i.id for i in screen.inputs()} - skip

        def check(field_id: str, value: Any, shown: form_driver.FormView = view) -> str | None:
            found = form_driver.check_answer(shown, field_id, value, today)
            return problem_for(shown, field_id, found) if found else None

        try:
            if not screen.inputs():
                confirm(screen, ask, say)
                given: dict[str, Any] = {}
            else:
                given = ask_inputs(screen, ask, say, asking, check, bool(screen.tail))
        except SaveForLater as stop:
            with mashbot.unit_of_work("console") as ctx:
                form_driver.keep(flow, ctx, actor, key, view.step.id, stop.given)
            say(words_of(form_id).saved)
            if stop.ending:
                raise EOFError from None
            return None
        except GoBack as going:
            with mashbot.unit_of_work("console") as ctx:
                view = form_driver.back(flow, ctx, actor, key, view.step.id, going.given)
            only = None
            continue
        with mashbot.unit_of_work("console") as ctx:
            shown = form_driver.submit(flow, ctx, actor, key, view.step.id, given)
        if isinstance(shown, form_driver.Done):
            for line in text_render.lines(done_screen(shown, mashbot.partnership.timezone)):
                say(line)
            return shown
        if shown.in_place:  # otherwise the step shown next lists them
            shown_screen = form_screen(shown)
            labels = {i.id: i.label for i in shown_screen.inputs()}
            for field_id, problem in problems_worded(shown).items():
                where = (shown_screen.title, labels.get(field_id))
                say(text_render.problem(problem, where))
        only = set(shown.problems) if shown.in_place and shown.problems else None
        if only is not None and not any(i.id in only for i in form_screen(shown).inputs()):
            only = None
        view = shown
