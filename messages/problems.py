"""The sentences for every refusal and problem a workflow reports, in each platform's vocabulary.

A workflow raises a reason with facts (`AccessDenied(Reason.CLAIM_FIRST, ref=...)`); the entry
point says `say(error, platform)`. Each sentence says what to do next.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from messages.languages import unknown
from messages.render import Platform
from messages.vocabulary import Commands, Vocabulary, vocabulary
from workflows.errors import InvalidInput, Problem, Reason, Task, WorkflowError
from workflows.forms import FieldProblem

TASKS: dict[Task, str] = {
    Task.ASSESS: "record a risk assessment",
    Task.DECIDE: "record the decision",
    Task.REASSIGN: "reassign a referral",
    Task.SET_URGENCY: "set its urgency",
    Task.REQUEST_INFORMATION: "ask agencies",
    Task.EDIT_SERIES: "set up or change the meeting series",
    Task.POST_AGENDA: "post the agenda",
    Task.RECORD_MINUTES: "record the minutes",
    Task.SCHEDULE_MAP: "schedule a MAP meeting",
    Task.VIEW_SERIES: "see the meeting series",
    Task.VIEW_AGENDA: "see the agenda",
    Task.DOWNLOAD_AGENDA: "open the full agenda",
    Task.VIEW_MAP_AGENDA: "see this MAP agenda",
    Task.ANSWER_MAP_DATES: "answer for this MAP meeting's dates",
}


def _decision_makers(facts: dict[str, Any], _: Vocabulary) -> str:
    names = ", ".join(facts.get("names") or []) or "a MASH decision maker"
    return (
        f"Only a MASH decision maker can {TASKS[Task(facts['task'])]}. "
        f"Ask {names} to do it for {facts['ref']}."
    )


def _ambiguous(facts: dict[str, Any], _: Vocabulary) -> str:
    return (
        f"You lead more than one action {facts['number']}: say which, one of "
        f"{', '.join(facts['choices'])}."
    )


def _answer_instead(sentence: str) -> Callable[[dict[str, Any], Vocabulary], str]:
    """A sentence ending with how this platform's lead answers a reminder instead."""

    def word(facts: dict[str, Any], words: Vocabulary) -> str:
        return sentence.format(**facts) + f" Please answer with {words.answer.format(**facts)}."

    return word


def _series_area(facts: dict[str, Any], words: Vocabulary) -> str:
    areas = list(facts["areas"])
    return (
        f"Each area has its own MASE meeting: add the area to the command, one of "
        f"{', '.join(areas)} (for example {words.command('mase next')} {areas[0]})."
    )


def _language_unknown(facts: dict[str, Any], words: Vocabulary) -> str:
    return unknown(tuple(facts["choices"]), words.platform)


Wording = str | Callable[[dict[str, Any], Vocabulary], str]

PROBLEMS_SHOWN = 30  # the first problems of a file; a 100,000-row file's would fill every screen

