"""MASH triage in plain words: replies to commands, the queue, a case, and the chronology export.

The console prints these as they are; Slack shows them in ephemeral replies and modals. No
platform markup here (messages.screens.triage describes the screens with the same words).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from messages.i18n import format_datetime as _when
from messages.labels import MASE_STAGE
from messages.render import Platform
from messages.vocabulary import vocabulary
from workflows.triage.results import (
    Answered,
    Assessed,
    CaseView,
    Chronology,
    ChronologyEntry,
    ClaimResult,
    Decided,
    QueueRow,
    SentRequest,
    Suggestion,
    UrgencySet,
)

# The /mash sub-commands, with what each needs and does (the help names them per platform).
_HELP_STAFF: tuple[tuple[str, str], ...] = (
    ("queue", "open referrals in your areas, most urgent first"),
    ("mine", "the open referrals you own"),
    ("case REF", "where a referral is: urgency, owner, requests, decision"),
    ("claim REF", "take a referral"),
    ("assign REF EMAIL REASON", "give a referral to a colleague (decision makers)"),
    (
        "urgency REF LEVEL [WHY]",
        "set Red, Amber or Green: how soon the decision is due (say why when you change it)",
    ),
    ("request REF AGENCY ...", "ask agencies what they hold (for example: health police)"),
    ("assess REF", "record the risk level (decision makers)"),
    ("decide REF", "record the decision (decision makers)"),
    ("chronology REF", "every event on a referral, in time order (export as text)"),
    ("case REF WHY", "outside your area: open it in an emergency (your manager is told)"),
    ("access REF", "who viewed a referral, when and why (MASH managers)"),
)
_HELP_LEADS: tuple[tuple[str, str], ...] = (
    ("requests", "information requests sent to your agency"),
    ("answer NUMBER", "answer an information request"),
)
_HELP_EVERYONE: tuple[tuple[str, str], ...] = (
    ("language [CODE]", "the language mashbot writes to you in, or change it"),
)


def mash_help(platform: Platform | str) -> str:
    """What `mash` does, each command as `platform` types it."""
    say = vocabulary(platform).command

    def rows(table: tuple[tuple[str, str], ...]) -> list[str]:
        return [f"  {say('mash ' + words)}: {what}" for words, what in table]

    return "\n".join(
        [
            "Commands for MASH (Multi-Agency Safeguarding Hub) staff:",
            *rows(_HELP_STAFF),
            "For agency safeguarding leads:",
            *rows(_HELP_LEADS),
            "For everyone:",
            *rows(_HELP_EVERYONE),
        ]
    )


# The case leaves out who the child is; each platform says how to open the details.
DETAILS_APART = "The child's name and other details are not shown here; opening them is recorded."

# After an unexpected error (a database or Slack failure): the person must not think it worked.
WENT_WRONG = (
    "Sorry, something went wrong and nothing was saved. Please try again in a minute; if it "
    "keeps failing, tell your MASH admin."
)


def console_details_hint(reference: str) -> str:
    return f'Type "view {reference}" to open the child\'s details.'


def when(moment: datetime | str | None, tz: str) -> str:
    return _when(moment, tz) if moment else "not set"


def claimed(result: ClaimResult, platform: Platform | str) -> str:
    say = vocabulary(platform).command
    if result.already_yours:
        return (
            f"You already have {result.reference}. Type {say('mash case ' + result.reference)} "
            "to work on it."
        )
    if result.won:
        return (
            f"You have claimed {result.reference}. Next: set its urgency (how soon the decision "
            f"is due) with {say('mash urgency ' + result.reference + ' red')}, amber or green."
        )
    return (
        f"{result.owner_name} has already claimed {result.reference}, so it stays with them. "
        f"Type {say('mash queue')} to find another referral."
    )


def reassigned(result: ClaimResult) -> str:
    return f"{result.reference} is now with {result.owner_name}. They have been told."


def urgency_set(result: UrgencySet, tz: str, platform: Platform | str) -> str:
    text = (
        f"{result.reference} is {result.level_label}: the decision is due by "
        f"{when(result.deadline, tz)}."
    )
    if result.overdue:
        text += " That time has already passed, so decide as soon as you can."
    request = vocabulary(platform).command(f"mash request {result.reference}")
    return text + f" Next: ask partner agencies what they hold with {request}."


def queue_heading(count: int) -> str:
    return f"Open referrals ({count}), most urgent first:"


def mine_heading(count: int) -> str:
    return f"Your open referrals ({count}):"


def queue_empty() -> str:
    return "There are no open referrals in your areas."


def mine_empty(platform: Platform | str) -> str:
    queue = vocabulary(platform).command("mash queue")
    return f"You own no open referrals. Type {queue} to claim one."


def agency_requests(views: list[Any], tz: str, platform: Platform | str) -> list[str]:
    """The information requests sent to a lead's agency, each with how to answer it."""
    if not views:
        return ["Your agency has no information requests."]
    say = vocabulary(platform).command
    lines = []
    for v in views:
        due, ref, command = (
            when(v.facts["due_at"], tz),
            v.reference,
            say(f"mash answer {v.request_id}"),
        )
        if v.answer:
            line = f"Request {v.request_id} for referral {ref} is answered. To change your answer, type {command}."
        elif v.overdue:
            line = (
                f"Request {v.request_id} for referral {ref} is overdue: it was due by {due}. "
                f"A late answer is still welcome: type {command}."
            )
        else:
            line = f"Request {v.request_id} for referral {ref} is due by {due}. To answer, type {command}."
        lines.append(line)
    return lines


