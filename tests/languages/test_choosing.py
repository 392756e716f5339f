"""A language per person: the partnership's default, a person's own choice on every platform."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from bot import languages, partnership_file
from bot.console.session import ConsoleSession
from bot.teams import commands as teams_commands
from messages import i18n
from storage.models import AuditEvent, PersonRecord
from tests.languages.support import partnership_in
from workflows.language_codes import SUPPORTED_LANGUAGES, normalise
from workflows.people import resolve


def console(bot, email: str = "ben.carter@example.org") -> tuple[ConsoleSession, list[str]]:
    said: list[str] = []
    return ConsoleSession(bot, email, ask=lambda _: "", say=said.append), said


def own_language(bot, person_id: str) -> str | None:
    with bot.sessions() as session:
        return session.scalar(select(PersonRecord.language).where(PersonRecord.id == person_id))


def test_the_partnership_default_is_validated_with_its_line(tmp_path: Path) -> None:
    assert partnership_file.load(partnership_in(tmp_path, "cy")).language == "cy"
    assert partnership_file.load(partnership_in(tmp_path, "CY-gb")).language == "cy"
    with pytest.raises(partnership_file.PartnershipFileError) as wrong:
        partnership_file.load(partnership_in(tmp_path, "fr"))
    [problem] = wrong.value.problems
    assert problem.field == "language" and problem.line == 9
    assert "'fr' is not a language mashbot speaks; use one of cy, en" in problem.message


def test_bilingual_channels_need_a_language_besides_english(tmp_path: Path) -> None:
    assert partnership_file.load(partnership_in(tmp_path, "cy", bilingual=True)).bilingual_channels
    with pytest.raises(partnership_file.PartnershipFileError) as wrong:
        partnership_file.load(partnership_in(tmp_path, "en", bilingual=True))
    [problem] = wrong.value.problems
    assert problem.field == "bilingual_channels" and "other than en" in problem.message


def test_codes_are_read_kindly() -> None:
    assert [normalise(c) for c in ("cy", " CY ", "cy_GB", "en-GB", "fr", "")] == [
        "cy",
        "cy",
        "cy",
        "en",
        None,
        None,
    ]


def test_language_alone_says_the_current_one_and_the_choices(bot) -> None:
    session, said = console(bot)
    session.run("/language")
    assert said[0] == "mashbot writes to you in English, your partnership's language."
    assert said[1] == "You can choose: `cy` (Cymraeg), `en` (English)."
    assert said[2] == "To change it, type `/language CODE`, for example `/language cy`."
    session.run("/language cy")
    session.run("/language")
    assert said[-4] == "Iaith mashbot i chi: Cymraeg (eich dewis chi)."


def test_the_command_sets_it_audited_and_the_actor_carries_it(bot) -> None:
    session, said = console(bot)
    session.run("/language cy")
    assert said[-1] == "Wedi'i wneud. Iaith mashbot i chi o hyn ymlaen: Cymraeg."  # in Welsh
    assert own_language(bot, "ben.teacher") == "cy"
    assert session.actor().language == "cy"
    assert languages.of_actor(bot.partnership, session.actor()) == "cy"
    with bot.sessions() as s:
        event = s.scalars(select(AuditEvent).where(AuditEvent.action == "language_set")).one()
        assert event.actor_id == "ben.teacher" and event.subject == "ben.teacher"
    session.run("/language")
    assert said[-4:] == [
        "Iaith mashbot i chi: Cymraeg (eich dewis chi).",
        "Gallwch ddewis: `cy` (Cymraeg), `en` (English).",
        "I'w newid, teipiwch `/language CODE`, er enghraifft `/language en`.",
        "I ddefnyddio iaith eich partneriaeth eto, teipiwch `/language default`.",
    ]
    session.run("/language cy")
    assert said[-1] == "Iaith mashbot i chi eisoes: Cymraeg. Ni newidiwyd dim."
    session.run("/mash language default")  # said in English, the language chosen
    assert said[-1] == "Done: mashbot will write to you in English, your partnership's language."
    assert own_language(bot, "ben.teacher") is None


def test_a_bad_code_is_refused_politely_with_the_list(bot) -> None:
    session, said = console(bot)
    session.run("/language klingon")
    assert said[-1] == (
        "mashbot cannot write in that language yet. Choose one of: `cy` (Cymraeg), "
        "`en` (English), for example `/language cy`."
    )
    assert own_language(bot, "ben.teacher") is None


def test_teams_takes_language_and_mash_language(bot) -> None:
    with bot.unit_of_work("teams") as ctx:
        actor = resolve(
            ctx.session,
            ctx.partnership,
            platform="email",
            external_id="nina.lowe@example.org",
            now=ctx.now,
        )
    said = teams_commands.reply(bot, actor, "language cy")
    assert said == "Wedi'i wneud. Iaith mashbot i chi o hyn ymlaen: Cymraeg."
    assert own_language(bot, "nina.lowe") == "cy"
    assert "`language default`" in teams_commands.reply(bot, actor, "mash language")
    refused = teams_commands.reply(bot, actor, "language xx")
    assert "`language cy`" in refused and "/language" not in refused
    assert own_language(bot, "nina.lowe") == "cy"


def test_no_own_language_means_the_partnership_default(bot) -> None:
    assert languages.of_recipient(bot, "person", "ben.teacher") == "en"
    assert languages.of_recipient(bot, "channel", "mash-city") == "en"
    with bot.unit_of_work("test") as ctx:
        ctx.session.get_one(PersonRecord, "ben.teacher").language = "cy"
    assert languages.of_recipient(bot, "person", "ben.teacher") == "cy"
    assert languages.of_recipient(bot, "person", "amira.okafor") == "en"


def test_the_languages_offered_are_those_with_catalogues() -> None:
    assert set(SUPPORTED_LANGUAGES) == set(i18n.SUPPORTED_LOCALES)
    for code in SUPPORTED_LANGUAGES:
        if code != i18n.DEFAULT_LOCALE:
            assert i18n.catalogue_path(code).is_file(), code
