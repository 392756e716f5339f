"""Renderings hold up against hostile or long text: nothing reaches Slack unescaped, nothing is
silently cut, and a plan's text never becomes a spreadsheet formula."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View

from messages import slack_render
from messages.action_samples import ACTION_SAMPLE_FACTS
from messages.blockkit import MRKDWN_LIMIT, split_mrkdwn
from messages.board_report import write_xlsx
from messages.render import Platform, render, slack_escape
from messages.samples import SAMPLE_FACTS
from messages.screens.concern import details_screen
from messages.screens.triage import chronology_screen, export_screen
from messages.summary import DETAIL_ROWS
from workflows.actions.report import BoardReport, BoardRow
from workflows.forms import Field, FieldKind, Form, Option, Step
from workflows.outgoing import MessageKind
from workflows.triage.results import Chronology, ChronologyEntry

HOSTILE = "<!channel> & <@U123>"
ESCAPED = "&lt;!channel&gt; &amp; &lt;@U123&gt;"


def _is_timestamp(value: str) -> bool:
    """A moment or an ISO day: facts the date formatters read, never free text."""
    try:
        if len(value) == 10:
            date.fromisoformat(value)
            return True
        datetime.fromisoformat(value)
    except ValueError:
        return False
    return "T" in value


def hostile(value: Any) -> Any:
    """Every string in the facts replaced by a mention and an ampersand (timestamps kept)."""
    if isinstance(value, str):
        return value if _is_timestamp(value) else HOSTILE
    if isinstance(value, dict):
        return {k: hostile(v) for k, v in value.items()}
    if isinstance(value, list):
        return [hostile(v) for v in value]
    return value


def mrkdwn_texts(node: Any) -> list[str]:
    """Every mrkdwn text in blocks or a view."""
    if isinstance(node, dict):
        found = [node["text"]] if node.get("type") == "mrkdwn" else []
        return found + [t for v in node.values() for t in mrkdwn_texts(v)]
    if isinstance(node, list):
        return [t for v in node for t in mrkdwn_texts(v)]
    return []


def assert_escaped(node: Any) -> None:
    texts = mrkdwn_texts(node)
    assert texts
    for text in texts:
        for raw in ("<!channel>", "<@U123>", " & "):
            assert raw not in text, f"unescaped {raw!r} in {text!r}"


def assert_valid_view(view: dict[str, Any]) -> None:
    View(**view).validate_json()
    assert len(view["blocks"]) <= 100
    for block in view["blocks"]:
        Block.parse(block).validate_json()


@pytest.mark.parametrize("kind", list(MessageKind))
def test_every_slack_rendering_escapes_every_string_fact(kind: MessageKind) -> None:
    facts = hostile(SAMPLE_FACTS[kind])
    rendered = render(kind, facts, Platform.SLACK)
    assert_escaped(rendered.blocks)
    assert any(ESCAPED in text for text in mrkdwn_texts(rendered.blocks)), "a fact is shown"


@pytest.mark.parametrize("kind", [MessageKind.ACTIONS_DIGEST, MessageKind.ACTIONS_ESCALATION])
def test_plan_names_and_action_numbers_are_escaped(kind: MessageKind) -> None:
    facts = dict(SAMPLE_FACTS[kind], plan_name=HOSTILE)
    if kind == MessageKind.ACTIONS_DIGEST:
        facts["overdue"] = [dict(facts["overdue"][0], number=HOSTILE)]
    else:  # each plan in the message carries its own name
        facts["plans"] = [dict(p, plan_name=HOSTILE) for p in facts["plans"]]
    text = "\n".join(mrkdwn_texts(render(kind, facts, Platform.SLACK).blocks))
    assert HOSTILE not in text
    assert ESCAPED in text


def _details_facts(**overrides: Any) -> dict[str, Any]:
    return {
        "reference": "CSE-2026-00042",
        "area_name": "Riverton City",
        "received_at": "2026-11-24T10:00:00+00:00",
        "immediate_danger": False,
        "indicators": ["Missing from home"],
        "screening_band": "Medium",
        "screening_score": 4,
        **{key: f"{label} answer" for key, label in DETAIL_ROWS},
        **overrides,
    }


def _details_view(facts: dict[str, Any]) -> dict[str, Any]:
    return slack_render.modal(details_screen(facts))


def test_the_details_view_escapes_every_detail() -> None:
    facts = _details_facts(**{key: HOSTILE for key, _ in DETAIL_ROWS}, indicators=[HOSTILE])
    view = _details_view(facts)
    assert_escaped(view)
    assert_valid_view(view)


def test_a_long_detail_is_split_over_sections_not_cut() -> None:
    story = " ".join(f"word{n} & <more>" for n in range(900))  # ~13,000 characters escaped
    view = _details_view(_details_facts(what_happened=story))
    assert_valid_view(view)
    shown = "".join(mrkdwn_texts(view))
    assert slack_escape(story) in shown.replace("*What happened*\n", "")
    assert "word899 &amp; &lt;more&gt;" in shown


def test_details_too_long_for_one_view_say_where_the_rest_is() -> None:
    huge = "x " * 200_000  # needs more than 100 sections
    view = _details_view(_details_facts(what_happened=huge))
    assert_valid_view(view)
    texts = mrkdwn_texts(view)
    assert any("too long to show here in full" in t and "view CSE-2026-00042" in t for t in texts)
    assert "recorded in the audit log" in texts[-1]


def test_split_mrkdwn_keeps_everything_and_never_breaks_an_entity() -> None:
    text = slack_escape("a&" * 4000)
    pieces = split_mrkdwn(text)
    assert "".join(pieces) == text
    assert all(len(p) <= MRKDWN_LIMIT for p in pieces)
    assert all(not p.endswith(("&", "&a", "&am", "&amp")) for p in pieces)


def _chronology(reference: str, count: int, words: str = "claimed the referral.") -> Chronology:
    start = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)
    return Chronology(
        reference=reference,
        area_name="Riverton City",
        entries=[
            ChronologyEntry(
                at=start + timedelta(minutes=n),
                actor_id="amira.okafor",
                actor_name="Amira Okafor",
                action="information_answered",
                facts={"agency_name": "Health", "request_id": n, "kind_label": words},
            )
            for n in range(count)
        ],
    )


def test_the_chronology_modal_shows_the_whole_reference() -> None:
    view = slack_render.modal(chronology_screen(_chronology("CSE-2026-00042", 3), "Europe/London"))
    assert_valid_view(view)
    assert view["title"]["text"] == "Chronology"
    assert "CSE-2026-00042" in mrkdwn_texts(view)[0]


def test_a_long_chronology_modal_says_its_first_events_are_in_the_export() -> None:
    view = slack_render.modal(
        chronology_screen(_chronology("CSE-2026-00042", 150), "Europe/London")
    )
    assert_valid_view(view)
    texts = mrkdwn_texts(view)
    assert any("The first 53 events are not shown here" in t for t in texts)
    assert "request 149" in texts[-1]


def test_the_chronology_export_escapes_first_then_splits_and_loses_nothing() -> None:
    text = "Chronology of referral CSE-2026-00042\n" + "\n".join(
        f"event {n}: <b> & <@U123>" for n in range(400)
    )
    view = slack_render.modal(export_screen("CSE-2026-00042", text))
    assert_valid_view(view)
    code = [t.removeprefix("```").removesuffix("```") for t in mrkdwn_texts(view) if "```" in t]
    assert "".join(code) == slack_escape(text)
    assert all(len(t) <= MRKDWN_LIMIT for t in mrkdwn_texts(view))
    assert "Copy this into the case file" in mrkdwn_texts(view)[-1]


def test_an_export_too_long_for_slack_says_so_and_points_to_the_console() -> None:
    text = "\n".join(f"event {n}: " + "&" * 100 for n in range(4000))  # ~2 MB escaped
    view = slack_render.modal(export_screen("CSE-2026-00042", text))
    assert_valid_view(view)
    texts = mrkdwn_texts(view)
    assert "This is not the whole chronology" in texts[0]
    assert "/mash chronology CSE-2026-00042 export" in texts[0]
    assert all("Copy this into the case file" not in t for t in texts)


def _group(count: int) -> Field:
    options = tuple(Option(f"sign{n}", f"Sign {n}") for n in range(count))
    return Field("indicators_0", FieldKind.CHECKBOXES, required=False, options=options)


@pytest.mark.parametrize(("count", "kind"), [(10, "checkboxes"), (11, "multi_static_select")])
def test_a_big_indicator_group_is_a_multi_select(count: int, kind: str) -> None:
    from messages.forms import form_screen
    from workflows.forms import FormView

    step = Step("indicators", (_group(count),), {"labels": {"indicators_0": "Signs"}})
    concern = Form("concern", (Step("danger"), Step("child"), step, Step("review")))
    view = slack_render.modal(
        form_screen(FormView(concern, "d", step, {"indicators_0": ["sign1"]}))
    )
    assert_valid_view(view)
    element = view["blocks"][-2]["element"]
    assert element["type"] == kind
    assert [o["value"] for o in element["initial_options"]] == ["sign1"]


def test_a_multi_select_answer_is_read_back() -> None:
    from bot.slack.forms import answers_from_state

    view = {
        "state": {
            "values": {
                "indicators_0": {
                    "indicators_0": {
                        "type": "multi_static_select",
                        "selected_options": [{"value": "sign3"}, {"value": "sign11"}],
                    }
                }
            }
        }
    }
    assert answers_from_state(view) == {"indicators_0": ["sign3", "sign11"]}


def test_action_views_escape_plan_text() -> None:
    action = hostile(ACTION_SAMPLE_FACTS[MessageKind.ACTIONS_PROMPT]["actions"][0])
    from tests.actions.test_views import action_form_views

    for view in action_form_views(action):
        assert_escaped(view)


def test_progress_that_looks_like_a_formula_stays_text(tmp_path: Path) -> None:
    formula = '=HYPERLINK("http://example.org","click")'
    row = BoardRow(
        number="=1+1",
        theme="@theme",
        description="+action",
        lead_name="-lead",
        agency_name="Health",
        due_date=date(2027, 1, 29),
        progress=formula,
        status="open",
        ratings={"2026-12": "A"},
    )
    report = BoardReport(
        name="plan", title="=title", kind="strategic", owner_name="Jo", periods=["2026-12"]
    )
    report.rows.append(row)
    path = write_xlsx(report, tmp_path / "plan.xlsx", date(2026, 12, 20))
    sheet = load_workbook(path).active
    values = {cell.value: cell.data_type for line in sheet.iter_rows() for cell in line}
    for text in (formula, "=1+1", "@theme", "+action", "-lead"):
        assert values.get(text) == "s", f"{text!r} not kept as text"
    assert any(str(v).startswith("=title") for v in values)
    assert "f" not in values.values()


class _Client:
    """Records what the transport asks Slack to post or update."""

    def __init__(self) -> None:
        self.sent: list[dict[str, Any]] = []

    def chat_postMessage(self, **kwargs: Any) -> dict[str, str]:  # noqa: N802 - slack_sdk's name
        self.sent.append(kwargs)
        return {"channel": kwargs["channel"], "ts": "1.0"}

    def chat_update(self, **kwargs: Any) -> dict[str, str]:
        self.sent.append(kwargs)
        return {"channel": kwargs["channel"], "ts": kwargs["ts"]}


@pytest.mark.parametrize("replaces", [None, {"channel": "C0MASHCITY", "ts": "1.0"}])
def test_the_notification_text_sent_to_slack_is_escaped(replaces: dict[str, str] | None) -> None:
    from types import SimpleNamespace

    from bot.delivery.transport import Delivery
    from bot.slack.transport import SlackTransport

    channel = SimpleNamespace(slack_channel_id="C0MASHCITY")
    partnership = SimpleNamespace(
        timezone="Europe/London",
        channels={"mash-city": channel},
        language="en",
        bilingual_channels=False,
    )
    client = _Client()
    transport = SlackTransport(SimpleNamespace(partnership=partnership), client)  # type: ignore[arg-type]
    facts = dict(SAMPLE_FACTS[MessageKind.CONCERN_FOR_MASH], area_name=HOSTILE)  # in the preview
    transport.deliver(
        Delivery(
            1, "key", MessageKind.CONCERN_FOR_MASH.value, "channel", "mash-city", facts, replaces
        )
    )
    [sent] = client.sent
    assert HOSTILE not in sent["text"] and ESCAPED in sent["text"]
