"""Forms without words: fields, steps and the checks every form shares, returning codes.

A feature defines its form's structure here (field ids, kinds, what is required, limits, the
values a choice may take) and its own rules; `messages.forms` holds every label, hint and title
and words each problem code. So a workflow decides what is valid and a person reads it in
plain English on every platform, worded once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

ANSWERED = ("*",)  # `shown_when` values meaning "once the other field has any answer"
BLANK = ""  # a `shown_when` value: shown while the other answer is still blank


def shown_for(when: tuple[str, tuple[str, ...]] | None, answers: dict[str, Any]) -> bool:
    """Whether a field asked only `when` another answer is given applies to these answers."""
    if when is None:
        return True
    other, values = when
    given = answers.get(other)
    if values == ANSWERED:
        return present(given)
    given = given if present(given) else BLANK
    given = given if isinstance(given, list) else [given]
    return any(str(v) in values for v in given)


class FieldKind(StrEnum):
    TEXT = "text"
    MULTILINE = "multiline"
    DATE = "date"
    NUMBER = "number"
    SELECT = "select"  # one of the options
    CHECKBOXES = "checkboxes"  # any of the options
    YES_NO = "yes_no"


@dataclass(frozen=True)
class Option:
    """A value a choice may take; `label` is data (an area's name), else messages words it."""

    value: str
    label: str | None = None


@dataclass(frozen=True)
class Field:
    id: str
    kind: FieldKind
    required: bool = True
    options: tuple[Option, ...] = ()
    max_length: int = 3000
    lowest: int | None = None  # numbers only
    highest: int | None = None
    # Shown only when another field's answer is one of these values, e.g. ("kind", ("held",)),
    # or (`ANSWERED`) whenever that field has any answer.
    shown_when: tuple[str, tuple[str, ...]] | None = None

    def shown(self, answers: dict[str, Any]) -> bool:
        return shown_for(self.shown_when, answers)


@dataclass(frozen=True)
class Step:
    """One screenful of a form; `facts` are what it shows besides its inputs (phone numbers)."""

    id: str
    fields: tuple[Field, ...] = ()
    facts: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Form:
    """A form's identity (its words are keyed by `id`) and its steps for the answers so far."""

    id: str
    steps: tuple[Step, ...]

    def step(self, step_id: str) -> Step:
        for step in self.steps:
            if step.id == step_id:
                return step
        raise KeyError(f"unknown step '{step_id}' of form '{self.id}'")

    def ids(self) -> list[str]:
        return [s.id for s in self.steps]


class Code(StrEnum):
    """What is wrong with an answer; `messages.forms` says it in plain English."""

    REQUIRED = "required"
    TOO_LONG = "too_long"
    BAD_DATE = "bad_date"
    NO_SUCH_DATE = "no_such_date"  # a day the month does not have: 31 February
    FUTURE_DATE = "future_date"
    PAST_DATE = "past_date"
    TOO_OLD = "too_old"
    NOT_WHOLE_NUMBER = "not_whole_number"
    OUT_OF_RANGE = "out_of_range"
    NOT_AN_OPTION = "not_an_option"
    NOT_LISTED = "not_listed"
    RULE = "rule"  # a feature's own rule; `params["rule"]` names it


@dataclass(frozen=True)
class FieldProblem:
    """One field's problem: a code and the numbers its words need."""

    code: Code
    params: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def rule(cls, name: str, **params: Any) -> FieldProblem:
        return cls(Code.RULE, {"rule": name, **params})

    def __str__(self) -> str:  # for logs and exception text; never shown to a person
        return f"{self.code.value}:{self.params.get('rule', '')}"


def present(value: Any) -> bool:
    if value is None:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, list):
        return bool(value)
    return True


