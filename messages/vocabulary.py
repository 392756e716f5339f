"""How each platform names mashbot's commands and places, for sentences that tell people what to do.

Slack and the console type commands with a slash (`/mash case CSE-2026-00042`); Teams types them
to the bot without one (`mash case CSE-2026-00042`). Some commands exist on one platform only:
the console's `/home`, `view REF`, `update REF` and `nochange REF` are a Home tab, a "View
details" button and a reminder's buttons in Slack and Teams. A sentence never spells a command
itself: it asks this module, which knows what exists where (tests/test_commands_named.py holds
every rendering to that, against the Slack manifest, the Teams command list and the console).

A command comes back inside backticks (code in Slack, plain in Teams cards and the console):
a placeholder in a translated sentence, never translated itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from messages.i18n import N_, _
from messages.render import Platform


class Command(StrEnum):
    """The commands a sentence may name: the first word a person types."""

    CONCERN = "concern"
    MASH = "mash"
    ACTIONS = "actions"
    MASE = "mase"
    MAP = "map"
    HOME = "home"
    HELP = "help"
    GLOSSARY = "glossary"
    LANGUAGE = "language"
    VIEW = "view"
    UPDATE = "update"
    NOCHANGE = "nochange"
    SNOOZE = "snooze"


_MASH = frozenset(
    {"", "help", "queue", "mine", "requests", "claim", "assign", "urgency", "access", "case"}
    | {"chronology", "request", "assess", "decide", "answer", "language"}
)
_ACTIONS = frozenset({"", "mine", "overdue", "plan"})
# The meeting forms open as a Slack modal or a Teams dialog, as in the console.
_CHAT_MASE = frozenset({"", "next", "schedule", "agenda", "minutes", "schedule set"})
_CHAT_MAP = frozenset(
    {"", "agenda", "available", "schedule", "propose", "dates", "choose", "minutes"}
)

# What each platform lets a person type: a command and its sub-commands ("" for it alone, and
# "schedule set" where a second word opens something else). tests/test_commands_named.py holds
# these to the Slack manifest and listeners, the Teams command list and the console's commands.
SURFACE: dict[Platform, dict[Command, frozenset[str]]] = {
    Platform.SLACK: {
        Command.CONCERN: frozenset({"", "resume"}),
        Command.MASH: _MASH | {"glossary"},
        Command.ACTIONS: _ACTIONS,
        Command.MASE: _CHAT_MASE,
        Command.MAP: _CHAT_MAP,
    },
    Platform.TEAMS: {
        Command.CONCERN: frozenset({""}),
        Command.HOME: frozenset({""}),
        Command.HELP: frozenset({""}),
        Command.GLOSSARY: frozenset({""}),
        Command.LANGUAGE: frozenset({""}),
        Command.MASH: _MASH,
        Command.ACTIONS: _ACTIONS,
        Command.MASE: _CHAT_MASE,
        Command.MAP: _CHAT_MAP,
    },
    Platform.TEXT: {
        Command.CONCERN: frozenset({"", "resume"}),
        Command.HOME: frozenset({""}),
        Command.HELP: frozenset({""}),
        Command.GLOSSARY: frozenset({""}),
        Command.LANGUAGE: frozenset({""}),
        Command.MASH: _MASH,
        Command.ACTIONS: _ACTIONS,
        Command.MASE: _CHAT_MASE,
        Command.MAP: _CHAT_MAP,
        Command.VIEW: frozenset({""}),
        Command.UPDATE: frozenset({""}),
        Command.NOCHANGE: frozenset({""}),
        Command.SNOOZE: frozenset({""}),
    },
}
# Console commands typed without a slash (they answer a reminder or open a concern).
_BARE = frozenset({Command.VIEW, Command.UPDATE, Command.NOCHANGE, Command.SNOOZE})


def exists(platform: Platform | str, words: str) -> bool:
    """Whether `mase schedule set` (and so on) is something a person can type on `platform`."""
    first, *rest = words.split()
    try:
        command = Command(first)
    except ValueError:
        return False
    subs = SURFACE[Platform(platform)].get(command)
    if subs is None:
        return False
    if not rest or command in _BARE or subs == {""}:  # the words after it are its arguments
        return "" in subs
    two = " ".join(rest[:2])
    if any(two in c for surface in SURFACE.values() for c in surface.values()):
        return two in subs
    return rest[0].lower() in subs


@dataclass(frozen=True)
class Vocabulary:
    """One platform's words for commands, the person's own page and the answer buttons."""

    platform: Platform
    prefix: str
    where_home: str  # where a reporter follows their concerns, after "follow its status ..."
    answer: str  # how a lead answers an action's reminder, with %(ref)s
    details: str  # how MASH staff open a concern's details, with %(ref)s
    glossary_command: str  # what to type for the glossary of words like MASH and RAG

    def home(self) -> str:
        """Where a reporter follows their concerns, in the reader's language."""
        return _(self.where_home)

    def answer_for(self, ref: str) -> str:
        """How a lead answers the reminder about action `ref`, after "answer with"."""
        return _(self.answer, ref=ref)

    def details_for(self, ref: str) -> str:
        """How MASH staff open the details of `ref`, after "open them with"."""
        return _(self.details, ref=ref)

    def command(self, words: str) -> str:
        """`mash queue` as typed on this platform, in backticks; one it lacks is a wording bug."""
        if not exists(self.platform, words):
            raise ValueError(f"{self.platform.value} has no command {words!r}")
        prefix = "" if Command(words.split()[0]) in _BARE else self.prefix
        return f"`{prefix}{words}`"

    def has(self, words: str) -> bool:
        """Whether this platform has the command (to choose a sentence that names it or not)."""
        return exists(self.platform, words)

    def glossary(self) -> str:
        """What to type for the glossary, in backticks."""
        return f"`{self.glossary_command}`"


