"""MASH triage in plain words: replies to commands, the queue, a case, and the chronology export.

The console prints these as they are; Slack shows them in ephemeral replies and modals. No
platform markup here (messages.screens.triage describes the screens with the same words).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from messages.i18n import format_datetime as _when
from messages.labels import MASE_STAGE
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

MASH_HELP = """/mash commands for MASH staff:
  /mash queue                      open referrals in your areas, by deadline
  /mash mine                       the open referrals you own
  /mash case REF                   where a referral is: urgency, owner, requests, decision
  /mash claim REF                  take a referral
  /mash assign REF EMAIL REASON    give a referral to a colleague (decision makers)
  /mash urgency REF LEVEL [WHY]    set red, amber or green (say why when you change it)
  /mash request REF AGENCY ...     ask agencies what they hold (for example: health police)
  /mash assess REF                 record the risk level (decision makers)
  /mash decide REF                 record the decision (decision makers)
  /mash chronology REF             every event on a referral, in time order (export as text)
  /mash case REF WHY               outside your area: open it in an emergency (manager told)
  /mash access REF                 who viewed a referral, when and why (MASH managers)
For agency safeguarding leads:
  /mash requests                   requests sent to your agency
  /mash answer NUMBER              answer a request
For everyone:
  /mash language [CODE]            the language mashbot writes to you in, or change it"""


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


def claimed(result: ClaimResult) -> str:
    if result.already_yours:
        return f"You already have {result.reference}. Type /mash case {result.reference} to work on it."
    if result.won:
        return (
            f"You have claimed {result.reference}. Next: set its urgency with "
            f"/mash urgency {result.reference} red, amber or green."
        )
    return (
        f"{result.owner_name} has already claimed {result.reference}, so it stays with them. "
        "Type /mash queue to find another referral."
    )


def reassigned(result: ClaimResult) -> str:
    return f"{result.reference} is now with {result.owner_name}. They have been told."


def urgency_set(result: UrgencySet, tz: str) -> str:
    text = f"{result.reference} is {result.level_label}: the decision is due {when(result.deadline, tz)}."
    if result.overdue:
        text += " That time has already passed, so decide as soon as you can."
    return text + " Next: ask partner agencies what they hold with /mash request."


def requests_sent(sent: list[SentRequest], tz: str) -> str:
    lines = [
        f"Request {s.request_id} sent to {s.agency_name}"
        + (" (in its channel)" if s.sent_to == "channel" else " (to its safeguarding leads)")
        + f", due {when(s.due_at, tz)}."
        for s in sent
    ]
    return "\n".join(lines + ["Unanswered requests are chased when due; answers come to you."])


def answered(result: Answered) -> str:
    text = f"Thank you. Your answer to request {result.request_id} ({result.kind_label}) is with the MASH"
    if result.replaced:
        text += "; it replaces your earlier answer, which stays on the record"
    return text + "."


def suggestion_line(s: Suggestion) -> str:
    base = f"Screening: {s.band} (score {s.score})"
    if s.level_label is None:
        return base + "; it does not suggest a level."
    extra = " (raised because of the child's age)" if s.raised_for_age else ""
    return f"{base}; it suggests {s.level_label}{extra}."


def assessed(result: Assessed) -> str:
    text = f"Risk for {result.reference} recorded as {result.level_label}"
    if result.override:
        text += f" (the screening suggested {result.suggested_label or 'no level'}; your rationale is recorded)"
    return text + f". Next: /mash decide {result.reference}."


def decided(result: Decided) -> str:
    text = f"Decision on {result.reference} recorded: {'; '.join(result.outcome_labels)}"
    if result.crime_team_label:
        text += f" ({result.crime_team_label})"
    text += "."
    if result.mase_held:
        text += " It is held for the next MASE agenda."
    if result.on_time is False:
        text += " It was made after the deadline, and that is recorded."
    return text + " The reporter has been sent a short update."


def queue_lines(rows: list[QueueRow], tz: str, empty: str) -> list[str]:
    if not rows:
        return [empty]
    lines = []
    for r in rows:
        urgency = f"{r.rag_label}, due {when(r.deadline_at, tz)}" if r.rag_label else "not rated"
        if r.overdue:
            urgency += " (OVERDUE)"
        requests = ""
        if r.requests_waiting:
            requests = f" | requests waiting: {r.requests_waiting}"
            if r.requests_overdue:
                requests += f" ({r.requests_overdue} overdue)"
        danger = " | immediate danger" if r.immediate_danger else ""
        lines.append(
            f"{r.reference} | {r.area_name} | {urgency} | owner: {r.owner_name or 'nobody'}"
            f"{requests}{danger}"
        )
    return lines


def case_lines(case: CaseView, tz: str) -> list[str]:
    lines = [
        f"{case.reference} | {case.area_name} | received {when(case.received_at, tz)} from "
        f"{case.agency_name}" + (" | immediate danger" if case.immediate_danger else ""),
        f"Status: {'decided' if case.status == 'decided' else 'open'} | owner: "
        f"{case.owner_name or 'nobody'}",
        "Urgency: "
        + (
            f"{case.rag_label}, decision due {when(case.deadline_at, tz)}"
            + (" (OVERDUE)" if case.overdue else "")
            if case.rag_label
            else "not set"
        ),
        suggestion_line(case.suggestion),
    ]
    if case.requests:
        lines.append("Information requests:")
    for r in case.requests:
        line = f"  {r.request_id}. {r.agency_name}: {r.state} (due {when(r.due_at, tz)})"
        if r.chases:
            line += f", chased {r.chases}x"
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
            f"Risk: {a.level_label} (by {a.by_name}, {when(a.at, tz)})"
            + (f"; suggested {a.suggested_label}" if a.suggested_label != a.level_label else "")
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
        lines.append(f"MASE: {MASE_STAGE[case.mase.stage].format(meeting=case.mase.meeting)}")
    lines.append(DETAILS_APART)
    return lines


def request_lines(facts: dict[str, Any], overdue: bool, tz: str) -> list[str]:
    """One request for its agency's lead: the question, what to search, basis, due time."""
    lines = [
        f"Request {facts['request_id']} to {facts['agency_name']} for referral "
        f"{facts['reference']} ({facts['area_name']} MASH)",
        f"Question: {facts['question']}",
        "Search your records for: "
        + "; ".join(f"{label}: {value}" for label, value in facts["search_details"]),
        f"Lawful basis: {facts['lawful_basis']}",
        f"Due: {when(facts['due_at'], tz)}"
        + (" (OVERDUE: a late answer is still welcome)" if overdue else ""),
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
        "own_concern_viewed": f"{who} (the reporter) opened what they sent.",
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
        text = f"{who} set the urgency to {f.get('level_label')}; decision due {when(f.get('deadline_at'), tz)}."
        return text + (f" Reason: {f['reason']}" if f.get("reason") else "")
    if entry.action == "information_requested":
        return f"{who} asked {f.get('agency_name')} what they hold (request {f.get('request_id')}), due {when(f.get('due'), tz)}."
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
            text += f" (the screening suggested {f.get('suggested_label') or 'no level'})"
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


def chronology_text(chronology: Chronology, tz: str, exported_at: datetime) -> str:
    """The chronology as a plain-text document, for the case file."""
    lines = [
        f"Chronology of referral {chronology.reference} ({chronology.area_name} MASH)",
        f"Exported {when(exported_at, tz)}. Times are local ({tz}). Confidential: safeguarding record.",
        "",
    ]
    lines += [f"{when(e.at, tz)}  {describe(e, tz)}" for e in chronology.entries]
    return "\n".join(lines)
