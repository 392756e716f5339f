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


def _everything(kind: MessageKind, facts: dict[str, Any], platform: Platform) -> list[str]:
    """Every line a person reads in one rendering, in order (emoji and bold marks taken off)."""
    shown = render(kind, facts, platform)
    if platform == Platform.SLACK:
        texts = _slack_texts({"blocks": shown.blocks})
    elif platform == Platform.TEAMS:  # a FactSet's values too
        texts = _teams_texts(shown.card or {})
        texts += [f["value"] for b in (shown.card or {})["body"] for f in b.get("facts", [])]
    else:
        texts = shown.text.splitlines()
    return [t.replace("*", "").replace(":rotating_light: ", "") for t in texts if t.strip()]


@pytest.mark.parametrize("platform", list(Platform))
@pytest.mark.parametrize("kind", [MessageKind.CONCERN_FOR_MASH, MessageKind.REFERRAL_CARD])
def test_the_mash_card_leads_with_danger_in_words(kind: MessageKind, platform: Platform) -> None:
    facts = {**SAMPLE_FACTS[kind], "immediate_danger": True}
    lines = _everything(kind, facts, platform)
    assert lines[0].startswith("Immediate danger reported: "), lines  # the header, in words
    assert "IMMEDIATE" not in "\n".join(lines) and "DANGER" not in "\n".join(lines)
    calm = _everything(kind, {**facts, "immediate_danger": False}, platform)
    assert not any("danger reported" in line for line in calm)


@pytest.mark.parametrize("platform", list(Platform))
@pytest.mark.parametrize("kind", [MessageKind.CONCERN_FOR_MASH, MessageKind.REFERRAL_CARD])
@pytest.mark.parametrize(("count", "signs"), [(1, "1 sign ticked (Low)"), (3, "3 signs ticked")])
def test_the_signs_checklist_counts_signs_and_says_it_does_not_measure_danger(
    kind: MessageKind, platform: Platform, count: int, signs: str
) -> None:
    facts = {**SAMPLE_FACTS[kind], "indicator_count": count, "screening_band": "Low"}
    joined = "\n".join(_everything(kind, facts, platform))
    assert "Signs checklist" in joined and signs in joined
    assert "It counts the signs ticked; it does not measure danger." in joined
    assert "Screening" not in joined and "1 signs" not in joined


@pytest.mark.parametrize("platform", list(Platform))
def test_a_receipt_promises_only_what_the_timescales_give(platform: Platform) -> None:
    facts = {**SAMPLE_FACTS[MessageKind.CONCERN_RECEIPT], "immediate_danger": False}
    joined = "\n".join(_everything(MessageKind.CONCERN_RECEIPT, facts, platform))
    assert "within 3 working days, sooner if it is urgent" in joined
    assert "24 hours" not in joined and "today" not in joined
    assert "MASH (multi-agency safeguarding hub)" in joined  # explained at first use
    older = {k: v for k, v in facts.items() if k != "decision_within"}  # queued before
    assert "within" not in "\n".join(_everything(MessageKind.CONCERN_RECEIPT, older, platform))
