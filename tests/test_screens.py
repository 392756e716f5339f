"""Every screen and every message kind, rendered on Slack, Teams and text from sample data.

Slack output must pass slack_sdk's models and Slack's limits; Teams output must be an Adaptive
Card 1.5 that the `adaptivecards` npm package's own parser accepts; each platform must carry
the same facts; and no channel rendering may carry a child's name, date of birth or narrative.
"""

from __future__ import annotations

import copy
import json
import shutil
import subprocess
from html import unescape
from pathlib import Path
from typing import Any

import pytest

from messages import slack_render, teams_render, text_render
from messages.forms import FORMS, FieldWords, FormWords, form_screen
from messages.render import Platform, render
from messages.samples import SAMPLE_FACTS
from messages.screen import Buttons, Fact, Facts, Input, Screen, Surface, Text
from tests.screen_samples import CHILD_SECRETS, SCREENS
from tests.slack.blockkit import block_problems, view_problems
from workflows.forms import Field, FieldKind, Form, FormView, Option, Step
from workflows.outgoing import MessageKind

TITLE_LIMIT = 24
TEXT_LIMIT = 3000
# Adaptive Cards 1.5: the elements and actions that exist in that version.
AC_ELEMENTS = {
    "AdaptiveCard",
    "TextBlock",
    "RichTextBlock",
    "TextRun",
    "Image",
    "Media",
    "ImageSet",
    "FactSet",
    "Container",
    "ColumnSet",
    "Column",
    "ActionSet",
    "Table",
    "TableRow",
    "TableCell",
    "Input.Text",
    "Input.Number",
    "Input.Date",
    "Input.Time",
    "Input.Toggle",
    "Input.ChoiceSet",
}
AC_ACTIONS = {
    "Action.Submit",
    "Action.OpenUrl",
    "Action.ShowCard",
    "Action.ToggleVisibility",
    "Action.Execute",
}
# Messages that go to channels: never a child's identifying details.
CHANNEL_KINDS = {
    MessageKind.CONCERN_FOR_MASH,
    MessageKind.REFERRAL_CARD,
    MessageKind.ACTIONS_DIGEST,
    MessageKind.INFORMATION_REQUEST,
    MessageKind.INFORMATION_REQUEST_CHASE,
}
CHECK_JS = """
const AC = require("adaptivecards/dist/adaptivecards.js");
const cards = JSON.parse(require("fs").readFileSync(0, "utf8"));
const found = cards.map((card) => {
  const ctx = new AC.SerializationContext();
  new AC.AdaptiveCard().parse(card, ctx);
  const events = [];
  for (let i = 0; i < ctx.eventCount; i++) events.push(ctx.getEventAt(i).message);
  return events;
});
console.log(JSON.stringify(found));
"""


@pytest.fixture(scope="session")
def card_parser(tmp_path_factory: pytest.TempPathFactory) -> Path | None:
    """The adaptivecards npm package's parser, installed in a folder of its own; None without node."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if not node or not npm:
        return None
    folder = tmp_path_factory.mktemp("adaptivecards")
    done = subprocess.run(
        [npm, "install", "--prefix", str(folder), "--no-audit", "--no-fund", "adaptivecards@3"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    if done.returncode != 0:
        pytest.fail(f"npm could not install adaptivecards: {done.stderr[-1000:]}")
    (folder / "check.js").write_text(CHECK_JS)
    return folder


def parse_with_adaptivecards(folder: Path | None, cards: list[dict[str, Any]]) -> list[list[str]]:
    if folder is None:
        pytest.skip(
            "node and npm are not on this machine: the adaptivecards parser check is skipped"
        )
    done = subprocess.run(
        ["node", str(folder / "check.js")],
        input=json.dumps(cards),
        capture_output=True,
        text=True,
        cwd=folder,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout)


def strings(node: Any) -> list[str]:
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):
        return [s for v in node.values() for s in strings(v)]
    if isinstance(node, list):
        return [s for v in node for s in strings(v)]
    return []


def slack_texts(node: Any) -> list[str]:
    if isinstance(node, dict):
        found = [node["text"]] if node.get("type") in ("plain_text", "mrkdwn") else []
        return found + [t for v in node.values() for t in slack_texts(v)]
    if isinstance(node, list):
        return [t for v in node for t in slack_texts(v)]
    return []


def walk_card(node: Any, found: list[dict[str, Any]]) -> None:
    """Every typed object of a card's structure; not inside a button's `data`, which is the
    button's payload (Teams reads its `msteams` part, typed too, as an instruction)."""
    if isinstance(node, dict):
        if "type" in node:
            found.append(node)
        for key, value in node.items():
            if key != "data":
                walk_card(value, found)
    elif isinstance(node, list):
        for value in node:
            walk_card(value, found)


