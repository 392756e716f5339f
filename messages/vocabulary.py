"""How each platform names mashbot's commands and places, for sentences that tell people what to do.

Slack and the console type commands with a slash (`/mash case CSE-2026-00042`); Teams types them
to the bot without one (`mash case CSE-2026-00042`). Slack has a Home tab, Teams the card that
`home` typed to the bot shows, and the console the `/home` command.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from messages.render import Platform


class Command(StrEnum):
    """The commands a sentence may name: the first word a person types."""

    CONCERN = "concern"
    MASH = "mash"
    ACTIONS = "actions"
    MASE = "mase"
    MAP = "map"


@dataclass(frozen=True)
class Vocabulary:
    """One platform's words for commands, the person's own page and the answer buttons."""

    platform: Platform
    prefix: str
    home: str  # where a reporter follows their concerns, after "follow its status ..."
    answer: str  # how a lead answers an action's reminder, with {ref}

    def command(self, words: str) -> str:
        """`mash queue` as typed on this platform; an unknown command is a wording bug."""
        Command(words.split()[0])
        return f"{self.prefix}{words}"


class Commands:
    """`{cmd[mash queue]}` in a sentence becomes the command as this platform types it."""

    def __init__(self, vocabulary: Vocabulary) -> None:
        self.vocabulary = vocabulary

    def __getitem__(self, words: str) -> str:
        return self.vocabulary.command(words)


VOCABULARIES: dict[Platform, Vocabulary] = {
    Platform.SLACK: Vocabulary(
        Platform.SLACK,
        prefix="/",
        home="on your mashbot Home tab in Slack",
        answer="the Update or No change button on the reminder about {ref}",
    ),
    Platform.TEAMS: Vocabulary(
        Platform.TEAMS,
        prefix="",
        home="by typing home to mashbot in Teams",
        answer="the Update or No change button on the reminder about {ref}",
    ),
    Platform.TEXT: Vocabulary(
        Platform.TEXT,
        prefix="/",
        home="by typing /home",
        answer="update {ref} or nochange {ref}",
    ),
}


def vocabulary(platform: Platform | str) -> Vocabulary:
    return VOCABULARIES[Platform(platform)]
