"""A referral's chronology in plain words: each event a whole sentence, and the text export."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from messages.i18n import N_, _
from messages.triage_text import when
from workflows.triage.results import Chronology, ChronologyEntry

# What someone tried and was refused, for the chronology, each a whole sentence.
REFUSED = {
    "view_case": N_("%(who)s tried to open the case and was refused, so nothing changed."),
    "claim": N_("%(who)s tried to claim the referral and was refused, so nothing changed."),
    "chronology": N_("%(who)s tried to read the chronology and was refused, so nothing changed."),
    "export_chronology": N_(
        "%(who)s tried to export the chronology and was refused, so nothing changed."
    ),
    "set_urgency": N_("%(who)s tried to set the urgency and was refused, so nothing changed."),
    "request_information": N_(
        "%(who)s tried to ask agencies what they hold and was refused, so nothing changed."
    ),
    "assess_risk": N_(
        "%(who)s tried to record the risk level and was refused, so nothing changed."
    ),
    "decide": N_("%(who)s tried to record the decision and was refused, so nothing changed."),
    "reassign": N_(
        "%(who)s tried to give the referral to someone else and was refused, so nothing changed."
    ),
    "view_information_request": N_(
        "%(who)s tried to open an information request and was refused, so nothing changed."
    ),
    "answer_information_request": N_(
        "%(who)s tried to answer an information request and was refused, so nothing changed."
    ),
    "list_for_mase": N_(
        "%(who)s tried to list the referral for MASE and was refused, so nothing changed."
    ),
}

# Events told in one sentence with no facts but who did it.
SIMPLE = {
    "referral_claimed": N_("%(who)s claimed the referral."),
    "claim_lost": N_("%(who)s tried to claim it, but it was already claimed."),
    "claim_repeated": N_("%(who)s claimed it again; it was already theirs, so nothing changed."),
    "case_viewed": N_("%(who)s looked at the case."),
    "details_viewed": N_("%(who)s opened the child's details."),
    "details_refused": N_("%(who)s was refused the child's details."),
    "own_concern_viewed": N_("%(who)s (the reporter) opened what they sent."),
    "assessment_opened": N_("%(who)s opened the risk assessment."),
    "chronology_viewed": N_("%(who)s read the chronology."),
    "chronology_exported": N_("%(who)s exported the chronology."),
    "deadline_reminder_sent": N_("mashbot reminded the owner that the decision is nearly due."),
    "deadline_passed_alerted": N_("mashbot told the decision makers the decision is overdue."),
}


def describe(entry: ChronologyEntry, tz: str) -> str:  # noqa: PLR0911 - one event, one answer
    """One chronology event as a sentence."""
    f = entry.facts
    who = entry.actor_name
    action = entry.action
    if action in SIMPLE:
        return _(SIMPLE[action], who=who)
    if action == "concern_reported":
        if f.get("immediate_danger"):
            return _(
                "%(who)s (%(agency)s) reported the concern. Immediate danger was reported.",
                who=who,
                agency=f.get("agency_name"),
            )
        return _("%(who)s (%(agency)s) reported the concern.", who=who, agency=f.get("agency_name"))
    if action == "referral_reassigned":
        return _(
            "%(who)s gave the referral to %(owner)s. Reason: %(reason)s",
            who=who,
            owner=f.get("owner_name"),
            reason=f.get("reason"),
        )
    if action == "urgency_set":
        text = _(
            "%(who)s set the urgency to %(level)s; decision due by %(due)s.",
            who=who,
            level=f.get("level_label"),
            due=when(f.get("deadline_at"), tz),
        )
        return text + (" " + _("Reason: %(reason)s", reason=f["reason"]) if f.get("reason") else "")
    if action == "information_requested":
        return _(
            "%(who)s asked %(agency)s what they hold (request %(number)s), due by %(due)s.",
            who=who,
            agency=f.get("agency_name"),
            number=f.get("request_id"),
            due=when(f.get("due"), tz),
        )
    if action == "information_request_chased":
        return _(
            "mashbot chased %(agency)s for request %(number)s, now overdue.",
            agency=f.get("agency_name"),
            number=f.get("request_id"),
        )
    if action == "information_request_listed":
        return _(
            "%(who)s saw request %(number)s, with the details it shares, in their agency's list.",
            who=who,
            number=f.get("request_id"),
        )
    if action == "information_request_viewed":
        return _(
            "%(who)s (%(agency)s) opened request %(number)s.",
            who=who,
            agency=f.get("agency_name"),
            number=f.get("request_id"),
        )
    if action == "information_answered":
        return _answered(who, f)
    if action == "risk_assessed":
        return _risk_assessed(who, f)
    if action == "decision_recorded":
        return _decision(who, f)
    if action == "reporter_updated":
        return _(
            "mashbot sent %(reporter)s (the reporter) a short update on the outcome.",
            reporter=f.get("reporter_name"),
        )
    if action == "mase_listed":
        return _(
            "%(who)s listed the referral for MASE meeting %(meeting)s.",
            who=who,
            meeting=f.get("meeting"),
        )
    if action == "access_refused":
        wanted = str(f.get("wanted", ""))
        if wanted in REFUSED:
            return _(REFUSED[wanted], who=who)
        return _(
            "%(who)s tried to %(wanted)s and was refused, so nothing changed.",
            who=who,
            wanted=wanted.replace("_", " "),
        )
    return f"{who}: {action.replace('_', ' ')}."


def _answered(who: str, f: dict[str, Any]) -> str:
    facts = {"who": who, "agency": f.get("agency_name"), "number": f.get("request_id")}
    facts["answer"] = f.get("kind_label")
    if f.get("late"):
        text = _("%(who)s answered for %(agency)s (request %(number)s), late: %(answer)s", **facts)
    else:
        text = _("%(who)s answered for %(agency)s (request %(number)s): %(answer)s", **facts)
    if f.get("held_by"):
        text += ", " + _("held by %(who)s", who=f["held_by"])
    return text + (f". {f['text']}" if f.get("text") else ".")


def _risk_assessed(who: str, f: dict[str, Any]) -> str:
    level = f.get("level_label")
    if f.get("override") and f.get("suggested_label"):
        text = _(
            "%(who)s recorded the risk as %(level)s (the signs checklist suggested %(suggested)s)",
            who=who,
            level=level,
            suggested=f.get("suggested_label"),
        )
    elif f.get("override"):
        text = _(
            "%(who)s recorded the risk as %(level)s (the signs checklist suggested no level)",
            who=who,
            level=level,
        )
    else:
        text = _("%(who)s recorded the risk as %(level)s", who=who, level=level)
    if f.get("rationale"):
        return text + ". " + _("Rationale: %(rationale)s", rationale=f["rationale"])
    return text + "."


def _decision(who: str, f: dict[str, Any]) -> str:
    outcome = "; ".join(f.get("outcome_labels") or [])
    if f.get("crime_team_label"):
        outcome = _("%(outcome)s (%(team)s)", outcome=outcome, team=f["crime_team_label"])
    text = _(
        "%(who)s decided: %(outcome)s. Why: %(why)s",
        who=who,
        outcome=outcome,
        why=f.get("rationale"),
    )
    if f.get("correction_reason"):
        text += " " + _(
            "This corrects the earlier decision: %(reason)s", reason=f["correction_reason"]
        )
    return text


def _times_are(tz: str) -> str:
    if tz == "Europe/London":
        return _("All times are UK time.")
    return _("All times are in the %(zone)s time zone.", zone=tz)


def chronology_text(chronology: Chronology, tz: str, exported_at: datetime) -> str:
    """The chronology as a plain-text document, for the case file."""
    lines = [
        _(
            "Chronology of referral %(reference)s (%(area)s MASH)",
            reference=chronology.reference,
            area=chronology.area_name,
        ),
        _("Exported %(at)s.", at=when(exported_at, tz))
        + " "
        + _times_are(tz)
        + " "
        + _("Confidential: safeguarding record."),
        "",
    ]
    lines += [f"{when(e.at, tz)}  {describe(e, tz)}" for e in chronology.entries]
    return "\n".join(lines)