def card_problems(card: dict[str, Any]) -> list[str]:
    problems = []
    if card.get("type") != "AdaptiveCard" or card.get("version") != "1.5":
        problems.append(f"not an Adaptive Card 1.5: {card.get('type')} {card.get('version')}")
    nodes: list[dict[str, Any]] = []
    walk_card(card, nodes)
    ids = []
    for node in nodes:
        kind = node["type"]
        if kind.startswith("Action."):
            if kind not in AC_ACTIONS:
                problems.append(f"{kind} is not an Adaptive Cards 1.5 action")
        elif kind not in AC_ELEMENTS:
            problems.append(f"{kind} is not an Adaptive Cards 1.5 element")
        if kind.startswith("Input."):
            ids.append(node.get("id"))
            if node.get("isRequired") and not node.get("label"):
                problems.append(f"required input {node.get('id')} has no label")
    if len(ids) != len(set(ids)) or None in ids:
        problems.append(f"input ids are missing or repeated: {ids}")
    return problems


def screen_facts(screen: Screen) -> list[str]:
    """Every line a person reads on the screen (buttons are actions, not facts)."""
    found: list[str] = [screen.title]
    for s in screen.sections():
        if isinstance(s, Text):
            found += s.text.splitlines()
        elif isinstance(s, Facts):
            found += [f.label for f in s.facts] + [f.value for f in s.facts]
        elif isinstance(s, Input):
            found += [s.label] + [c.label for c in s.choices] + ([s.hint] if s.hint else [])
    return [line.strip() for line in found if line.strip()]


@pytest.mark.parametrize("name", list(SCREENS))
def test_every_screen_passes_slack(name: str) -> None:
    screen = SCREENS[name]()
    rendered = slack_render.render(screen)
    if screen.surface == Surface.MESSAGE:
        problems = block_problems(rendered["blocks"])
    else:
        problems = view_problems(rendered)
        for key in ("title", "submit", "close"):
            if key in rendered:
                assert len(rendered[key]["text"]) <= TITLE_LIMIT, rendered[key]
    assert not problems, problems
    assert all(len(t) <= TEXT_LIMIT for t in slack_texts(rendered))


@pytest.mark.parametrize("name", list(SCREENS))
def test_every_screen_is_an_adaptive_card_1_5(name: str) -> None:
    screen = SCREENS[name]()
    card = teams_render.card(screen)
    assert not card_problems(card), card_problems(card)
    if screen.surface == Surface.MODAL:
        dialog = teams_render.dialog(screen)["task"]
        assert dialog["type"] == "continue"
        assert dialog["value"]["card"]["content"] == card


def test_a_button_that_opens_a_form_opens_a_dialog_in_teams_and_no_other_does() -> None:
    """Marked as the card is drawn, for every screen; a card written as a template gets the
    same from `teams_cards.with_dialogs`, which changes nothing in a drawn one."""
    from messages import teams_cards

    openers = others = 0
    for make in SCREENS.values():
        card = teams_render.card(make())
        nodes: list[dict[str, Any]] = []
        walk_card(card, nodes)
        for node in nodes:
            data = node.get("data") if node.get("type") == "Action.Submit" else None
            if not isinstance(data, dict) or "action" not in data:
                continue
            if data["action"] in teams_render.FORM_OPENERS:
                openers += 1
                assert data["msteams"] == {"type": "task/fetch"}, data["action"]
            else:
                others += 1
                assert "msteams" not in data, data["action"]
        assert teams_cards.with_dialogs(copy.deepcopy(card)) == card
    assert openers and others  # the samples have both kinds

    template = {"type": "AdaptiveCard", "body": [{"type": "ActionSet", "actions": [
        {"type": "Action.Submit", "data": {"action": "action_update", "value": "A-1"}},
        {"type": "Action.Submit", "data": {"action": "triage_claim", "value": "R-1"}},
    ]}]}  # fmt: skip
    update, claim = teams_cards.with_dialogs(template)["body"][0]["actions"]
    assert update["data"]["msteams"] == {"type": "task/fetch"}
    assert "msteams" not in claim["data"]


def test_every_card_parses_with_the_adaptivecards_package(card_parser: Path | None) -> None:
    cards = [teams_render.card(make()) for make in SCREENS.values()]
    cards += [render(kind, SAMPLE_FACTS[kind], Platform.TEAMS).card for kind in MessageKind]
    events = parse_with_adaptivecards(card_parser, cards)
    assert [e for e in events if e] == []