class Commands:
    """`{cmd[mash queue]}` in a sentence becomes the command as this platform types it."""

    def __init__(self, vocabulary: Vocabulary) -> None:
        self.vocabulary = vocabulary

    def __getitem__(self, words: str) -> str:
        return self.vocabulary.command(words)


_BUTTONS = N_("the Update or No change button on the reminder about %(ref)s")
_CARD = N_("the View details button on its MASH card")

VOCABULARIES: dict[Platform, Vocabulary] = {
    Platform.SLACK: Vocabulary(
        Platform.SLACK,
        prefix="/",
        where_home=N_("on your mashbot Home tab in Slack"),
        answer=_BUTTONS,
        details=_CARD,
        glossary_command="/mash glossary",
    ),
    Platform.TEAMS: Vocabulary(
        Platform.TEAMS,
        prefix="",
        where_home=N_("by typing `home` to mashbot in Teams"),
        answer=_BUTTONS,
        details=_CARD,
        glossary_command="glossary",
    ),
    Platform.TEXT: Vocabulary(
        Platform.TEXT,
        prefix="/",
        where_home=N_("by typing `/home`"),
        answer=N_("`update %(ref)s` or `nochange %(ref)s`"),
        details=N_("`view %(ref)s`"),
        glossary_command="/glossary",
    ),
}


def vocabulary(platform: Platform | str) -> Vocabulary:
    return VOCABULARIES[Platform(platform)]


def command(platform: Platform | str, words: str) -> str:
    """`mash claim CSE-2026-00042` as `platform` types it, in backticks."""
    return vocabulary(platform).command(words)


def home(platform: Platform | str) -> str:
    """Where a reporter follows their concerns, to end "... follow its status {home}"."""
    return vocabulary(platform).home()


def answer_action(platform: Platform | str, ref: str) -> str:
    """How a lead answers the reminder about action `ref`, after "answer with"."""
    return vocabulary(platform).answer_for(ref)


def open_details(platform: Platform | str, ref: str) -> str:
    """How MASH staff open a concern's details, after "open them with"."""
    return vocabulary(platform).details_for(ref)


def glossary(platform: Platform | str) -> str:
    """What to type for the glossary, in backticks."""
    return vocabulary(platform).glossary()
