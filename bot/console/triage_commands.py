"""`/mash` in the console: MASH triage with the same workflows and words as Slack.

Each sub-command is one handler: parse what was typed, call the workflow in a unit of work,
print the reply. The four that take free text (request, answer, assess, decide) open their form
through the shared prompt and form driver, which checks choices before asking for text. Wording comes from messages.triage_text.
"""

from __future__ import annotations

from collections.abc import Callable

from bot.console.prompts import run_form
from bot.console.session import ConsoleSession, command, language_command
from messages import access_review as review_words
from messages import triage_text as words
from messages.chronology_text import chronology_text
from messages.i18n import N_
from messages.problems import field_errors
from messages.render import Platform
from workflows.data_protection import access_review
from workflows.errors import InvalidInput
from workflows.triage import (
    answers,
    assign,
    chronology,
    claim,
    queries,
    urgency,
)
from workflows.triage.forms import (
    ANSWER_FORM_ID,
    ASSESS_FORM_ID,
    DECIDE_FORM_ID,
    REQUEST_FORM_ID,
)

SubHandler = Callable[[ConsoleSession, list[str]], None]
SUBCOMMANDS: dict[str, SubHandler] = {}


def sub(name: str) -> Callable[[SubHandler], SubHandler]:
    def register(handler: SubHandler) -> SubHandler:
        SUBCOMMANDS[name] = handler
        return handler

    return register


def _tz(session: ConsoleSession) -> str:
    return session.bot.partnership.timezone


def _errors(session: ConsoleSession, invalid: InvalidInput) -> None:
    for message in field_errors(invalid, Platform.TEXT).values():
        session.say(f"  ✗ {message}")


def _picked(raw: str, count: int) -> int | None:
    """The 0-based index of option number `raw` of `count`, or None if it is not one of them."""
    raw = raw.strip()
    # isdecimal, not isdigit: "²" is a digit that int() refuses.
    return int(raw) - 1 if raw.isdecimal() and 0 < int(raw) <= count else None


def _need(session: ConsoleSession, args: list[str], count: int, usage: str) -> bool:
    if len(args) < count:
        session.say(f"Type it like this: {usage}")
        return False
    return True


@command(
    "/mash",
    N_("MASH triage: `/mash queue`, `/mash case REF`, `/mash mine` (type `/mash` for all)"),
)
def _mash(session: ConsoleSession, rest: str) -> None:
    name, *args = rest.split() or ["help"]
    handler = SUBCOMMANDS.get(name.lower())
    if handler is None:
        if name.lower() not in ("help", "?"):
            session.say(f"There is no '/mash {name}'.")
        session.say(words.mash_help(Platform.TEXT))
        return
    handler(session, args)


@sub("language")
def _language(session: ConsoleSession, args: list[str]) -> None:
    language_command(session, " ".join(args))


@sub("queue")
def _queue(session: ConsoleSession, _: list[str]) -> None:
    actor = session.actor()
    with session.bot.unit_of_work("console") as ctx:
        rows = queries.queue(ctx, actor)
    session.say(words.queue_heading(len(rows)))
    for line in words.queue_lines(rows, _tz(session), words.queue_empty()):
        session.say(f"  {line}")


@sub("mine")
def _mine(session: ConsoleSession, _: list[str]) -> None:
    actor = session.actor()
    with session.bot.unit_of_work("console") as ctx:
        rows = queries.mine(ctx, actor)
    session.say(words.mine_heading(len(rows)))
    empty = words.mine_empty(Platform.TEXT)
    for line in words.queue_lines(rows, _tz(session), empty):
        session.say(f"  {line}")


@sub("access")
def _access(session: ConsoleSession, args: list[str]) -> None:
    if not _need(session, args, 1, "/mash access CSE-2026-00001"):
        return
    actor = session.actor()
    with session.bot.unit_of_work("console") as ctx:
        found = access_review.recent(ctx, actor, args[0])
    for line in review_words.review_lines(found, _tz(session)):
        session.say(line)


