"""`/mash` in the console: MASH triage with the same workflows and words as Slack.

Each sub-command is one handler: parse what was typed, ask any questions, call the workflow in
a unit of work, print the reply. Wording comes from messages.triage_text.
"""

from __future__ import annotations

from collections.abc import Callable

from bot.console.session import ConsoleSession, command
from messages import access_review as review_words
from messages import triage_text as words
from messages.problems import field_errors
from messages.render import Platform
from workflows.data_protection import access_review
from workflows.errors import InvalidInput
from workflows.triage import (
    answers,
    assessment,
    assign,
    chronology,
    claim,
    decisions,
    queries,
    requests,
    urgency,
)
from workflows.triage_settings import OutcomeId

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


@command("/mash", "MASH triage: /mash queue, /mash case REF, /mash mine (type /mash for all)")
def _mash(session: ConsoleSession, rest: str) -> None:
    name, *args = rest.split() or ["help"]
    handler = SUBCOMMANDS.get(name.lower())
    if handler is None:
        if name.lower() not in ("help", "?"):
            session.say(f"There is no '/mash {name}'.")
        session.say(words.MASH_HELP)
        return
    handler(session, args)


@sub("queue")
def _queue(session: ConsoleSession, _: list[str]) -> None:
    actor = session.actor()
    with session.bot.unit_of_work("console") as ctx:
        rows = queries.queue(ctx, actor)
    session.say(f"Open referrals ({len(rows)}), most urgent first:")
    for line in words.queue_lines(rows, _tz(session), "There are no open referrals in your areas."):
        session.say(f"  {line}")


@sub("mine")
def _mine(session: ConsoleSession, _: list[str]) -> None:
    actor = session.actor()
    with session.bot.unit_of_work("console") as ctx:
        rows = queries.mine(ctx, actor)
    session.say(f"Your open referrals ({len(rows)}):")
    empty = "You own no open referrals. Type /mash queue to claim one."
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
    session.say(words.claimed(result))


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
    session.say(words.urgency_set(result, _tz(session)))


@sub("request")
def _request(session: ConsoleSession, args: list[str]) -> None:
    if not _need(session, args, 2, "/mash request CSE-2026-00001 health police"):
        return
    reference, agencies = args[0], [a.lower() for a in args[1:]]
    settings = session.bot.partnership.triage.information_requests
    session.say(f"Question (Enter to ask: {settings.question})")
    question = session.ask("> ").strip()
    labels = list(requests.SHAREABLE.items())
    session.say("Which details do they need to search their records? Share the least you can.")
    for n, (_, (label, _)) in enumerate(labels, start=1):
        session.say(f"  {n}. {label}")
    session.say(
        "  Type the numbers, separated by commas (Enter for name and date of birth or age)."
    )
    picked = session.ask("> ").replace(" ", ",")
    share = [
        labels[index][0]
        for p in picked.split(",")
        if (index := _picked(p, len(labels))) is not None
    ]
    actor = session.actor()
    try:
        with session.bot.unit_of_work("console") as ctx:
            sent = requests.send(
                ctx, actor, reference, agencies, question=question, share=share or None
            )
    except InvalidInput as invalid:
        _errors(session, invalid)
        return
    session.say(words.requests_sent(sent, _tz(session)))


@sub("requests")
def _agency_requests(session: ConsoleSession, _: list[str]) -> None:
    actor = session.actor()
    with session.bot.unit_of_work("console") as ctx:
        views = answers.for_my_agency(ctx, actor)
    if not views:
        session.say("Your agency has no information requests.")
    for view in views:
        state = "answered" if view.answer else ("OVERDUE" if view.overdue else "waiting")
        session.say(
            f"  Request {view.request_id} for {view.reference}: {state}, due "
            f"{words.when(view.facts['due_at'], _tz(session))}"
        )


ANSWER_CHOICES = (
    ("held", "Information held"),
    ("nothing_known", "Nothing known"),
    (
        "confidential",
        "Confidential information exists (say who holds it)",
    ),
)


