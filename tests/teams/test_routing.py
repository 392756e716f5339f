"""One partnership on Slack and Teams: each outbox row names its platform, and a person is
reached where they are known; each dispatcher takes only its own platform's rows."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from sqlalchemy import select

from bot.app import Mashbot
from bot.settings import EXAMPLE_PARTNERSHIP, Settings
from storage.models import OutboxMessage
from workflows.outgoing import MessageKind, Outgoing, Recipient


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    data = yaml.safe_load(EXAMPLE_PARTNERSHIP.read_text())
    data["platforms"] = ["slack", "teams"]
    data["channels"]["mash-city"]["teams_team_id"] = "19:team"
    data["channels"]["mash-city"]["teams_channel_id"] = "19:mash-city@thread.tacv2"
    for person in data["people"]:
        if person["id"] == "amira.okafor":
            person["teams_user_id"] = "aad-amira"  # on both
        if person["id"] == "nina.lowe":
            person.pop("slack_user_id", None)  # email only
    for agency in data["agencies"]:
        if agency["id"] == "health":
            agency["platform"] = "teams"
    path = tmp_path / "both.yaml"
    path.write_text(yaml.safe_dump(data))
    return Settings(database_url=database_url, partnership_file=path, auto_migrate=False)


def rows(bot: Mashbot) -> list[tuple[str, str, str]]:
    with bot.sessions() as session:
        found = session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()
        return [(r.key, r.platform, r.recipient_id) for r in found]


def test_each_person_and_channel_is_reached_where_they_are_known(bot: Mashbot) -> None:
    with bot.unit_of_work("test") as ctx:
        for to in (
            Recipient.person("amira.okafor"),
            Recipient.person("priya.shah"),
            Recipient.person("nina.lowe"),
            Recipient.channel("mash-city"),
            Recipient.channel("mash-shire"),
        ):
            ctx.send(Outgoing(MessageKind.SWEEP_FAILING, to, key=f"k:{to.id}", facts={}))
        ctx.send(
            Outgoing(
                MessageKind.SWEEP_FAILING,
                Recipient.channel("mash-city"),
                key="k:mash-city",
                facts={},
            )
        )  # the same key again: a no-op
    assert rows(bot) == [
        ("k:amira.okafor", "slack", "amira.okafor"),
        ("k:amira.okafor@teams", "teams", "amira.okafor"),
        ("k:priya.shah", "slack", "priya.shah"),
        ("k:nina.lowe@teams", "teams", "nina.lowe"),  # email only: her agency's platform
        ("k:mash-city", "slack", "mash-city"),
        ("k:mash-city@teams", "teams", "mash-city"),
        ("k:mash-shire", "slack", "mash-shire"),
    ]