@pytest.mark.parametrize("name", list(SCREENS))
def test_each_platform_carries_the_same_facts(name: str) -> None:
    screen = SCREENS[name]()
    slack = unescape("\n".join(slack_texts(slack_render.render(screen))))
    teams = "\n".join(strings(teams_render.card(screen)))
    text = "\n".join(text_render.lines(screen, with_inputs=True) + [screen.title])
    for fact in screen_facts(screen):
        if fact == screen.title and screen.surface != Surface.MODAL:
            continue  # only a modal has a title bar
        assert fact in slack, f"Slack leaves out {fact!r}"
        assert fact in teams, f"Teams leaves out {fact!r}"
        assert fact in text, f"the console leaves out {fact!r}"


@pytest.mark.parametrize("kind", list(MessageKind))
def test_every_message_kind_renders_on_every_platform(kind: MessageKind) -> None:
    facts = SAMPLE_FACTS[kind]
    slack = render(kind, facts, Platform.SLACK)
    assert not block_problems(slack.blocks or []), block_problems(slack.blocks or [])
    assert not card_problems(render(kind, facts, Platform.TEAMS).card or {})
    assert render(kind, facts, Platform.TEXT).text.strip()


@pytest.mark.parametrize("kind", sorted(CHANNEL_KINDS))
@pytest.mark.parametrize("platform", list(Platform))
def test_no_channel_rendering_carries_a_childs_details(
    kind: MessageKind, platform: Platform
) -> None:
    secrets = dict(zip(("child_name", "child_dob", "what_happened"), CHILD_SECRETS, strict=True))
    facts = {**SAMPLE_FACTS[kind], **secrets}
    if "in_channel" in facts:
        facts["in_channel"] = True  # a request sent to the agency's channel, not to its leads
    rendered = render(kind, facts, platform)
    shown = json.dumps([rendered.text, rendered.blocks, rendered.card], ensure_ascii=False)
    for secret in CHILD_SECRETS:
        assert secret not in shown


SAMPLE_STEP = Step(
    "about",
    (
        Field("name", FieldKind.TEXT),
        Field("colour", FieldKind.SELECT, options=(Option("red"), Option("blue"))),
    ),
)
SAMPLE_WORDS = FormWords(
    screen_id="sample_form",
    title="A sample form",
    fields={
        "name": FieldWords("Your name"),
        "colour": FieldWords("Favourite colour", options={"red": "Red", "blue": "Blue"}),
        "postcode": FieldWords("Postcode", hint="For example RV1 2AB."),
    },
)


def test_a_field_added_to_a_form_shows_on_every_platform(monkeypatch) -> None:
    """The new field is one entry in the form and its words, and no renderer changes."""
    monkeypatch.setitem(FORMS, "sample", SAMPLE_WORDS)
    before = Form("sample", (SAMPLE_STEP,))
    added = Step("about", (*SAMPLE_STEP.fields, Field("postcode", FieldKind.TEXT, max_length=8)))
    after = Form("sample", (added,))

    def renderings(f: Form) -> list[str]:
        screen = form_screen(FormView(f, "key", f.steps[0], {}))
        return [
            json.dumps(slack_render.modal(screen)),
            json.dumps(teams_render.card(screen)),
            "\n".join(text_render.lines(screen, with_inputs=True)),
        ]

    assert all("Postcode" not in shown for shown in renderings(before))
    for shown in renderings(after):
        assert "Postcode" in shown and "For example RV1 2AB." in shown
    slack = slack_render.modal(form_screen(FormView(after, "key", added, {})))
    assert [b["block_id"] for b in slack["blocks"] if b["type"] == "input"][-1] == "postcode"


def test_buttons_carry_their_action_and_data_everywhere() -> None:
    screen = SCREENS["home"]()
    buttons = [b for s in screen.sections() if isinstance(s, Buttons) for b in s.buttons]
    slack = json.dumps(slack_render.render(screen))
    card = teams_render.card(screen)
    for button in buttons:
        assert f'"action_id": "{button.action}"' in slack
        assert {"action": button.action, "value": button.value} in [
            {k: a["data"].get(k) for k in ("action", "value")}
            for node in (card["body"])
            if node["type"] == "ActionSet"
            for a in node["actions"]
        ]
    assert Fact  # the model's parts are importable from one place


@pytest.mark.parametrize("name", ["concern: sharing", "concern: signs", "action: update"])
def test_a_teams_submission_reads_back_as_the_answers_shown(name: str) -> None:
    screen = SCREENS[name]()
    card = teams_render.card(screen)
    nodes: list[dict[str, Any]] = []
    walk_card(card, nodes)
    sent = {n["id"]: n.get("value", "") for n in nodes if n["type"].startswith("Input.")}
    answers = teams_render.answers_from_submit(screen, sent)
    for i in screen.inputs():
        empty = [] if i.kind == FieldKind.CHECKBOXES else None
        assert answers[i.id] == (i.value if i.value not in (None, "") else empty), i.id
