"""The screen model: what a person sees, described once, for the Slack, Teams and text renderers.

A screen has a title, sections (text, facts, inputs, buttons) and what its submit and close
buttons say. It carries every word and fact; a renderer chooses only the layout (a modal, a
card or dialog, a prompt per field) and must not add words of its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Literal

from workflows.forms import FieldKind, shown_for

Style = Literal["plain", "strong", "note", "warning", "alarm", "code", "heading"]


@dataclass(frozen=True)
class Text:
    """A paragraph. `strong` and `alarm` stand out; `note` is small print; `code` is verbatim."""

    text: str
    style: Style = "plain"


@dataclass(frozen=True)
class Fact:
    label: str
    value: str


@dataclass(frozen=True)
class Facts:
    """Labelled facts, read top to bottom (a Teams FactSet, Slack bold labels, text lines)."""

    facts: tuple[Fact, ...]
    title: str | None = None


@dataclass(frozen=True)
class Choice:
    value: str
    label: str


@dataclass(frozen=True)
class Input:
    """One question. `value` is what is already typed or picked; `error` is its problem, worded."""

    id: str
    kind: FieldKind
    label: str
    required: bool = True
    hint: str | None = None
    placeholder: str | None = None
    choices: tuple[Choice, ...] = ()
    value: Any = None
    max_length: int = 3000
    error: str | None = None
    missing: str | None = None  # what to say if a required answer is left blank
    # Asked only when another answer is one of these values (a prompt skips it otherwise).
    when: tuple[str, tuple[str, ...]] | None = None

    def shown(self, answers: dict[str, Any]) -> bool:
        return shown_for(self.when, answers)


@dataclass(frozen=True)
class Button:
    """A button: `action` is its semantic id (messages.actions.ActionId), `value` the data it carries.

    `accessible` is what a screen reader says instead of the label, where several buttons share
    one label ("Update action 1.4" for a repeated "Update"): Slack's `accessibility_label`, the
    Teams action's `tooltip`. The console has no buttons, so the text renderer ignores it.
    """

    action: str
    label: str
    value: str | None = None
    primary: bool = False
    # What a screen reader says, where several buttons share a label ("Update action 1.4").
    accessible: str | None = None


@dataclass(frozen=True)
class Buttons:
    id: str
    buttons: tuple[Button, ...]


Section = Text | Facts | Input | Buttons


class Surface(StrEnum):
    MODAL = "modal"  # Slack modal, Teams dialog, console prompt
    HOME = "home"  # Slack Home tab, a Teams personal tab card, the console's /home
    MESSAGE = "message"  # an ephemeral reply or a card in a conversation


@dataclass(frozen=True)
class Overflow:
    """What to say when a platform cannot show every body section (Slack's 100 blocks).

    `keep` says which end stays; `text` may use {hidden} and {total}; `footer` replaces the
    screen's footer when something is left out.
    """

    text: str
    keep: Literal["start", "end"] = "start"
    at: Literal["top", "bottom"] = "bottom"
    footer: str | None = None


@dataclass(frozen=True)
class Screen:
    id: str  # what a submission or a close comes back as (Slack callback_id, Teams verb)
    title: str
    subtitle: str | None = None  # a step's heading, where the title is the form's name
    body: tuple[Section | tuple[Section, ...], ...] = ()  # an inner tuple is one item
    head: tuple[Section, ...] = ()
    tail: tuple[Section, ...] = ()
    footer: str | None = None
    submit: str | None = None
    close: str | None = None
    surface: Surface = Surface.MODAL
    meta: dict[str, Any] = field(default_factory=dict)  # carried back with a submission
    keep_on_close: bool = False  # tell the bot when the person closes it (to keep a draft)
    confirm: str | None = None  # the question a prompt asks on a step with no inputs
    agree: tuple[str, ...] = ()  # the answers to `confirm` that go on (any, if empty)
    overflow: Overflow | None = None

    def sections(self) -> list[Section]:
        """Every section in order, items flattened."""
        flat: list[Section] = list(self.head)
        for item in self.body:
            flat += list(item) if isinstance(item, tuple) else [item]
        return flat + list(self.tail)

    def inputs(self) -> list[Input]:
        return [s for s in self.sections() if isinstance(s, Input)]