def requests_sent(sent: list[SentRequest], tz: str) -> str:
    lines = [
        f"Request {s.request_id} sent to {s.agency_name}"
        + (" (in its channel)" if s.sent_to == "channel" else " (to its safeguarding leads)")
        + f", due by {when(s.due_at, tz)}."
        for s in sent
    ]
    return "\n".join(
        lines + ["Requests not answered in time are chased when due; answers come to you."]
    )


def answered(result: Answered) -> str:
    text = f"Thank you. Your answer to request {result.request_id} ({result.kind_label}) is with the MASH"
    if result.replaced:
        text += "; it replaces your earlier answer, which stays on the record"
    return text + "."


def suggestion_line(s: Suggestion) -> str:
    """The screening score as a signs checklist: a count of ticked signs, never a danger rating."""
    base = (
        f"Signs checklist: {s.band} (score {s.score}). It counts the signs the reporter "
        "ticked; it does not measure danger."
    )
    if s.level_label is None:
        return base + " It suggests no risk level."
    if s.raised_for_age:
        return (
            base
            + f" It suggests the risk level {s.level_label}, raised because of the child's age."
        )
    return base + f" It suggests the risk level {s.level_label}."


def assessed(result: Assessed) -> str:
    text = f"Risk level for {result.reference} recorded as {result.level_label}."
    if result.override:
        text += (
            f" The signs checklist suggested {result.suggested_label or 'no level'}; "
            "your rationale is recorded."
        )
    return text + " Next: record the decision (Decide, on the case)."


def decided(result: Decided) -> str:
    text = f"Decision on {result.reference} recorded: {'; '.join(result.outcome_labels)}"
    if result.crime_team_label:
        text += f" ({result.crime_team_label})"
    text += "."
    if result.mase_held:
        text += " It is held for the agenda of the next MASE (multi-agency sexual exploitation) meeting."
    if result.on_time is False:
        text += " It was made after it was due, and that is recorded."
    return text + " The reporter has been sent a short update."


def _urgency(rag_label: str | None, deadline: datetime | None, overdue: bool, tz: str) -> str:
    if not rag_label:
        return "not set"
    if overdue:
        return f"{rag_label}, decision was due by {when(deadline, tz)} (overdue)"
    return f"{rag_label}, decision due by {when(deadline, tz)}"


def queue_lines(rows: list[QueueRow], tz: str, empty: str) -> list[str]:
    if not rows:
        return [empty]
    lines = []
    for r in rows:
        urgency = (
            _urgency(r.rag_label, r.deadline_at, r.overdue, tz) if r.rag_label else "not rated"
        )
        requests = ""
        if r.requests_waiting:
            requests = f" | requests waiting: {r.requests_waiting}"
            if r.requests_overdue:
                requests += f" ({r.requests_overdue} overdue)"
        danger = " | immediate danger reported" if r.immediate_danger else ""
        lines.append(
            f"{r.reference}{danger} | {r.area_name} | {urgency} | owner: {r.owner_name or 'nobody'}"
            f"{requests}"
        )
    return lines


REQUEST_STATE = {
    "waiting": "waiting",
    "overdue": "overdue",
    "answered": "answered",
    "answered late": "answered late",
}