# `{cmd[mash queue]}` is the command as the platform types it; `{home}` where a reporter
# follows their concerns; `{task}` what was being done; the rest are the reason's facts.
WORDING: dict[Reason, Wording] = {
    Reason.REFERRAL_NOT_FOUND: (
        "There is no referral with the reference {ref} in the areas you cover. Check it, or type "
        "{cmd[mash queue]} to see open referrals. If it belongs to another area, ask that "
        "area's MASH."
    ),
    Reason.NOT_MASH: (
        "Sorry, only MASH staff can see or work on referrals. If you reported a concern, you "
        "can follow its status {home}."
    ),
    Reason.NOT_MASH_REPORTER: (
        "You reported {ref}, so you can follow its status {home}. Only MASH staff can open "
        "the referral itself."
    ),
    Reason.NOT_MASH_AGENCY_LEAD: (
        "Sorry, as a safeguarding lead you can see only the requests sent to your agency, "
        "not the referral itself. Type {cmd[mash requests]} to see them."
    ),
    Reason.DECISION_MAKERS_ONLY: _decision_makers,
    Reason.CLAIM_FIRST: "Claim {ref} first ({cmd[mash claim]} {ref}), then {task}.",
    Reason.OWNED_BY_OTHER: "{owner} owns {ref}, so only they or a decision maker can {task}.",
    Reason.ASSESS_FIRST: "Record the risk assessment first ({cmd[mash assess]} {ref}), then decide.",
    Reason.DETAILS_NOT_FOUND: (
        "Sorry, you cannot open the details of {ref}: there is no such concern, or it is not "
        "one you may open. Only MASH staff for a concern's area can open its details. If you "
        "need to know more, call the MASH."
    ),
    Reason.REQUEST_NOT_FOUND: (
        "There is no information request {number} for your agency to answer. Check the number "
        "in the request message, or type {cmd[mash requests]} to see your agency's requests."
    ),
    Reason.REQUESTS_LEADS_ONLY: (
        "Only agency safeguarding leads have information requests to answer."
    ),
    Reason.MASE_ONLY: (
        "Sorry, only the MASE chair and MASH staff can see or list referrals held for MASE. "
        "Ask the MASE chair if you need something on the agenda."
    ),
    Reason.MASE_AREA_NOT_COVERED: (
        "Sorry, you do not cover {area}, so you cannot see its referrals held for MASE."
    ),
    Reason.MASE_LIST_NOT_COVERED: (
        "Sorry, {ref} is a {area} referral and you do not cover {area}, so you cannot list it "
        "for MASE. Nothing was listed; ask the {area} MASH."
    ),
    Reason.DRAFT_GONE: "That draft no longer exists. To start a new concern, type {cmd[concern]}.",
    Reason.DRAFT_NOT_YOURS: "That draft belongs to someone else, so you cannot open it.",
    Reason.CONCERN_ALREADY_SENT: "This concern was already sent as {ref}.",
    Reason.PLAN_NOT_FOUND: (
        "There is no plan called '{name}'. Type {cmd[actions mine]} to see yours."
    ),
    Reason.PLAN_REFUSED: (
        "Sorry, you cannot see the plan {name}. Its owner, the MASE chair and admins can. "
        "Type {cmd[actions mine]} to see the actions you lead."
    ),
    Reason.ACTION_NOT_IN_PLAN: "Plan {plan} has no action {number}. Check the number.",
    Reason.ACTION_NOT_LED: (
        "You lead no action numbered {number}. Type {cmd[actions mine]} to see yours, or give "
        "the plan too, like cse-2026:1.2a."
    ),
    Reason.ACTION_AMBIGUOUS: _ambiguous,
    Reason.ACTION_GONE: "That action no longer exists. Type {cmd[actions mine]} to see yours.",
    Reason.NOT_THE_LEAD: (
        "Sorry, only the lead of {ref} ({lead}) can update it. If the lead has changed, ask "
        "the plan owner to change it."
    ),
    Reason.ACTION_CLOSED: "{ref} is already {status}; there is nothing to update.",
    Reason.NO_EARLIER_RATING: (
        "{ref} has no earlier RAG rating to carry over. Please use Update to give one."
    ),
    Reason.ONLY_REMINDERS_SNOOZE: _answer_instead("Only a reminder can be snoozed."),
    Reason.NO_REMINDER: "There is no reminder about {ref} to snooze.",
    Reason.ALREADY_SNOOZED: _answer_instead(
        "You have already snoozed this reminder about {ref} once ({earlier_reason})."
    ),
    Reason.IMPORT_REJECTED: lambda facts, _: (
        "Nothing was imported. Fix these and try again:\n"
        + "\n".join(f"  {problem}" for problem in facts["problems"][:PROBLEMS_SHOWN])
        + (
            f"\n  and {len(facts['problems']) - PROBLEMS_SHOWN} more"
            if len(facts["problems"]) > PROBLEMS_SHOWN
            else ""
        )
    ),
    Reason.MEETING_CHAIRS_ONLY: (
        "Sorry, only the MASE chair, the deputy chair and admins can {task}. "
        "Ask the chair if something needs changing."
    ),
    Reason.MEETING_MEMBERS_ONLY: (
        "Sorry, only members of the meeting can {task}. Ask the MASE chair if you need to attend."
    ),
    Reason.NO_SERIES: (
        "There is no MASE meeting series for that yet. A chair or admin sets one up with "
        "{cmd[mase schedule]} set."
    ),
    Reason.SERIES_AREA_NEEDED: _series_area,
    Reason.NO_MEETING_ON_DATE: (
        "There is no MASE meeting on that date. Type {cmd[mase next]} to see when the next one is."
    ),
    Reason.MEETING_GONE: "That meeting no longer exists. Type {cmd[mase next]} to see the next one.",
    Reason.NO_MASE_HELD: (
        "No MASE meeting has taken place yet, so there are no minutes to record. "
        "Type {cmd[mase next]} to see when the next one is."
    ),
    Reason.NO_MAP: "{ref} has no MAP meeting. A chair sets one with {cmd[map schedule]} {ref}.",
    Reason.NO_MAP_HELD: (
        "{ref} has had no MAP meeting yet, so there are no minutes to record. "
        "Type {cmd[map agenda]} {ref} to see the next one."
    ),
    Reason.NO_DATES_ASKED: (
        "No dates are being asked for {ref}'s MAP meeting. A chair offers some with "
        "{cmd[map propose]} {ref}."
    ),
    Reason.LANGUAGE_UNKNOWN: _language_unknown,
    Reason.INVALID_INPUT: "Please check the answers marked, then try again.",
    Reason.BREAK_GLASS_NEEDS_REASON: (
        "There is no referral with the reference {ref} in the areas you cover. Check it, or "
        "type {cmd[mash queue]} to see open referrals. If it belongs to another area and you "
        "need it in an emergency, open it by saying why: type "
        "{cmd[mash case]} {ref} followed by your reason (for example: the child is with us "
        "now). That area's MASH manager is told at once, and your view is recorded."
    ),
    Reason.DPO_ONLY: (
        "Only the data protection officer can {doing}. Ask your DPO (the person with the dpo "
        "role in the partnership file)."
    ),
    Reason.RETENTION_REPORT_FIRST: (
        "There is no retention report to act on. Run mashbot retention report first, check "
        "what it lists, then run mashbot retention apply."
    ),
    Reason.RETENTION_REPORT_STALE: (
        "The last retention report is more than {days} days old. Run mashbot retention report "
        "again, check it, then apply it."
    ),
    Reason.HOLD_REFUSED: (
        "Only the data protection officer or a MASH decision maker for its area can set or "
        "lift a legal hold on {ref}. Ask one of them."
    ),
    Reason.HOLD_NEEDS_REASON: (
        "Say why you {doing} the hold, in at least {least} characters (for example: civil "
        "claim notified by legal services). Nothing was changed."
    ),
    Reason.ALREADY_HELD: "{ref} is already under a legal hold. Nothing was changed.",
    Reason.NOT_HELD: "{ref} is not under a legal hold. Nothing was changed.",
    Reason.ACCESS_REVIEW_MANAGERS_ONLY: (
        "Only MASH managers (decision makers) and the data protection officer can see who "
        "viewed which case. Ask your MASH manager if you have a concern about access."
    ),
    Reason.PERIOD_BACKWARDS: (
        "The end of the period must come after its start (for example --from 2026-11-01 "
        "--to 2026-12-01). Nothing was listed."
    ),
    Reason.SAR_NEEDS_CHILD: (
        "Say whose records to export: a referral's reference, or the child's name and date of "
        "birth (--child NAME --dob YYYY-MM-DD)."
    ),
    Reason.SAR_NOTHING_FOUND: (
        "Nothing is held about that child (check the spelling of the name, the date of birth "
        "or the reference). No export was written."
    ),
}


def wording(problem: Problem, platform: Platform | str) -> str:
    """One problem as a sentence for `platform`."""
    words = vocabulary(platform)
    said = WORDING[problem.reason]
    if callable(said):
        return said(problem.facts, words)
    facts = dict(problem.facts)
    if "task" in facts:
        facts["task"] = TASKS[Task(facts["task"])]
    return said.format(**facts, cmd=Commands(words), home=words.home)


def field_errors(invalid: InvalidInput, platform: Platform | str) -> dict[str, str]:
    """A form's errors by field, each a sentence (the form definitions' own checks already are)."""
    from messages.forms import COMMAND_WORDS, problem_text  # the forms' words for codes

    def worded(error: Any) -> str:
        if isinstance(error, str):
            return error
        if isinstance(error, FieldProblem):
            return problem_text(COMMAND_WORDS, None, error, platform)
        return wording(error, platform)

    return {field: worded(error) for field, error in invalid.errors.items()}


def say(error: WorkflowError, platform: Platform | str) -> str:
    """What to tell the person: the refusal, or every field's problem in one message."""
    if isinstance(error, InvalidInput):
        return " ".join(field_errors(error, platform).values())
    return wording(error.problem, platform)
