"""Every form's words, and a form step as a screen.

`workflows` defines a form's structure and rules and returns problem codes; here each form has
its title, each step its heading, intro and buttons, each field its label, hint and option
labels, and each problem code its sentence. `form_screen` joins the two into one `Screen` that
every renderer draws.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from messages.actions import ActionId
from messages.i18n import N_, _, current_locale, month_name
from messages.problems import wording
from messages.render import Platform
from messages.screen import Button, Buttons, Choice, Input, Screen, Section, Text
from workflows.errors import Problem
from workflows.forms import Code, Field, FieldProblem, FormView

# Translated where used (`problem_text`); `{name}` placeholders are filled after translation.
GENERIC_PROBLEMS: dict[str, str] = {
    Code.TOO_LONG: N_("Please keep this under {limit} characters (it has {length})."),
    Code.BAD_DATE: N_("Give the date as day/month/year, for example 14/03/2012."),
    Code.NO_SUCH_DATE: N_(
        "{day} {month_name} {year} does not exist. Give the date as day/month/year."
    ),
    Code.FUTURE_DATE: N_("That date is in the future; check the year."),
    Code.PAST_DATE: N_("That date has passed; give a date from today on."),
    Code.TOO_OLD: N_("That date makes them over 25; check the year."),
    Code.NOT_WHOLE_NUMBER: N_("Give a whole number, for example 14."),
    Code.OUT_OF_RANGE: N_("Give a number between {lowest} and {highest}."),
    Code.NOT_AN_OPTION: N_("Please choose one of the options."),
    Code.NOT_LISTED: N_("Please tick only the listed options."),
}


@dataclass(frozen=True)
class FieldWords:
    label: str
    hint: str | None = None
    placeholder: str | None = None
    options: dict[str, str] = field(default_factory=dict)
    problems: dict[str, str] = field(default_factory=dict)  # by code, or by rule name


@dataclass(frozen=True)
class StepWords:
    heading: str | None = None
    intro: str | None = None
    submit: str = "Next"
    confirm: str | None = None  # asked at a prompt when the step has no inputs
    agree: tuple[str, ...] = ()  # the answers to `confirm` that go on (any, if empty)


@dataclass(frozen=True)
class FormWords:
    """A form's words. `head` adds what a step shows above its inputs (facts, advice)."""

    screen_id: str
    title: str
    fields: dict[str, FieldWords]
    steps: dict[str, StepWords] = field(default_factory=dict)
    close: str = "Cancel"
    problems: dict[str, str] = field(default_factory=dict)  # form-wide, by code or rule
    check_again: str = "Please check these answers, then press {submit}:"
    back: str | None = None  # the label of a way back to the previous step, if the form has one
    # What a step shows besides its intro and inputs: above any problems, above the intro, below it.
    top: Callable[[FormView], list[Section]] | None = None
    head: Callable[[FormView], list[Section]] | None = None
    more: Callable[[FormView], list[Section]] | None = None
    keep_on_close: bool = False
    # Words for fields a form numbers (`action_2_lead`): given the id, its words or None.
    numbered: Callable[[str], FieldWords | None] | None = None
    saved: str = "Stopped; nothing was recorded."  # said when a prompt is left with `save`


# A form's words, or a function making them when they are shown (so gettext translates them in
# the reader's language, never at import).
FORMS: dict[str, FormWords | Callable[[], FormWords]] = {}

# Problems with answers typed after a command, not in a form (`/map available REF 1,3`).
COMMAND_WORDS = FormWords(
    screen_id="notice",
    title="",
    fields={},
    problems={"slot_numbers": "Give the numbers of the dates, from 1 to {highest}."},
)


def register(words: Any, form_id: str) -> Any:
    """Register a form's words (a `FormWords`, or a function making them at each use)."""
    FORMS[form_id] = words
    return words


# Words already made, by their maker and language: a form's words are the same for every reader
# of one language, and making them (a hundred gettext look-ups for the concern form) was a good
# part of the time a form step took. A read-only table, like the catalogues it is made from.
_MADE: dict[tuple[Callable[[], FormWords], str], FormWords] = {}


def words_of(form_id: str) -> FormWords:
    """The form's words in the reader's language (`use_locale`)."""
    from messages.forms import actions, concern, meetings, triage  # noqa: F401 - registers them

    found = FORMS[form_id]
    if not callable(found):
        return found
    key = (found, current_locale())
    made = _MADE.get(key)
    if made is None:
        made = _MADE[key] = found()
    return made


def field_words(words: FormWords, f: Field, labels: dict[str, str]) -> FieldWords:
    """A field's words; a field named by data (an indicator group) takes that name."""
    found = words.fields.get(f.id) or (words.numbered(f.id) if words.numbered else None)
    if found is not None:
        return found
    if f.id in labels:
        return FieldWords(labels[f.id])
    raise KeyError(f"form field '{f.id}' has no words: add them to messages/forms")


