"""The concern form, the immediate-danger text and the receipt in Welsh (catalogue `cy`, awaiting
review by a Welsh-speaking safeguarding practitioner): a Welsh reader gets Welsh, 999 first."""

from __future__ import annotations

import json

import pytest
from babel.messages.pofile import read_po

from messages import slack_render, teams_render, text_render
from messages.i18n import catalogue_path, use_locale
from messages.render import Platform, render
from messages.samples import SAMPLE_FACTS
from tests.screen_samples import concern_step
from workflows.concerns import form
from workflows.outgoing import MessageKind

FIRST = "Os yw plentyn mewn perygl uniongyrchol, ffoniwch 999 nawr."


@pytest.mark.parametrize("platform", list(Platform))
def test_the_first_screen_of_the_concern_form_is_welsh(platform: Platform) -> None:
    with use_locale("cy"):
        screen = concern_step(form.DANGER, {})
        shown = {
            Platform.SLACK: lambda: json.dumps(slack_render.modal(screen), ensure_ascii=False),
            Platform.TEAMS: lambda: json.dumps(teams_render.card(screen), ensure_ascii=False),
            Platform.TEXT: lambda: "\n".join(text_render.lines(screen, with_inputs=True)),
        }[platform]()
    assert shown.index(FIRST) < shown.index("Ydy'r plentyn mewn perygl uniongyrchol?")
    for welsh in ("Cam 1 o 5", "Ie", "Na"):
        assert welsh in shown
    if platform != Platform.TEXT:  # the console prints no window title
        assert "Rhoi gwybod am bryder" in shown
    assert "immediate danger" not in shown and "Report a concern" not in shown


@pytest.mark.parametrize("platform", list(Platform))
def test_the_receipt_to_a_reporter_in_danger_is_welsh_and_leads_with_999(
    platform: Platform,
) -> None:
    facts = {**SAMPLE_FACTS[MessageKind.CONCERN_RECEIPT], "immediate_danger": True}
    with use_locale("cy"):
        shown = render(MessageKind.CONCERN_RECEIPT, facts, platform)
    body = json.dumps([shown.text, shown.blocks, shown.card], ensure_ascii=False)
    still = "Os yw'r plentyn yn dal mewn perygl, ffoniwch 999 nawr."
    phone = "Ffoniwch MASH Riverton City nawr ar 0300 555 0101"
    assert body.index(still) < body.index(phone) < body.index("Diolch.")
    assert "Eich cyfeirnod yw CSE-2026-00042." in body
    assert "Thank you" not in body and "still in danger" not in body


def test_a_calm_receipt_promises_the_timescale_in_welsh_plurals() -> None:
    facts = {**SAMPLE_FACTS[MessageKind.CONCERN_RECEIPT], "immediate_danger": False}
    with use_locale("cy"):
        text = render(MessageKind.CONCERN_RECEIPT, facts, Platform.TEXT).text
        two = render(
            MessageKind.CONCERN_RECEIPT,
            {**facts, "decision_within": {"hours": 48, "clock": "working_days"}},
            Platform.TEXT,
        ).text
    assert "o fewn 3 diwrnod gwaith" in text
    assert "o fewn 2 ddiwrnod gwaith" in two


def test_the_catalogue_says_it_awaits_review_and_every_entry_is_translated() -> None:
    path = catalogue_path("cy")
    assert "AWAITING REVIEW by a Welsh-speaking safeguarding practitioner" in path.read_text()
    with path.open("rb") as po:
        catalog = read_po(po, locale="cy")
    empty = [
        m.id
        for m in catalog
        if m.id and not all(m.string if isinstance(m.string, tuple) else (m.string,))
    ]
    assert empty == []


def test_readers_of_each_language_in_turn_each_get_their_own_form() -> None:
    """A form's words are made once per language and kept: an English reader after a Welsh
    one (and the Welsh one again) still reads their own language."""
    shown = []
    for locale in ("cy", "en", "cy", "en"):
        with use_locale(locale):
            screen = concern_step(form.DANGER, {})
            shown.append(json.dumps(slack_render.modal(screen), ensure_ascii=False))
    welsh, english = shown[0], shown[1]
    assert "Rhoi gwybod am bryder" in welsh and "Report a concern" not in welsh
    assert "Report a concern" in english and "Rhoi gwybod am bryder" not in english
    assert shown[2] == welsh and shown[3] == english