def case_lines(case: CaseView, tz: str) -> list[str]:
    lines = ["Immediate danger reported."] if case.immediate_danger else []
    lines += [
        f"Referral {case.reference} ({case.area_name}), received {when(case.received_at, tz)} "
        f"from {case.agency_name}.",
        f"Status: {'decided' if case.status == 'decided' else 'open'}. Owner: "
        f"{case.owner_name or 'nobody'}.",
        f"Urgency: {_urgency(case.rag_label, case.deadline_at, case.overdue, tz)}.",
        suggestion_line(case.suggestion),
    ]
    if case.requests:
        lines.append("Information requests:")
    for r in case.requests:
        state = REQUEST_STATE.get(r.state, r.state)
        line = f"  {r.request_id}. {r.agency_name}: {state} (due by {when(r.due_at, tz)})"
        if r.chases:
            line += f", chased {r.chases} time{'s' if r.chases != 1 else ''}"
        if r.answer_label:
            line += f": {r.answer_label}"
        if r.held_by:
            line += f", held by {r.held_by}"
        if r.answer_text:
            line += f": {r.answer_text}"
        lines.append(line)
    if case.assessment:
        a = case.assessment
        lines.append(
            f"Risk level: {a.level_label} (by {a.by_name}, {when(a.at, tz)})"
            + (
                f"; the signs checklist suggested {a.suggested_label}"
                if a.suggested_label != a.level_label
                else ""
            )
            + (f"; rationale: {a.rationale}" if a.rationale else "")
        )
    if case.decision:
        d = case.decision
        lines.append(
            f"Decision: {'; '.join(d.outcome_labels)}"
            + (f" ({d.crime_team_label})" if d.crime_team_label else "")
            + f" by {d.by_name}, {when(d.at, tz)}; why: {d.rationale}"
            + (f" (corrected: {d.correction_reason})" if d.correction_reason else "")
        )
    if case.mase:
        stage = MASE_STAGE[case.mase.stage].format(meeting=case.mase.meeting)
        lines.append(f"MASE meeting: {stage}")
    lines.append(DETAILS_APART)
    return lines


# How a request's shared details are labelled (workflows.triage.requests.SHAREABLE's keys).
SEARCH_LABELS = {
    "age": "Approximate age",
    "gender": "Gender",
    "dob": "Date of birth",
    "name": "Name",
    "school": "School or setting",
}


def search_line(key: str, value: str) -> str:
    """One shared detail, a date of birth as "2 May 2011"; a request sent before details were
    stored by key holds its label already."""
    if key == "dob":
        return f"{SEARCH_LABELS[key]}: {birth_date(value)}"
    return f"{SEARCH_LABELS.get(key, key)}: {value}"


def birth_date(value: str) -> str:
    """A date of birth as "2 May 2011" (one stored as day/month/year before is left as it is)."""
    try:
        day = date.fromisoformat(value)
    except ValueError:
        return value
    return f"{day.day} {day:%B %Y}"


def request_lines(facts: dict[str, Any], overdue: bool, tz: str) -> list[str]:
    """One request for its agency's lead: the question, what to search, basis, due time."""
    lines = [
        f"Information request {facts['request_id']} for {facts['agency_name']}, about referral "
        f"{facts['reference']}, from the {facts['area_name']} MASH (Multi-Agency Safeguarding Hub).",
        f"What the MASH needs to know: {facts['question']}",
        "Search your records for: "
        + "; ".join(search_line(key, value) for key, value in facts["search_details"]),
        f"Why the MASH may ask (lawful basis): {facts['lawful_basis']}",
        f"Answer by {when(facts['due_at'], tz)}."
        + (" It is overdue: a late answer is still welcome." if overdue else ""),
    ]
    return lines


# What someone tried and was refused, for the chronology ("Ben Carter tried to record the risk
# level and was refused: nothing changed").
REFUSED_WORDS = {
    "view_case": "open the case",
    "claim": "claim the referral",
    "chronology": "read the chronology",
    "export_chronology": "export the chronology",
    "set_urgency": "set the urgency",
    "request_information": "ask agencies what they hold",
    "assess_risk": "record the risk level",
    "decide": "record the decision",
    "reassign": "give the referral to someone else",
    "view_information_request": "open an information request",
    "answer_information_request": "answer an information request",
    "list_for_mase": "list the referral for MASE",
}