def problem_text(
    words: FormWords,
    fw: FieldWords | None,
    problem: FieldProblem | Problem | str,
    platform: Platform | str = Platform.TEXT,
) -> str:
    """A problem in plain English: the field's own words, the form's, else the generic ones;
    a workflow's reason in that platform's words."""
    if isinstance(problem, str):
        return problem  # already worded
    if isinstance(problem, Problem):
        return wording(problem, platform)
    key = problem.params.get("rule", problem.code.value)
    template = (fw.problems.get(key) if fw else None) or words.problems.get(key)
    if template is None and problem.code == Code.REQUIRED and fw is not None:
        question = fw.label[0].lower() + fw.label[1:]
        if question.endswith("?"):
            return _("Please answer: %(question)s", question=question)
        return _("Please answer: %(question)s.", question=question)
    if template is None and problem.code == Code.RULE:
        from messages.forms.rules import rule_words  # the workflows' own rules

        template = rule_words().get(key)
    if template is None:
        template = _(GENERIC_PROBLEMS.get(problem.code, N_("Please check this answer.")))
    params = dict(problem.params)
    if "month" in params:
        params["month_name"] = month_name(params["month"])
    return template.format(**params)


def problems_worded(view: FormView, platform: Platform | str = Platform.TEXT) -> dict[str, str]:
    """The view's problems worded for `platform`, by field id."""
    words = words_of(view.form.id)
    fields = {f.id: f for s in view.form.steps for f in s.fields}
    labels = view.step.facts.get("labels", {})
    out = {}
    for key, problem in view.problems.items():
        fw = field_words(words, fields[key], labels) if key in fields else None
        out[key] = problem_text(words, fw, problem, platform)
    return out


def problem_for(view: FormView, field_id: str, problem: FieldProblem) -> str:
    """One field's problem in plain English, as the form words it (for a prompt's re-ask)."""
    words = words_of(view.form.id)
    fields = {f.id: f for s in view.form.steps for f in s.fields}
    fw = field_words(words, fields[field_id], _labels(view)) if field_id in fields else None
    return problem_text(words, fw, problem)


def choice_label(fw: FieldWords, value: str, data_label: str | None) -> str:
    return data_label or fw.options.get(value) or value


def answer_text(view: FormView, f: Field, value: Any) -> str:
    """An answer as the person reads it: option values shown as their labels."""
    fw = field_words(words_of(view.form.id), f, _labels(view))
    labels = {o.value: choice_label(fw, o.value, o.label) for o in f.options}
    if isinstance(value, list):
        return ", ".join(labels.get(v, v) for v in value)
    return labels.get(str(value), str(value))


def _labels(view: FormView) -> dict[str, str]:
    merged: dict[str, str] = {}
    for step in view.form.steps:
        merged.update(step.facts.get("labels", {}))
    return merged


# A field's question with nothing typed, by the form's words, the language, the field and its
# name from data: the same for every reader of one language, and most of a step's inputs are
# shown so. Made once each (a step drew them again for every reader, with a gettext per required
# field); holds words only, never an answer. Bounded: emptied when full.
_QUESTIONS: dict[tuple[int, str, Field, str | None], tuple[FormWords, Input]] = {}
_QUESTIONS_MOST = 1024


def _question(words: FormWords, f: Field, labels: dict[str, str]) -> Input:
    key = (id(words), current_locale(), f, labels.get(f.id))
    found = _QUESTIONS.get(key)
    if found is not None and found[0] is words:
        return found[1]
    fw = field_words(words, f, labels)
    asked = Input(
        id=f.id,
        kind=f.kind,
        label=fw.label,
        required=f.required,
        hint=fw.hint,
        placeholder=fw.placeholder,
        choices=tuple(Choice(o.value, choice_label(fw, o.value, o.label)) for o in f.options),
        max_length=f.max_length,
        missing=problem_text(words, fw, FieldProblem(Code.REQUIRED)) if f.required else None,
        when=f.shown_when,
    )
    if len(_QUESTIONS) >= _QUESTIONS_MOST:
        _QUESTIONS.clear()
    _QUESTIONS[key] = (words, asked)
    return asked


def form_screen(view: FormView, platform: Platform | str = Platform.TEXT) -> Screen:
    """One step of a form as a screen: its words, the answers so far, problems on their fields
    (a workflow's reasons name commands in `platform`'s vocabulary)."""
    words = words_of(view.form.id)
    step_words = words.steps.get(view.step.id, StepWords())
    worded = problems_worded(view, platform)
    head: list[Section] = words.top(view) if words.top else []
    if worded and not view.in_place:
        lines = "\n".join(f"• {p}" for p in worded.values())
        text = words.check_again.format(submit=step_words.submit)
        head.append(Text(f"{text}\n{lines}", "warning"))
    if words.head is not None:
        head += words.head(view)
    if step_words.intro:
        head.append(Text(step_words.intro))
    if words.more is not None:
        head += words.more(view)
    labels = _labels(view)
    inputs: list[Section] = []
    for f in view.step.fields:
        asked = _question(words, f, labels)
        value = view.answers.get(f.id)
        error = worded.get(f.id) if view.in_place else None
        if value is not None or error is not None:
            asked = replace(asked, value=value, error=error)
        inputs.append(asked)
    tail: tuple[Section, ...] = ()
    if words.back and view.position[0] > 1:
        tail = (Buttons("form_navigation", (Button(ActionId.FORM_BACK.value, words.back),)),)
    return Screen(
        id=words.screen_id,
        title=words.title,
        subtitle=step_words.heading,
        head=tuple(head),
        body=tuple(inputs),
        tail=tail,
        submit=step_words.submit,
        close=words.close,
        meta={"form": view.form.id, "key": view.key, "step": view.step.id},
        keep_on_close=words.keep_on_close,
        confirm=step_words.confirm,
        agree=step_words.agree,
    )
