"""Every message kind renders on every platform, and Slack payloads pass Slack's own models."""

from __future__ import annotations

import pytest
from slack_sdk.models.blocks import Block

from messages.render import Platform, render
from messages.samples import SAMPLE_FACTS
from workflows.outgoing import MessageKind


@pytest.mark.parametrize("kind", list(MessageKind))
def test_every_kind_has_sample_facts(kind: MessageKind) -> None:
    assert kind in SAMPLE_FACTS, f"add sample facts for {kind} to messages/samples.py"


@pytest.mark.parametrize("kind", [k for k in MessageKind if k in SAMPLE_FACTS])
@pytest.mark.parametrize("platform", list(Platform))
def test_every_kind_renders_on_every_platform(kind: MessageKind, platform: Platform) -> None:
    rendered = render(kind, SAMPLE_FACTS[kind], platform)
    assert rendered.text.strip()
    if platform == Platform.SLACK:
        assert rendered.blocks, "Slack rendering has blocks"
        assert len(rendered.blocks) <= 50
        for block in rendered.blocks:
            Block.parse(block).validate_json()  # raises on any Slack limit broken
    if platform == Platform.TEAMS:
        assert rendered.card["type"] == "AdaptiveCard"
        assert rendered.card["body"]
    if platform == Platform.TEXT:
        for markup in ("*", "<@", "```", "&lt;"):
            assert markup not in rendered.text, f"neutral text carries platform markup {markup!r}"


def test_slack_text_is_escaped() -> None:
    facts = dict(SAMPLE_FACTS[MessageKind.CONCERN_FOR_MASH], agency_name="<!channel> & Co")
    blocks = render(MessageKind.CONCERN_FOR_MASH, facts, Platform.SLACK).blocks
    text = str(blocks)
    assert "<!channel>" not in text
    assert "&lt;!channel&gt; &amp; Co" in text


def test_times_are_shown_in_the_partnership_zone() -> None:
    facts = dict(
        SAMPLE_FACTS[MessageKind.CONCERN_FOR_MASH], received_at="2026-07-01T09:15:00+00:00"
    )
    assert "10:15" in render(MessageKind.CONCERN_FOR_MASH, facts, Platform.TEXT).text