def check_field(f: Field, value: Any, today: date) -> FieldProblem | None:
    """The problem with one answer, or None; a blank optional field is fine."""
    if not present(value):
        return FieldProblem(Code.REQUIRED) if f.required else None
    if f.kind in (FieldKind.TEXT, FieldKind.MULTILINE) and len(str(value)) > f.max_length:
        return FieldProblem(Code.TOO_LONG, {"limit": f.max_length, "length": len(str(value))})
    if f.kind == FieldKind.DATE:
        try:
            parsed = parse_date(str(value))
        except ValueError:
            return impossible_date(str(value)) or FieldProblem(Code.BAD_DATE)
        if parsed > today:
            return FieldProblem(Code.FUTURE_DATE)
        if (today - parsed).days > 26 * 366:
            return FieldProblem(Code.TOO_OLD)
    if f.kind == FieldKind.NUMBER:
        try:
            number = int(str(value).strip())
        except ValueError:
            return FieldProblem(Code.NOT_WHOLE_NUMBER)
        low, high = f.lowest, f.highest
        if (low is not None and number < low) or (high is not None and number > high):
            return FieldProblem(Code.OUT_OF_RANGE, {"lowest": low, "highest": high})
    if f.kind in (FieldKind.SELECT, FieldKind.YES_NO) and f.options:
        if str(value) not in {o.value for o in f.options}:
            return FieldProblem(Code.NOT_AN_OPTION)
    if f.kind == FieldKind.CHECKBOXES and f.options:
        allowed = {o.value for o in f.options}
        if any(v not in allowed for v in value):
            return FieldProblem(Code.NOT_LISTED)
    return None


def check_step(step: Step, answers: dict[str, Any], today: date) -> dict[str, FieldProblem]:
    """Problems by field id for the fields this step shows; empty means it may move on."""
    problems: dict[str, FieldProblem] = {}
    for f in step.fields:
        if not f.shown(answers):
            continue
        problem = check_field(f, answers.get(f.id), today)
        if problem:
            problems[f.id] = problem
    return problems


def impossible_date(text: str) -> FieldProblem | None:
    """A day/month/year that reads as a date but does not exist, said as such (30/02/2012)."""
    for sep in ("/", "-", "."):
        parts = text.strip().split(sep)
        if len(parts) == 3 and all(p.strip().isdecimal() for p in parts):
            day, month, year = (int(p) for p in parts)
            if 1 <= month <= 12 and 1 <= day <= 31 and year >= 1000:
                return FieldProblem(Code.NO_SUCH_DATE, {"day": day, "month": month, "year": year})
    return None


def parse_date(text: str) -> date:
    """Dates as people type them here: 14/03/2012, 14-03-2012 or 2012-03-14."""
    text = text.strip()
    if len(text) == 10 and text[4] == "-":
        return date.fromisoformat(text)
    for sep in ("/", "-", "."):
        parts = text.split(sep)
        if len(parts) == 3:
            day, month, year = (int(p) for p in parts)
            if year < 100:
                raise ValueError("two-digit year")
            return date(year, month, day)
    raise ValueError(f"not a date: {text!r}")


@dataclass(frozen=True)
class Carried:
    """The answers a form holds so far, the step they lead to, and how many keeps made them:
    what a form carries, sealed, from one request to the next (`workflows.form_carry`)."""

    answers: dict[str, Any]
    step_id: str
    revision: int


@dataclass(frozen=True)
class Keep:
    """A form's whole answers to write for `person_id` under `key`, as of `carried.revision`."""

    person_id: str
    key: str
    carried: Carried


@dataclass(frozen=True)
class Loaded:
    """A form as its person left it: the answers kept, the step reached, the facts it shows."""

    answers: dict[str, Any]
    step_id: str | None = None
    facts: dict[str, Any] = field(default_factory=dict)
    revision: int = 0  # how many times the answers were kept (a draft's), for a form to carry


@dataclass(frozen=True)
class FormView:
    """What to show: one step of a form, the answers so far and any problems on its fields."""

    form: Form
    key: str
    step: Step
    answers: dict[str, Any]
    facts: dict[str, Any] = field(default_factory=dict)
    problems: dict[str, FieldProblem | str] = field(default_factory=dict)
    # True when the problems are on the step just submitted (shown on its fields in place).
    in_place: bool = False
    # The answers for the form to carry to its next request, if it carries them (form_carry).
    carried: Carried | None = None

    @property
    def position(self) -> tuple[int, int]:
        ids = self.form.ids()
        return ids.index(self.step.id) + 1, len(ids)

    @property
    def last(self) -> bool:
        return self.form.ids()[-1] == self.step.id


@dataclass(frozen=True)
class Done:
    """The form is finished: `result` is what its workflow returned."""

    form_id: str
    key: str
    result: Any
