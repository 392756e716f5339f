"""Words that keep children safe: 999 first, the danger question once, previews naming no one."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import pytest

from messages import slack_render, teams_render, text_render
from messages.action_samples import ACTION_SAMPLE_FACTS
from messages.previews import PREVIEWS, SAFE_KEYS
from messages.render import Platform, render
from messages.samples import SAMPLE_FACTS
from tests.screen_samples import CHILD_SECRETS, concern_step
from tests.support import INVENTED_CHILD, INVENTED_DOB, INVENTED_NARRATIVE
from workflows.concerns import form
from workflows.outgoing import MessageKind

FIRST = "If a child is in immediate danger, call 999 now."


def _slack_texts(view: dict[str, Any]) -> list[str]:
    """Every readable string of a Slack view or message, in the order shown."""
    found: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("type") in ("mrkdwn", "plain_text") and "text" in node:
                found.append(node["text"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(view.get("blocks", view))
    return found


def _teams_texts(card: dict[str, Any]) -> list[str]:
    found: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key in ("text", "label", "title"):
                if isinstance(node.get(key), str):
                    found.append(node[key])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(card.get("body", card))
    return found


def _texts(platform: Platform, answers: dict[str, Any]) -> list[str]:
    screen = concern_step(form.DANGER, answers)
    if platform == Platform.SLACK:
        return _slack_texts(slack_render.modal(screen))
    if platform == Platform.TEAMS:
        return _teams_texts(teams_render.render(screen))
    return text_render.lines(screen, with_inputs=True)


@pytest.mark.parametrize("platform", list(Platform))
def test_the_first_thing_a_concern_shows_is_999(platform: Platform) -> None:
    texts = [t for t in _texts(platform, {}) if t.strip()]
    first = next(i for i, t in enumerate(texts) if FIRST in t)
    question = next(i for i, t in enumerate(texts) if "in immediate danger?" in t)
    assert first < question, texts
    titles = {"Report a concern", "Immediate danger"}  # the window's and the step's names only
    assert {t.strip("\n= ") for t in texts[:first]} <= titles, texts[:first]


@pytest.mark.parametrize("platform", list(Platform))
def test_the_danger_question_is_asked_once(platform: Platform) -> None:
    joined = "\n".join(_texts(platform, {}))
    assert joined.count("in immediate danger?") == 1, joined
    assert "danger right now?" not in joined


@pytest.mark.parametrize("platform", list(Platform))
def test_a_receipt_to_a_reporter_in_danger_leads_with_999_and_the_mash(platform: Platform) -> None:
    facts = {**SAMPLE_FACTS[MessageKind.CONCERN_RECEIPT], "immediate_danger": True}
    shown = render(MessageKind.CONCERN_RECEIPT, facts, platform)
    if platform == Platform.SLACK:
        texts = _slack_texts({"blocks": shown.blocks})
    elif platform == Platform.TEAMS:
        texts = _teams_texts(shown.card or {})
    else:
        texts = shown.text.splitlines()
    joined = "\n".join(texts).replace("*", "")
    assert joined.removeprefix(":rotating_light: ").startswith(
        "If the child is still in danger, call 999 now."
    )
    assert joined.index("Phone the Riverton City MASH now on 0300 555 0101") < joined.index(
        "Thank you"
    )


@pytest.mark.parametrize("platform", list(Platform))
def test_a_receipt_without_danger_does_not_alarm(platform: Platform) -> None:
    facts = {**SAMPLE_FACTS[MessageKind.CONCERN_RECEIPT], "immediate_danger": False}
    shown = render(MessageKind.CONCERN_RECEIPT, facts, platform)
    body = json.dumps(shown.blocks or shown.card or shown.text)
    assert "still in danger" not in body
    assert "Phone the Riverton City MASH now" not in body


SECRET = "Zq Secret-Zq"  # stands in for every identifying fact a message may carry
ADDRESS = "14 Invented Road, Riverton"


def _every_kind() -> list[tuple[MessageKind, dict[str, Any]]]:
    return [(kind, facts) for kind, facts in {**SAMPLE_FACTS, **ACTION_SAMPLE_FACTS}.items()]


def _with_secrets(facts: dict[str, Any]) -> dict[str, Any]:
    """The sample facts with every free-text fact but the allowed few made identifying."""
    seeded = {
        key: f"{SECRET} {INVENTED_CHILD} {ADDRESS}"
        if isinstance(value, str) and key not in SAFE_KEYS and not _is_time(value)
        else value
        for key, value in facts.items()
    }
    if "search_details" in facts:
        seeded["search_details"] = [["Name", INVENTED_CHILD], ["Date of birth", INVENTED_DOB]]
    if "question" in facts:
        seeded["question"] = INVENTED_NARRATIVE
    return seeded


def _is_time(value: str) -> bool:
    try:
        datetime.fromisoformat(value)
    except ValueError:
        return False
    return True


def test_every_kind_has_a_preview() -> None:
    assert set(PREVIEWS) == set(MessageKind)


@pytest.mark.parametrize("platform", [Platform.SLACK, Platform.TEAMS])
@pytest.mark.parametrize(("kind", "facts"), _every_kind(), ids=lambda v: str(v)[:24])
def test_notification_text_names_no_child(
    kind: MessageKind, facts: dict[str, Any], platform: Platform
) -> None:
    for sample in (facts, _with_secrets(facts)):
        shown = render(kind, sample, platform)
        for secret in (*CHILD_SECRETS, SECRET, ADDRESS, "Testperson"):
            assert secret not in shown.text, (kind, shown.text)
        assert "\n" not in shown.text and len(shown.text) <= 200, shown.text


def test_an_information_request_carries_the_child_only_in_its_body() -> None:
    facts = {**SAMPLE_FACTS[MessageKind.INFORMATION_REQUEST], "in_channel": False}
    shown = render(MessageKind.INFORMATION_REQUEST, facts, Platform.SLACK)
    assert INVENTED_CHILD in json.dumps(shown.blocks)  # the allowed lead still reads it
    assert INVENTED_CHILD not in shown.text
    assert shown.text == (
        "Information request 3 for Riverton Health Trust, about referral CSE-2026-00042. "
        "Open it to read what the MASH needs to know."
    )