@sub("answer")
def _answer(session: ConsoleSession, args: list[str]) -> None:
    if not _need(session, args, 1, "/mash answer 3"):
        return
    actor = session.actor()
    with session.bot.unit_of_work("console") as ctx:
        view = answers.view(ctx, actor, args[0])
    for line in words.request_lines(view.facts, view.overdue, _tz(session)):
        session.say(line)
    session.say("What does your agency hold?")
    for n, (_, label) in enumerate(ANSWER_CHOICES, start=1):
        session.say(f"  {n}. {label}")
    raw = session.ask("> ").strip()
    index = _picked(raw, len(ANSWER_CHOICES))
    kind = ANSWER_CHOICES[index][0] if index is not None else raw
    text = held_by = None
    if kind == "held":
        session.say("What do you hold that is relevant? Share what is necessary and proportionate.")
        text = session.ask("> ")
    elif kind == "confidential":
        session.say("Who holds it (team or role, and how to reach them)?")
        held_by = session.ask("> ")
    try:
        with session.bot.unit_of_work("console") as ctx:
            result = answers.answer(ctx, actor, view.request_id, kind, text, held_by)
    except InvalidInput as invalid:
        _errors(session, invalid)
        session.say(f"Nothing was saved. Type /mash answer {view.request_id} to try again.")
        return
    session.say(words.answered(result))


@sub("assess")
def _assess(session: ConsoleSession, args: list[str]) -> None:
    if not _need(session, args, 1, "/mash assess CSE-2026-00001"):
        return
    actor = session.actor()
    with session.bot.unit_of_work("console") as ctx:
        suggestion, _ = assessment.prepare(ctx, actor, args[0])
    levels = session.bot.partnership.triage.risk_levels
    session.say(words.suggestion_line(suggestion))
    session.say("Risk level:")
    for n, level in enumerate(levels, start=1):
        session.say(f"  {n}. {level.label}")
    raw = session.ask("> ").strip()
    index = _picked(raw, len(levels))
    level_id = levels[index].id if index is not None else raw
    session.say("Rationale (needed if you differ from the suggestion; Enter to skip):")
    rationale = session.ask("> ")
    for attempt in range(2):
        try:
            with session.bot.unit_of_work("console") as ctx:
                result = assessment.assess(ctx, actor, args[0], level_id, rationale)
        except InvalidInput as invalid:
            _errors(session, invalid)
            if "rationale" not in invalid.errors or attempt:
                session.say("Nothing was saved.")
                return
            session.say("Rationale:")
            rationale = session.ask("> ")
            continue
        session.say(words.assessed(result))
        return


@sub("decide")
def _decide(session: ConsoleSession, args: list[str]) -> None:
    if not _need(session, args, 1, "/mash decide CSE-2026-00001"):
        return
    triage = session.bot.partnership.triage
    outcomes = list(OutcomeId)
    session.say("Outcome (one or more numbers, separated by commas):")
    for n, outcome in enumerate(outcomes, start=1):
        session.say(f"  {n}. {triage.outcome_label(outcome)}")
    picked = session.ask("> ").replace(" ", ",").split(",")
    chosen = [
        outcomes[index].value for p in picked if (index := _picked(p, len(outcomes))) is not None
    ]
    crime_team = None
    if OutcomeId.CRIME_INVESTIGATION in chosen:
        session.say("Who investigates?")
        for n, team in enumerate(triage.crime_teams, start=1):
            session.say(f"  {n}. {team.label}")
        raw = session.ask("> ").strip()
        teams = triage.crime_teams
        index = _picked(raw, len(teams))
        crime_team = teams[index].id if index is not None else raw
    session.say("Why? (this goes on the record; the reporter is told only the outcome)")
    rationale = session.ask("> ")
    actor = session.actor()
    correction = None
    for _attempt in range(2):
        try:
            with session.bot.unit_of_work("console") as ctx:
                result = decisions.decide(
                    ctx,
                    actor,
                    args[0],
                    chosen,
                    rationale,
                    crime_team=crime_team,
                    correction_reason=correction,
                )
            break
        except InvalidInput as invalid:
            if set(invalid.errors) == {"correction_reason"} and correction is None:
                session.say("This referral already has a decision. Why are you correcting it?")
                correction = session.ask("> ")
                continue
            _errors(session, invalid)
            session.say("Nothing was saved.")
            return
    else:
        return
    session.say(words.decided(result))


@sub("chronology")
def _chronology(session: ConsoleSession, args: list[str]) -> None:
    if not _need(session, args, 1, "/mash chronology CSE-2026-00001 [export]"):
        return
    export = len(args) > 1 and args[1].lower() == "export"
    actor = session.actor()
    with session.bot.unit_of_work("console") as ctx:
        found = chronology.read(ctx, actor, args[0], export=export)
        now = ctx.now
    session.say(words.chronology_text(found, _tz(session), now))
