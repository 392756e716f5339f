"""Action-plan words read without colour, without sight and without guessing: every RAG rating
carries its word, every repeated button names its action, every date is written out in full."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from messages import action_replies as replies
from messages.action_samples import ACTION_SAMPLE_FACTS
from messages.action_words import RAG_EMOJI, day, month
from messages.board_report import RAG_FILL, TEXT_COLOUR, to_html, write_xlsx
from messages.render import Platform, render
from messages.slack_render import blocks_of
from messages.teams_render import body_of
from tests.screen_samples import SCREENS
from workflows.actions.report import BoardReport, BoardRow
from workflows.actions.results import ActionLine
from workflows.outgoing import MessageKind

ACTION_KINDS = [
    MessageKind.ACTIONS_PROMPT,
    MessageKind.ACTIONS_CHASE,
    MessageKind.ACTIONS_ESCALATION,
    MessageKind.ACTIONS_OVERDUE,
    MessageKind.ACTIONS_DIGEST,
    MessageKind.ACTIONS_FORM_OFFER,
]
RAG_SHOWN = [k for k in ACTION_KINDS if k != MessageKind.ACTIONS_ESCALATION]
WORDS = ("Red", "Amber", "Green")
SHOWN_KEYS = ("text", "title", "tooltip", "accessibility_label", "alt_text")

# Numeric (18/12/2026, 2026-12-18) and abbreviated (18 Dec 2026, Fri 18) dates.
NUMERIC_DATE = re.compile(r"\b\d{1,2}/\d{1,2}/\d{2,4}\b|\b\d{4}-\d{2}-\d{2}\b")
SHORT_DATE = re.compile(
    r"\b(Mon|Tue|Wed|Thu|Fri|Sat|Sun)\b|"
    r"\b(Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\b(?!\w)"
)


def shown(node: Any, parent: str = "") -> list[str]:
    """Every string a person sees or hears in a Block Kit or Adaptive Card payload."""
    found: list[str] = []
    if isinstance(node, dict):
        for key, value in node.items():
            if isinstance(value, str) and (key in SHOWN_KEYS or (parent == "facts")):
                found.append(value)
            elif key not in ("value", "data") or parent == "facts":
                found += shown(value, key)
    elif isinstance(node, list):
        for item in node:
            found += shown(item, parent)
    return found


def rendered_text(kind: MessageKind, platform: Platform) -> str:
    out = render(kind, ACTION_SAMPLE_FACTS[kind], platform)
    if platform == Platform.TEXT:
        return out.text
    return "\n".join([out.text, *shown(out.blocks if platform == Platform.SLACK else out.card)])


@pytest.mark.parametrize("platform", list(Platform))
@pytest.mark.parametrize("kind", RAG_SHOWN)
def test_every_rag_in_chat_carries_its_word_and_says_what_the_words_mean(
    kind: MessageKind, platform: Platform
) -> None:
    text = rendered_text(kind, platform)
    assert "RAG status: Red means off track or blocked" in text, "RAG explained once"
    assert text.count("RAG status: Red means") == 1
    assert "last RAG" not in text and "OVERDUE" not in text  # sentence case, plain words
    for emoji in RAG_EMOJI.values():
        for after in re.findall(re.escape(emoji) + r"\s*(\w+)", text):
            assert after in WORDS, f"{emoji} without its word"
    if kind == MessageKind.ACTIONS_DIGEST:
        for word in WORDS:
            assert word in text
    else:
        rated = [a["rag"] for a in ACTION_SAMPLE_FACTS[kind]["actions"]]
        for code in rated:
            assert (
                f"Last RAG status: {dict(R='Red', A='Amber', G='Green').get(code, 'Not rated')}"
                in text
            )


def test_the_digest_never_shows_rag_by_emoji_alone_in_slack() -> None:
    blocks = render(
        MessageKind.ACTIONS_DIGEST, ACTION_SAMPLE_FACTS[MessageKind.ACTIONS_DIGEST], Platform.SLACK
    ).blocks
    field = next(t for t in shown(blocks) if t.startswith("*RAG status*"))
    assert ":red_circle: Red: 1" in field and ":large_orange_circle: Amber: 3" in field
    assert ":large_green_circle: Green: 5" in field and "Not rated: 1" in field


def _report() -> BoardReport:
    rows = [
        BoardRow(
            "1.1",
            "Prevention",
            "Train staff",
            "Nina Lowe",
            "Police",
            date(2027, 1, 29),
            "",
            "open",
            {"2026-11": "G", "2026-12": "A"},
        ),  # fmt: skip
        BoardRow(
            "1.2",
            "Prevention",
            "Map hotspots",
            "Sam Ito",
            "Council",
            None,
            "",
            "completed",
            {"2026-12": "R"},
        ),  # fmt: skip
    ]
    return BoardReport("cse-2026", "Riverton CSE plan", "strategic", "DCI Jo Harker", ["2026-11", "2026-12"], rows)  # fmt: skip


def _luminance(colour: str) -> float:
    def channel(hex_pair: str) -> float:
        c = int(hex_pair, 16) / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(colour[i : i + 2]) for i in (0, 2, 4))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def test_the_html_report_shows_the_rag_word_with_enough_contrast() -> None:
    page = to_html(_report(), date(2026, 12, 18))
    cells = re.findall(r'<td class="rag rag-(\w)">([^<]*)</td>', page)
    assert sorted(cells) == [("A", "Amber"), ("G", "Green"), ("R", "Red")]
    assert "title=" not in page, "the word is on the page, not only in a tooltip"
    assert "RAG status: Red means off track or blocked" in page
    assert "Friday 18 December 2026" in page and "Friday 29 January 2027" in page
    assert not NUMERIC_DATE.search(page)
    text = _luminance(TEXT_COLOUR)
    for fill in RAG_FILL.values():
        ratio = (_luminance(fill) + 0.05) / (text + 0.05)
        assert ratio >= 7, f"#{TEXT_COLOUR} on #{fill} is only {ratio:.1f}:1"


def test_the_xlsx_cell_holds_the_word_and_the_fill_is_only_extra(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    path = write_xlsx(_report(), tmp_path / "report.xlsx", date(2026, 12, 18))
    sheet = load_workbook(path).active
    rated = [c for row in sheet.iter_rows(min_row=4) for c in row[7:] if c.value]
    assert sorted(c.value for c in rated) == ["Amber", "Green", "Red"]
    for c in rated:
        assert c.fill.start_color.rgb[-6:] == RAG_FILL[c.value[0]]
    assert "exported Friday 18 December 2026" in sheet.cell(row=1, column=1).value
    assert sheet.cell(row=3, column=8).value == "RAG November 2026"


def test_plan_view_in_chat_names_each_rating_in_words() -> None:
    lines = replies.plan_lines(_report())
    text = "\n".join(lines)
    assert "RAG status December 2026: Amber; November 2026: Green" in text
    assert "RAG status December 2026: Red; November 2026: Not rated" in text
    assert "1.2 · lead Sam Ito · no due date · Completed" in text
    assert text.count("RAG status: Red means") == 1
    assert not re.search(r"(^|\s)[RAG-](\s|$)", text), "no bare R/A/G letters"


def test_action_lists_use_words_and_sentence_case() -> None:
    line = ActionLine(1, "cse-2026:1.2a", "cse-2026", "1.2a", "Train staff", "Nina Lowe", "29 Jan 2027", "R", True, "open", "2026-12", False, date(2027, 1, 29))  # fmt: skip
    said = replies.action_line(line)
    assert said == (
        "cse-2026:1.2a · Train staff · due Friday 29 January 2027 · RAG status Red · Overdue · "
        "December 2026 update to do"
    )
    assert replies.action_list(replies.mine_head(1), [line])[-1].startswith("RAG status:")


def _buttons(kind: MessageKind, platform: Platform) -> list[dict[str, Any]]:
    out = render(kind, ACTION_SAMPLE_FACTS[kind], platform)
    found: list[dict[str, Any]] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("type") in ("button", "Action.Submit"):
                found.append(node)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(out.blocks if platform == Platform.SLACK else out.card)
    return found


@pytest.mark.parametrize("platform", [Platform.SLACK, Platform.TEAMS])
@pytest.mark.parametrize(
    "kind",
    [
        MessageKind.ACTIONS_PROMPT,
        MessageKind.ACTIONS_CHASE,
        MessageKind.ACTIONS_OVERDUE,
        MessageKind.ACTIONS_FORM_OFFER,
    ],
)
def test_every_answer_button_names_its_action(kind: MessageKind, platform: Platform) -> None:
    buttons = _buttons(kind, platform)
    assert buttons
    if platform == Platform.SLACK:
        labels = [b["text"]["text"] for b in buttons]
        spoken = [b["accessibility_label"] for b in buttons]
        assert all(len(s) <= 75 for s in spoken)
    else:
        labels = [b["title"] for b in buttons]
        spoken = [b["tooltip"] for b in buttons]
    assert len(set(labels)) == len(labels), labels
    assert len(set(spoken)) == len(spoken), spoken
    facts = ACTION_SAMPLE_FACTS[kind]
    for a in facts["actions"]:
        mine = [s for s in spoken if f"action {a['number']} of {a['ref'].split(':')[0]}" in s]
        assert mine, f"no button speaks of {a['ref']}"


def test_home_tab_action_buttons_carry_accessible_labels_on_both_platforms() -> None:
    home = SCREENS["home"]()
    slack = [e for s in home.sections() for b in blocks_of(s) for e in b.get("elements", [])]
    spoken = [
        e["accessibility_label"] for e in slack if e.get("action_id", "").startswith("action_")
    ]
    assert spoken == ["No change this period to action 1.2a of cse-2026", "Update action 1.2a of cse-2026"]  # fmt: skip
    teams = [a for s in home.sections() for b in body_of(s, {}) for a in b.get("actions", [])]
    assert [a["tooltip"] for a in teams if "tooltip" in a] == spoken


@pytest.mark.parametrize("platform", list(Platform))
@pytest.mark.parametrize("kind", ACTION_KINDS)
def test_no_action_message_shows_a_numeric_or_shortened_date(
    kind: MessageKind, platform: Platform
) -> None:
    text = rendered_text(kind, platform)
    assert not NUMERIC_DATE.search(text), NUMERIC_DATE.search(text)
    assert not SHORT_DATE.search(text), SHORT_DATE.search(text)


@pytest.mark.parametrize("kind", ACTION_KINDS)
def test_commands_are_named_as_each_platform_types_them(kind: MessageKind) -> None:
    teams = rendered_text(kind, Platform.TEAMS)
    slack = rendered_text(kind, Platform.SLACK)
    assert "/actions" not in teams and "nochange" not in teams and "nochange" not in slack
    if "actions plan" in teams:
        assert "/actions plan" in slack


def test_dates_read_in_full_with_the_year() -> None:
    assert day("2026-12-18") == "Friday 18 December 2026"
    assert day(date(2027, 1, 1)) == "Friday 1 January 2027"
    assert day(None) == "no due date"
    assert day("18 Dec 2026") == "18 Dec 2026", "a label queued before this change still reads"
    assert month("2026-12") == "December 2026"