@sub("case")
def _case(session: ConsoleSession, args: list[str]) -> None:
    if not _need(session, args, 1, "/mash case CSE-2026-00001"):
        return
    actor = session.actor()
    reason = " ".join(args[1:]) or None  # break-glass: why someone outside the area opens it
    with session.bot.unit_of_work("console") as ctx:
        view = queries.case(ctx, actor, args[0], reason)
    for line in words.case_lines(view, _tz(session)):
        session.say(line)
    session.say(words.console_details_hint(view.reference))


@sub("claim")
def _claim(session: ConsoleSession, args: list[str]) -> None:
    if not _need(session, args, 1, "/mash claim CSE-2026-00001"):
        return
    actor = session.actor()
    with session.bot.unit_of_work("console") as ctx:
        result = claim.claim(ctx, actor, args[0])
    session.say(words.claimed(result, Platform.TEXT))


@sub("assign")
def _assign(session: ConsoleSession, args: list[str]) -> None:
    if not _need(session, args, 3, "/mash assign CSE-2026-00001 name@example.org why"):
        return
    reference, email, reason = args[0], args[1], " ".join(args[2:])
    actor = session.actor()
    try:
        with session.bot.unit_of_work("console") as ctx:
            result = assign.reassign_to_email(ctx, actor, reference, email, reason)
    except InvalidInput as invalid:
        _errors(session, invalid)
        return
    session.say(words.reassigned(result))


@sub("urgency")
def _urgency(session: ConsoleSession, args: list[str]) -> None:
    if not _need(session, args, 2, "/mash urgency CSE-2026-00001 red [why it changed]"):
        return
    actor = session.actor()
    try:
        with session.bot.unit_of_work("console") as ctx:
            result = urgency.set_urgency(ctx, actor, args[0], args[1], " ".join(args[2:]))
    except InvalidInput as invalid:
        _errors(session, invalid)
        return
    session.say(words.urgency_set(result, _tz(session), Platform.TEXT))


@sub("request")
def _request(session: ConsoleSession, args: list[str]) -> None:
    if not _need(session, args, 1, "/mash request CSE-2026-00001 health police"):
        return
    typed = {"agencies": ",".join(args[1:])} if args[1:] else None
    _form(session, REQUEST_FORM_ID, args[0], typed)


@sub("requests")
def _agency_requests(session: ConsoleSession, _: list[str]) -> None:
    actor = session.actor()
    with session.bot.unit_of_work("console") as ctx:
        views = answers.for_my_agency(ctx, actor)
    for line in words.agency_requests(views, _tz(session), Platform.TEXT):
        session.say(f"  {line}" if views else line)


@sub("answer")
def _answer(session: ConsoleSession, args: list[str]) -> None:
    if _need(session, args, 1, "/mash answer 3"):
        _form(session, ANSWER_FORM_ID, args[0])


@sub("assess")
def _assess(session: ConsoleSession, args: list[str]) -> None:
    if _need(session, args, 1, "/mash assess CSE-2026-00001"):
        _form(session, ASSESS_FORM_ID, args[0])


@sub("decide")
def _decide(session: ConsoleSession, args: list[str]) -> None:
    if _need(session, args, 1, "/mash decide CSE-2026-00001"):
        _form(session, DECIDE_FORM_ID, args[0])


def _form(
    session: ConsoleSession, form_id: str, key: str, typed: dict[str, str] | None = None
) -> None:
    """A triage form at the prompt, through the one form driver (as Slack and Teams open it)."""
    run_form(session.bot, session.actor(), form_id, key, session.ask, session.say, typed)


@sub("chronology")
def _chronology(session: ConsoleSession, args: list[str]) -> None:
    if not _need(session, args, 1, "/mash chronology CSE-2026-00001 [export]"):
        return
    export = len(args) > 1 and args[1].lower() == "export"
    actor = session.actor()
    with session.bot.unit_of_work("console") as ctx:
        found = chronology.read(ctx, actor, args[0], export=export)
        now = ctx.now
    session.say(chronology_text(found, _tz(session), now))