def describe(entry: ChronologyEntry, tz: str) -> str:
    """One chronology event as a sentence."""
    f = entry.facts
    who = entry.actor_name
    simple = {
        "referral_claimed": f"{who} claimed the referral.",
        "claim_lost": f"{who} tried to claim it, but it was already claimed.",
        "claim_repeated": f"{who} claimed it again; it was already theirs, so nothing changed.",
        "case_viewed": f"{who} looked at the case.",
        "details_viewed": f"{who} opened the child's details.",
        "details_refused": f"{who} was refused the child's details.",
        "assessment_opened": f"{who} opened the risk assessment.",
        "chronology_viewed": f"{who} read the chronology.",
        "chronology_exported": f"{who} exported the chronology.",
        "deadline_reminder_sent": "mashbot reminded the owner that the decision is nearly due.",
        "deadline_passed_alerted": "mashbot told the decision makers the deadline had passed.",
    }
    if entry.action in simple:
        return simple[entry.action]
    if entry.action == "concern_reported":
        danger = " Immediate danger was reported." if f.get("immediate_danger") else ""
        return f"{who} ({f.get('agency_name')}) reported the concern.{danger}"
    if entry.action == "referral_reassigned":
        return f"{who} gave the referral to {f.get('owner_name')}. Reason: {f.get('reason')}"
    if entry.action == "urgency_set":
        text = f"{who} set the urgency to {f.get('level_label')}; decision due by {when(f.get('deadline_at'), tz)}."
        return text + (f" Reason: {f['reason']}" if f.get("reason") else "")
    if entry.action == "information_requested":
        return f"{who} asked {f.get('agency_name')} what they hold (request {f.get('request_id')}), due by {when(f.get('due'), tz)}."
    if entry.action == "information_request_chased":
        return (
            f"mashbot chased {f.get('agency_name')} for request {f.get('request_id')}, now overdue."
        )
    if entry.action == "information_request_listed":
        return f"{who} saw request {f.get('request_id')}, with the details it shares, in their agency's list."
    if entry.action == "information_request_viewed":
        return f"{who} ({f.get('agency_name')}) opened request {f.get('request_id')}."
    if entry.action == "information_answered":
        text = f"{who} answered for {f.get('agency_name')} (request {f.get('request_id')}): {f.get('kind_label')}"
        text += " (late)" if f.get("late") else ""
        text += f", held by {f['held_by']}" if f.get("held_by") else ""
        return text + (f". {f['text']}" if f.get("text") else ".")
    if entry.action == "risk_assessed":
        text = f"{who} recorded the risk as {f.get('level_label')}"
        if f.get("override"):
            text += f" (the signs checklist suggested {f.get('suggested_label') or 'no level'})"
        return text + (f". Rationale: {f['rationale']}" if f.get("rationale") else ".")
    if entry.action == "decision_recorded":
        team = f" ({f['crime_team_label']})" if f.get("crime_team_label") else ""
        text = f"{who} decided: {'; '.join(f.get('outcome_labels') or [])}{team}. Why: {f.get('rationale')}"
        if f.get("correction_reason"):
            text += f" This corrects the earlier decision: {f['correction_reason']}"
        return text
    if entry.action == "reporter_updated":
        return (
            f"mashbot sent {f.get('reporter_name')} (the reporter) a short update on the outcome."
        )
    if entry.action == "mase_listed":
        return f"{who} listed the referral for MASE meeting {f.get('meeting')}."
    if entry.action == "access_refused":
        wanted = str(f.get("wanted", ""))
        tried = REFUSED_WORDS.get(wanted, wanted.replace("_", " "))
        return f"{who} tried to {tried} and was refused, so nothing changed."
    return f"{who}: {entry.action.replace('_', ' ')}."


def _times_are(tz: str) -> str:
    if tz == "Europe/London":
        return "All times are UK time."
    return f"All times are in the {tz} time zone."


def chronology_text(chronology: Chronology, tz: str, exported_at: datetime) -> str:
    """The chronology as a plain-text document, for the case file."""
    lines = [
        f"Chronology of referral {chronology.reference} ({chronology.area_name} MASH)",
        f"Exported {when(exported_at, tz)}. {_times_are(tz)} Confidential: safeguarding record.",
        "",
    ]
    lines += [f"{when(e.at, tz)}  {describe(e, tz)}" for e in chronology.entries]
    return "\n".join(lines)
