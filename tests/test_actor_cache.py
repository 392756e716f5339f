"""The actor cache: an ack needs no database work, and nothing stale outlives its bound."""

from __future__ import annotations

from sqlalchemy import event

from bot.actor_cache import ActorCache
from bot.slack.identity import actor_for
from bot.teams.conversations import Incoming
from bot.teams.identity import actor_for as teams_actor_for
from bot.teams.identity import remembered as teams_remembered
from workflows.context import Actor
from workflows.partnership import Role

KEY = ("slack", "T1", "U0NINA")


class Ticks:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_an_entry_lives_no_longer_than_its_bound(bot) -> None:
    ticks = Ticks()
    cache = ActorCache(ttl=60, clock=ticks)
    chair = Actor("nina.lowe", "Nina Lowe", roles=frozenset({Role.ADMIN}))
    cache.put(KEY, bot.partnership, chair)
    ticks.now = 59.9
    assert cache.get(KEY, bot.partnership) == chair
    ticks.now = 60.0
    assert cache.get(KEY, bot.partnership) is None  # looked up afresh: a withdrawal is seen


def test_another_partnership_or_a_changed_person_is_looked_up_again(bot) -> None:
    cache = ActorCache()
    cache.put(KEY, bot.partnership, Actor("nina.lowe", "Nina Lowe"))
    assert cache.get(KEY, bot.partnership.model_copy()) is None  # the file was loaded again
    cache.put(KEY, bot.partnership, Actor("nina.lowe", "Nina Lowe"))
    cache.forget_person("nina.lowe")
    assert cache.get(KEY, bot.partnership) is None


def test_a_known_slack_user_is_resolved_without_the_database_while_remembered(bot) -> None:
    statements: list[str] = []
    event.listen(bot.engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
    first = actor_for(bot, "U0NINA", "T1")
    looked_up = len(statements)
    again = actor_for(bot, "U0NINA", "T1")
    assert again == first and first.person_id == "nina.lowe"
    assert Role.AGENCY_SAFEGUARDING_LEAD in first.roles
    assert looked_up > 0 and len(statements) == looked_up  # the second: no SQL at all


def test_with_no_lifetime_nothing_is_remembered(bot) -> None:
    bot.actors = ActorCache(ttl=0)
    statements: list[str] = []
    event.listen(bot.engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
    actor_for(bot, "U0NINA", "T1")
    looked_up = len(statements)
    actor_for(bot, "U0NINA", "T1")
    assert len(statements) == 2 * looked_up


def test_a_known_teams_user_is_resolved_without_the_database_while_remembered(bot) -> None:
    incoming = Incoming(
        type="message",
        name=None,
        service_url="https://smba.invalid/",
        conversation_id="",  # no member look-up: the user gives their name
        conversation_type="personal",
        tenant_id="tenant-1",
        bot_id="28:bot",
        user_id=None,
        aad_object_id="00000000-0000-0000-0000-00000000ab01",
        user_name="Alex Invented",
        team_id=None,
        channel_id=None,
        text="help",
        value=None,
    )
    statements: list[str] = []
    event.listen(bot.engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
    assert teams_remembered(bot, incoming) is None  # not yet: the loop hands it to a thread
    first = teams_actor_for(bot, incoming, connector=None)  # type: ignore[arg-type]
    looked_up = len(statements)
    again = teams_actor_for(bot, incoming, connector=None)  # type: ignore[arg-type]
    assert again == first and looked_up > 0 and len(statements) == looked_up
    assert teams_remembered(bot, incoming) == first and len(statements) == looked_up
    bot.actors.forget_person(first.person_id)
    assert teams_remembered(bot, incoming) is None
    assert teams_actor_for(bot, incoming, connector=None) == first  # type: ignore[arg-type]
    assert len(statements) > looked_up  # looked up afresh, and found the same person
