"""A local workspace in the terminal: type the same commands as in Slack, see every delivery.

It drives the same workflows as Slack with the text renderings, synchronously: after each
command the outbox is delivered at once, so what you see is what each person would receive.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from bot import languages
from bot.app import Mashbot
from bot.console.prompts import run_form
from bot.console.transport import ConsoleTransport
from bot.delivery.dispatcher import Dispatcher
from messages import glossary, text_render
from messages.i18n import N_, _, use_locale
from messages.labels import reporter_status
from messages.problems import say
from messages.render import Platform
from messages.screens.concern import details_screen
from messages.text_render import inert
from workflows.concerns import details, drafts, mine
from workflows.concerns.form import FORM_ID
from workflows.context import Actor
from workflows.errors import WorkflowError
from workflows.people import resolve

log = logging.getLogger("mashbot.console")

WENT_WRONG = (
    "Something went wrong and nothing was saved from that step: try it again (a concern you "
    "were writing carries on with /concern resume). If it keeps failing, tell your MASH admin; "
    "the details are in mashbot's log."
)

INTERRUPTED = "\n(Stopped. Type a command, /help to see them all, or quit to leave.)"
GOODBYE = "\nGoodbye. Anything you were writing is kept: type /concern resume next time."

Handler = Callable[["ConsoleSession", str], None]
COMMANDS: dict[str, tuple[Handler, str]] = {}
# Modules that register more console commands with @command when imported.
COMMAND_MODULES: tuple[str, ...] = (
    "bot.console.actions_commands",
    "bot.console.triage_commands",
    "bot.console.meetings_commands",
)


def command(name: str, help_text: str) -> Callable[[Handler], Handler]:
    """Register a console command; other workflows add theirs the same way."""

    def register(handler: Handler) -> Handler:
        COMMANDS[name] = (handler, help_text)
        return handler

    return register


@dataclass
class ConsoleSession:
    bot: Mashbot
    email: str
    ask: Callable[[str], str] = input
    say: Callable[[str], None] = print
    transport: ConsoleTransport = field(init=False)
    dispatcher: Dispatcher = field(init=False)

    def __post_init__(self) -> None:
        write = self.say
        self.say = lambda line: write(inert(line))  # what a reporter typed can't drive a terminal
        for name in COMMAND_MODULES:
            importlib.import_module(name)
        self.transport = ConsoleTransport(self.bot.partnership, write=self.say, bot=self.bot)
        self.dispatcher = Dispatcher(self.bot, self.transport)

    def actor(self) -> Actor:
        with self.bot.unit_of_work("console") as ctx:
            return resolve(
                ctx.session,
                ctx.partnership,
                platform="console",
                external_id=self.email.lower(),
                email=self.email,
                now=ctx.now,
            )

    def run(self, line: str) -> None:
        """Run one typed line, then deliver what it queued."""
        line = line.strip()
        if not line:
            return
        name, _, rest = line.partition(" ")
        entry = COMMANDS.get(name.lower())
        if entry is None:
            self.say(f"I don't know '{name}'. Type /help to see what you can do.")
            return
        try:
            with use_locale(languages.of_actor(self.bot.partnership, self.actor())):
                entry[0](self, rest.strip())
        except EOFError:
            raise  # Ctrl-D: the loop ends the console (a form has kept its draft first)
        except WorkflowError as error:
            self.say(say(error, Platform.TEXT))
        except Exception:
            # Only the command's name is logged: what was typed may name a child.
            log.exception("console command %s failed", name.lower())
            self.say(WENT_WRONG)
        self.dispatcher.run_once()

    def loop(self) -> None:
        self.say(f"mashbot console for {self.bot.partnership.name}. You are {self.email}.")
        self.say("Type /concern to report a concern, /help for everything else, quit to leave.")
        while True:
            try:
                line = self.ask("mashbot> ")
                if line.strip().lower() in {"quit", "exit"}:
                    break
                self.run(line)
            except KeyboardInterrupt:
                self.say(INTERRUPTED)
            except EOFError:
                break
        self.say(GOODBYE)


@command("/help", N_("show what you can type"))
def _help(session: ConsoleSession, _rest: str) -> None:
    session.say(_("You can type:"))
    for name, (_handler, text) in sorted(COMMANDS.items()):
        session.say(f"  {name:<12} {_(text)}")
    session.say(f"  {'quit':<12} {_('leave the console')}")


@command("/glossary", N_("what words like MASH, RAG and MASE mean"))
def _glossary(session: ConsoleSession, _: str) -> None:
    for line in glossary.lines():
        session.say(line)


@command("/as", N_("`/as EMAIL`: act as someone else (to try each role)"))
def _as(session: ConsoleSession, rest: str) -> None:
    if "@" not in rest:
        session.say("Give an email address, for example: /as amira.okafor@example.org")
        return
    if session.bot.partnership.find_by_email(rest) is None:
        session.say(
            f"Nobody in the partnership file has the e-mail {rest}, so you are still "
            f"{session.email}. Check the spelling, or type /as with an e-mail from the file."
        )
        return
    session.email = rest
    actor = session.actor()
    roles = ", ".join(sorted(r.value.replace("_", " ") for r in actor.roles)) or "reporter"
    session.say(f"You are now {actor.name} ({roles}).")


@command("/language", N_("`/language [CODE]`: the language mashbot writes to you in, or change it"))
def language_command(session: ConsoleSession, rest: str) -> None:
    said = languages.answer(session.bot, session.actor(), rest.split(), Platform.TEXT, "console")
    for line in said.lines:
        session.say(line)


@command(
    "/concern", N_("report a concern about a child (or `/concern resume` to carry on a draft)")
)
def _concern(session: ConsoleSession, rest: str) -> None:
    actor = session.actor()
    with session.bot.unit_of_work("console") as ctx:
        if rest == "resume":
            newest = drafts.unfinished(ctx, actor, limit=1)
            if not newest:
                session.say("You have no unfinished concern. Type /concern to start one.")
                return
            draft_id = newest[0].id
        else:
            draft_id = drafts.start(ctx, actor).id
    session.say(
        "If a child is in danger right now, call 999 first. Type 'save' at any question "
        "to keep your answers and finish later (Ctrl-C does the same), or 'back' to change "
        "the step before."
    )
    fill_draft(session, actor, draft_id)


def fill_draft(session: ConsoleSession, actor: Actor, draft_id: str) -> None:
    """Fill the draft at the prompt, through the form driver, and send it."""
    run_form(session.bot, actor, FORM_ID, draft_id, session.ask, session.say)


@command("/home", N_("your concerns, their status, and unfinished drafts"))
def _home(session: ConsoleSession, _: str) -> None:
    actor = session.actor()
    with session.bot.unit_of_work("console") as ctx:
        summary = mine.home(ctx, actor)
    if summary.drafts:
        session.say(f"You have {len(summary.drafts)} unfinished concern(s): /concern resume.")
    if not summary.concerns:
        session.say("You have not reported any concerns yet. Type /concern to report one.")
    for item in summary.concerns:
        session.say(f"  {item.reference}  {item.area_name}  {reporter_status(item.status)}")


@command(
    "view",
    N_("`view REF`: a concern's details (MASH staff), or what you sent (its reporter)"),
)
def _view(session: ConsoleSession, rest: str) -> None:
    if not rest:
        session.say("Give a reference, for example: view CSE-2026-00001")
        return
    actor = session.actor()
    with session.bot.unit_of_work("console") as ctx:
        facts = details.view(ctx, actor, rest)
    for line in text_render.lines(details_screen(facts, session.bot.partnership.timezone)):
        session.say(line)
