"""`mashbot demo`: a whole scripted scenario on a fresh temporary database, printed as it plays.

Each scene is a function of the demo; later workflows add their scenes to `SCENES`.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from bot.app import ManualClock, Mashbot, build
from bot.console.session import ConsoleSession
from bot.demo_actions import ACTION_SCENES
from bot.demo_meetings import MEETING_SCENES
from bot.demo_triage import TRIAGE_SCENES
from bot.settings import Settings


class ScriptExhausted(Exception):
    """The script ran out of answers: a scene asked a question nobody scripted."""


# Demo time: a fixed weekday morning, moved only when a scene says so.
DEMO_START = datetime(2026, 11, 24, 9, 30, tzinfo=UTC)


@dataclass
class Demo:
    bot: Mashbot
    clock: ManualClock
    say: Callable[[str], None]

    def as_person(self, email: str, answers: Iterable[str]) -> ConsoleSession:
        """A console session for `email` that answers its prompts from `answers`, echoing them."""
        queue = list(answers)

        def ask(prompt: str) -> str:
            if not queue:
                raise ScriptExhausted(f"no scripted answer for {prompt!r}")
            answer = queue.pop(0)
            self.say(f"{prompt}{answer}")
            return answer

        return ConsoleSession(self.bot, email, ask=ask, say=self.say)

    def type(self, email: str, line: str, answers: Iterable[str] = ()) -> ConsoleSession:
        session = self.as_person(email, answers)
        self.say(f"\n[{email}] mashbot> {line}")
        session.run(line)
        return session

    def scene(self, title: str) -> None:
        self.say(f"\n{'=' * 70}\n{title}\n{'=' * 70}")


CONCERN_ANSWERS = [
    "no",  # immediate danger
    "Jade Example",  # child's name (invented)
    "31/02/2012",  # a date that does not exist: the bot asks again at once
    "14/03/2012",  # the date of birth, asked again
    "",  # approximate age
    "1",  # gender: female
    "1",  # area: Riverton City
    "Riverton Academy",
    "Jade said an older man called 'Dee' collects her from school in a silver car and buys her phones.",
    "Since September, most Fridays",
    "Outside the school gates",
    "An adult male, about 25, silver car",
    "1,2",  # missing and places
    "1,2",  # relationships and contact
    "1",  # money and gifts
    "",  # health
    "",  # other sign
    "2",  # the family does not know yet
    "3",  # consent not sought
    "To protect her from significant harm.",
    "Class teacher",
    "yes",  # spoke to the safeguarding lead
    "yes",  # send
]


def scene_report_concern(demo: Demo) -> None:
    demo.scene("1. A teacher reports a concern (and mistypes a date of birth)")
    demo.type("ben.carter@example.org", "/concern", CONCERN_ANSWERS)


def scene_details_on_demand(demo: Demo) -> None:
    demo.scene("2. The MASH card carries no name; only MASH staff can open the details")
    demo.clock.advance(minutes=7)
    demo.type("ben.carter@example.org", "view CSE-2026-00001")
    demo.type("amira.okafor@example.org", "view CSE-2026-00001")
    demo.type("ben.carter@example.org", "/home")


SCENES: list[Callable[[Demo], None]] = [
    scene_report_concern,
    scene_details_on_demand,
    *TRIAGE_SCENES,
    *ACTION_SCENES,
    *MEETING_SCENES,
]


def play(say: Callable[[str], None] = print) -> int:
    with tempfile.TemporaryDirectory(prefix="mashbot-demo-") as folder:
        settings = Settings(database_url=f"sqlite:///{Path(folder) / 'demo.db'}")
        clock = ManualClock(DEMO_START)
        bot = build(settings, clock=clock, development=True)
        try:
            say(f"mashbot demo: {bot.partnership.name} (all names are invented).")
            demo = Demo(bot, clock, say)
            for scene in SCENES:
                scene(demo)
        finally:
            bot.close()
    say("\nThe demo has finished. Run `mashbot console` to try it yourself.")
    return 0
