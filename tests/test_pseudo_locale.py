"""Every message kind and every screen, rendered in the pseudo-locale on Slack, Teams and text.

The pseudo-locale (`en-XA`) accents every letter of every msgid and makes it 40% longer. So a
plain-English word left in a rendering is a sentence that bypassed the catalogue (a Welsh
reader would get English there), and a rendering over Slack's or Teams' limits would break
with a longer language. Facts (names, references, agencies) are not translated: they are
taken out before the check.

`NOT_YET_TRANSLATED` lists what has not been put through gettext yet. Its entries are strict
expected failures: convert one and the test passes, which fails until you take it off the list.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Iterable
from typing import Any

import pytest

from messages import glossary, slack_render, teams_render, text_render
from messages.i18n import PSEUDO_LOCALE, SUPPORTED_LOCALES, use_locale
from messages.languages import language_name
from messages.problem_samples import PROBLEM_SAMPLES
from messages.problems import wording
from messages.render import Platform, render
from messages.samples import SAMPLE_FACTS
from messages.screen import Surface
from tests import screen_samples
from tests.screen_samples import SCREENS
from tests.slack.blockkit import block_problems, view_problems
from workflows.errors import Problem, Reason
from workflows.outgoing import MessageKind

NOT_YET_TRANSLATED: set[str] = set()  # everything is through gettext: keep it so
# Words no language translates.
NEVER_TRANSLATED = {"mashbot"}
SLACK_TITLE_LIMIT = 24  # a modal's title, submit and close
SLACK_TEXT_LIMIT = 3000  # a section's text
SLACK_HEADER_LIMIT = 150
TEAMS_CARD_BYTES = 28_000  # a Teams message, card included, is refused above about 28 KB
# Kept out of the check: `commands`, links and Slack's <…> tokens, :emoji:, e-mail addresses.
_NOT_WORDS = re.compile(r"`[^`]*`|https?://\S+|<[^<>]*>|:[a-z0-9_+-]+:|\S+@\S+")
_WORD = re.compile(r"[A-Za-z]{2,}")
_HUMAN_KEYS = {"text", "title", "label", "placeholder", "errorMessage", "fallbackText"}


def _strings(value: Any) -> Iterable[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list | tuple | set | frozenset):
        for item in value:
            yield from _strings(item)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in dataclasses.fields(value):
            yield from _strings(getattr(value, field.name))
    elif hasattr(value, "__dict__") and not isinstance(value, type):
        yield from _strings(vars(value))


def _fact_strings() -> list[str]:
    """Every value the samples carry: facts are shown as they are, in any language."""
    found = set(_strings(list(SAMPLE_FACTS.values())))
    for name in dir(screen_samples):
        if name.isupper():
            found |= set(_strings(getattr(screen_samples, name)))
    partnership = screen_samples.PARTNERSHIP
    found |= set(_strings(partnership))
    return sorted((s for s in found if s.strip()), key=len, reverse=True)


FACTS = _fact_strings()


def untranslated(texts: Iterable[str], facts: Iterable[str] = ()) -> list[str]:
    """The plain-English words left once facts, commands, links and emoji are taken out."""
    left: list[str] = []
    for text in texts:
        for fact in facts:  # a whole fact: not "red" inside a word or inside :red_circle:
            if len(fact) > 1 and fact in text:
                text = re.sub(rf"(?<![\w]){re.escape(fact)}(?![\w])", " ", text)
        text = _NOT_WORDS.sub(" ", text)  # after: a fact may hold colons ("host:4242:ab")
        left += [w for w in _WORD.findall(text) if w not in NEVER_TRANSLATED]
    return left


def _human(node: Any) -> list[str]:
    """The strings of a Block Kit payload or an Adaptive Card that a person reads."""
    if isinstance(node, dict):
        found = [v for k, v in node.items() if k in _HUMAN_KEYS and isinstance(v, str)]
        return found + [t for k, v in node.items() if not isinstance(v, str) for t in _human(v)]
    if isinstance(node, list):
        return [t for v in node for t in _human(v)]
    return []


def _slack_limits(blocks: list[dict[str, Any]], view: dict[str, Any] | None = None) -> list[str]:
    problems = view_problems(view) if view else block_problems(blocks)
    for key in ("title", "submit", "close"):
        if view and key in view and len(view[key]["text"]) > SLACK_TITLE_LIMIT:
            problems.append(f"{key} over {SLACK_TITLE_LIMIT} characters: {view[key]['text']!r}")
    for block in blocks:
        if block.get("type") == "header" and len(block["text"]["text"]) > SLACK_HEADER_LIMIT:
            problems.append(f"header over {SLACK_HEADER_LIMIT} characters")
    problems += [
        f"text over {SLACK_TEXT_LIMIT}" for t in _human(blocks) if len(t) > SLACK_TEXT_LIMIT
    ]
    return problems


def _teams_limits(card: dict[str, Any]) -> list[str]:
    size = len(json.dumps(card, ensure_ascii=False).encode())
    return (
        [f"card of {size} bytes (Teams refuses over {TEAMS_CARD_BYTES})"]
        if size > TEAMS_CARD_BYTES
        else []
    )


def _marks(name: str) -> list[Any]:
    return (
        [pytest.mark.xfail(strict=True, reason="not through gettext yet")]
        if name in NOT_YET_TRANSLATED
        else []
    )


MESSAGES = [pytest.param(k, id=k.value, marks=_marks(f"message: {k.value}")) for k in MessageKind]
SCREEN_NAMES = [pytest.param(n, id=n, marks=_marks(f"screen: {n}")) for n in SCREENS]


@pytest.mark.parametrize("kind", MESSAGES)
def test_every_message_kind_is_translated_and_fits(kind: MessageKind) -> None:
    facts = SAMPLE_FACTS[kind]
    own_facts = sorted((s for s in _strings(facts) if s.strip()), key=len, reverse=True)
    with use_locale(PSEUDO_LOCALE):
        text = render(kind, facts, Platform.TEXT)
        slack = render(kind, facts, Platform.SLACK)
        teams = render(kind, facts, Platform.TEAMS)
    problems = _slack_limits(slack.blocks or []) + _teams_limits(teams.card or {})
    assert not problems, problems
    shown = [text.text, slack.text, teams.text, *_human(slack.blocks), *_human(teams.card)]
    left = untranslated(shown, own_facts + FACTS)
    assert not left, f"English left in {kind.value}: {sorted(set(left))}"


@pytest.mark.parametrize("name", SCREEN_NAMES)
def test_every_screen_is_translated_and_fits(name: str) -> None:
    with use_locale(PSEUDO_LOCALE):
        screen = SCREENS[name]()
        slack = slack_render.render(screen)
        card = teams_render.card(screen)
        lines = text_render.lines(screen, with_inputs=True)
    if screen.surface == Surface.MESSAGE:
        problems = _slack_limits(slack["blocks"])
    else:
        problems = _slack_limits(slack["blocks"], slack)
    problems += _teams_limits(card)
    assert not problems, problems
    left = untranslated([screen.title, *lines, *_human(slack), *_human(card)], FACTS)
    assert not left, f"English left in {name}: {sorted(set(left))}"


def test_the_check_finds_english_and_spares_facts_commands_and_links() -> None:
    shown = [
        "[Ţĥé ţéšţ···] Ben Carter `/mash case CSE-1` <https://x.invalid|x> :red_circle: Due soon"
    ]
    assert untranslated(shown, ["Ben Carter"]) == ["Due", "soon"]


def test_the_list_of_what_is_not_translated_yet_names_only_real_things() -> None:
    real = {f"message: {k.value}" for k in MessageKind} | {f"screen: {n}" for n in SCREENS}
    assert real >= NOT_YET_TRANSLATED, sorted(NOT_YET_TRANSLATED - real)


REASONS = [pytest.param(r, id=r.value) for r in Reason]


@pytest.mark.parametrize("platform", list(Platform))
@pytest.mark.parametrize("reason", REASONS)
def test_every_refusal_and_problem_is_translated(reason: Reason, platform: Platform) -> None:
    facts = PROBLEM_SAMPLES[reason]
    own_facts = sorted((s for s in _strings(facts) if s.strip()), key=len, reverse=True)
    own_facts += [language_name(code) for code in SUPPORTED_LOCALES]  # each named in itself
    with use_locale(PSEUDO_LOCALE):
        said = wording(Problem(reason, facts), platform)
    assert len(said) <= SLACK_TEXT_LIMIT
    left = untranslated([said], own_facts + FACTS)
    assert not left, f"English left in {reason.value} on {platform.value}: {sorted(set(left))}"


@pytest.mark.parametrize("platform", list(Platform))
def test_the_glossary_and_its_hint_are_translated(platform: Platform) -> None:
    with use_locale(PSEUDO_LOCALE):
        shown = [*glossary.lines(), glossary.hint(platform)]
    assert not untranslated(shown, FACTS)
