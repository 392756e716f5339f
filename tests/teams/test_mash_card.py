"""The MASH card in a Teams channel: posted by the outbox, claimed and updated in place,
View details for MASH staff only (audited either way)."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select

from bot.app import Mashbot
from storage.models import AuditEvent, TeamsConversation
from tests.support import INVENTED_CHILD, report_concern
from tests.teams.conftest import BOT, CHANNELS, TEAM, Teams, user
from tests.teams.fake_teams import FakeTeams


def audit(bot: Mashbot, action: str) -> list[AuditEvent]:
    with bot.sessions() as session:
        return list(session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def posted_card(fake: FakeTeams, deliver: Callable[[], int], bot: Mashbot) -> tuple[str, str]:
    """Report a concern, deliver the outbox; the reference and the card's activity id."""
    reference = report_concern(bot)
    deliver()
    [card] = fake.sent_to(CHANNELS["mash-city"])
    assert card.token == "fake-token"  # app-only token from the SDK's service connection
    content = card.card()
    assert reference in json_text(content)
    assert "Amira" not in json_text(content)  # no owner yet
    actions = {a["title"]: a for a in content["actions"]}
    assert actions["Claim"]["type"] == "Action.Execute"
    assert actions["Claim"]["verb"] == "triage_claim"
    return reference, card_id(fake, card)


def json_text(value: object) -> str:
    import json

    return json.dumps(value, ensure_ascii=False)


def card_id(fake: FakeTeams, call: object) -> str:
    """The activity id the fake gave the posted card (ids are handed out in order)."""
    posts = fake.sent()
    return str(1000 + posts.index(call))


def test_a_mash_card_is_claimed_and_updated_in_place(
    bot: Mashbot, teams: Teams, fake_teams: FakeTeams, deliver: Callable[[], int]
) -> None:
    reference, message_id = posted_card(fake_teams, deliver, bot)
    status, answer = teams.execute(
        user("amira"), "mash-city", {"action": "triage_claim", "reference": reference}, message_id
    )
    assert status == 200
    assert answer["statusCode"] == 200
    assert answer["type"] == "application/vnd.microsoft.card.adaptive"
    card = json_text(answer["value"])
    assert "Amira Okafor" in card  # the owner, on the refreshed card
    assert "Claim" not in [a["title"] for a in answer["value"]["actions"]]
    assert [e.actor_id for e in audit(bot, "referral_claimed")] == ["amira.okafor"]

    deliver()  # the card's update in place, for everyone in the channel
    [update] = fake_teams.sent_to(CHANNELS["mash-city"], method="PUT")
    assert update.path.endswith(f"/activities/{message_id}")
    assert "Amira Okafor" in json_text(update.card())
    assert len(fake_teams.sent_to(CHANNELS["mash-city"])) == 1  # no second card posted


def test_view_details_is_for_mash_staff_only_and_every_view_is_audited(
    bot: Mashbot, teams: Teams, fake_teams: FakeTeams, deliver: Callable[[], int]
) -> None:
    reference, message_id = posted_card(fake_teams, deliver, bot)
    data = {"action": "concern_view_details", "reference": reference}

    status, refused = teams.execute(user("nina"), "mash-city", data, message_id)
    assert status == 200
    text = json_text(refused["value"])
    assert f"Sorry, you cannot open the details of {reference}" in text
    assert INVENTED_CHILD not in text and "Riverton Academy" not in text
    assert [e.actor_id for e in audit(bot, "details_refused")] == ["nina.lowe"]

    # The reporter sees what he sent and its status: not a refusal, nor audited as one.
    status, own = teams.execute(user("ben"), "mash-city", data, message_id)
    assert status == 200
    text = json_text(own["value"])
    assert "Your concern" in text and INVENTED_CHILD in text and "Signs checklist" not in text
    assert [e.actor_id for e in audit(bot, "own_concern_viewed")] == ["ben.teacher"]
    assert [e.actor_id for e in audit(bot, "details_refused")] == ["nina.lowe"]

    status, shown = teams.execute(user("amira"), "mash-city", data, message_id)
    assert status == 200
    assert reference in json_text(shown["value"])
    assert INVENTED_CHILD in json_text(shown["value"])
    assert [e.actor_id for e in audit(bot, "details_viewed")] == ["amira.okafor"]
    # Neither answer went to the channel: the card shows only to the person who pressed.
    assert len(fake_teams.sent_to(CHANNELS["mash-city"])) == 1


def test_install_stores_the_conversation_and_greets(
    bot: Mashbot, teams: Teams, fake_teams: FakeTeams
) -> None:
    status, _ = teams.install(user("amira"))
    assert status == 202
    with bot.sessions() as session:
        [row] = session.scalars(select(TeamsConversation)).all()
    assert (row.kind, row.person_id, row.service_url) == (
        "personal",
        "amira.okafor",
        fake_teams.url,
    )
    greeting, home = fake_teams.sent_to("a:chat-amira")
    assert "mashbot" in greeting.body["text"] and "mash" in greeting.body["text"]
    report = next(a for a in home.card()["body"][2]["actions"] if a["title"] == "Report a concern")
    assert report["data"]["msteams"] == {"type": "task/fetch"}  # opens the form's dialog


def test_added_to_a_team_the_bot_posts_to_its_channels_at_the_service_url_teams_gave(
    bot: Mashbot, teams: Teams, fake_teams: FakeTeams, deliver: Callable[[], int]
) -> None:
    general = teams.base(
        user("ola"),
        {"conversationType": "channel", "isGroup": True, "id": "19:general@thread.tacv2"},
        type="conversationUpdate",
        membersAdded=[{"id": BOT}],
        serviceUrl=fake_teams.url + "emea/",
    )
    general["channelData"] |= {
        "team": {"id": TEAM},
        "channel": {"id": "19:general@thread.tacv2"},
        "eventType": "teamMemberAdded",
    }
    status, _ = teams.post(general)
    assert status == 202
    assert fake_teams.sent() == []  # no greeting in a team channel
    with bot.sessions() as session:
        [row] = session.scalars(select(TeamsConversation)).all()
    assert (row.kind, row.team_id, row.person_id) == ("channel", TEAM, None)

    report_concern(bot)
    deliver()
    [card] = fake_teams.sent_to(CHANNELS["mash-city"])
    assert card.path.startswith("/emea/v3/conversations/")


def test_the_reporter_sees_what_they_sent_from_the_home_card(
    bot: Mashbot, teams: Teams, fake_teams: FakeTeams
) -> None:
    reference = report_concern(bot)
    teams.install(user("ben"))
    home = fake_teams.sent_to("a:chat-ben")[-1].card()
    buttons = [a for node in home["body"] if node["type"] == "ActionSet" for a in node["actions"]]
    see = next(b for b in buttons if b["title"] == "See what you sent")
    assert see["data"]["value"] == reference and "msteams" not in see["data"]
    status, _ = teams.submit(user("ben"), see["data"])
    assert status == 202
    shown = json_text(fake_teams.sent_to("a:chat-ben")[-1].card())
    assert "Your concern" in shown and INVENTED_CHILD in shown
    assert [e.actor_id for e in audit(bot, "own_concern_viewed")] == ["ben.teacher"]

    status, _ = teams.submit(user("nina"), see["data"])  # someone else pressing it: refused
    assert status == 202
    assert [e.actor_id for e in audit(bot, "details_refused")] == ["nina.lowe"]
