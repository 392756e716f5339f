"""MASH triage in plain words: replies to commands, the queue, a case, and the chronology export.

The console prints these as they are; Slack shows them in ephemeral replies and modals. No
platform markup here (messages.screens.triage describes the screens with the same words).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from messages.child_words import child_named, gender_word
from messages.i18n import N_, _, format_date, format_datetime, ngettext
from messages.render import Platform
from messages.vocabulary import vocabulary
from workflows.children import DESCRIBED, NOT_KNOWN, name_known
from workflows.triage.results import (
    Answered,
    Assessed,
    CaseView,
    ClaimResult,
    Decided,
    QueueRow,
    SentRequest,
    Suggestion,
    UrgencySet,
)

# The /mash sub-commands, with what each needs and does (the help names them per platform).
_HELP_STAFF: tuple[tuple[str, str], ...] = (
    ("queue", N_("open referrals in your areas, most urgent first")),
    ("mine", N_("the open referrals you own")),
    ("case REF", N_("where a referral is: urgency, owner, requests, decision")),
    ("claim REF", N_("take a referral")),
    ("assign REF EMAIL REASON", N_("give a referral to a colleague (decision makers)")),
    (
        "urgency REF LEVEL [WHY]",
        N_("set Red, Amber or Green: how soon the decision is due (say why when you change it)"),
    ),
    ("request REF AGENCY ...", N_("ask agencies what they hold (for example: health police)")),
    ("assess REF", N_("record the risk level (decision makers)")),
    ("decide REF", N_("record the decision (decision makers)")),
    ("chronology REF", N_("every event on a referral, in time order (export as text)")),
    ("case REF WHY", N_("outside your area: open it in an emergency (your manager is told)")),
    ("access REF", N_("who viewed a referral, when and why (MASH managers)")),
)
_HELP_LEADS: tuple[tuple[str, str], ...] = (
    ("requests", N_("information requests sent to your agency")),
    ("answer NUMBER", N_("answer an information request")),
)
_HELP_EVERYONE: tuple[tuple[str, str], ...] = (
    ("language [CODE]", N_("the language mashbot writes to you in, or change it")),
)


def mash_help(platform: Platform | str) -> str:
    """What `mash` does, each command as `platform` types it."""
    say = vocabulary(platform).command

    def rows(table: tuple[tuple[str, str], ...]) -> list[str]:
        return [f"  {say('mash ' + words)}: {_(what)}" for words, what in table]

    return "\n".join(
        [
            _("Commands for MASH (Multi-Agency Safeguarding Hub) staff:"),
            *rows(_HELP_STAFF),
            _("For agency safeguarding leads:"),
            *rows(_HELP_LEADS),
            _("For everyone:"),
            *rows(_HELP_EVERYONE),
        ]
    )


def details_apart() -> str:
    """The case leaves out who the child is; each platform says how to open the details."""
    return _("The child's name and other details are not shown here; opening them is recorded.")


def went_wrong() -> str:
    """After an unexpected error (a database or Slack failure): nobody may think it worked."""
    return _(
        "Sorry, something went wrong and nothing was saved. Please try again in a minute; if "
        "it keeps failing, tell your MASH admin."
    )


def console_details_hint(reference: str) -> str:
    return _("Type `view %(reference)s` to open the child's details.", reference=reference)


def when(moment: datetime | str | None, tz: str) -> str:
    return format_datetime(moment, tz) if moment else _("not set")


def claimed(result: ClaimResult, platform: Platform | str) -> str:
    say = vocabulary(platform).command
    ref = result.reference
    if result.already_yours:
        return _(
            "You already have %(reference)s. Type %(command)s to work on it.",
            reference=ref,
            command=say(f"mash case {ref}"),
        )
    if result.won:
        return _(
            "You have claimed %(reference)s. Next: set its urgency (how soon the decision is "
            "due) with %(command)s, amber or green.",
            reference=ref,
            command=say(f"mash urgency {ref} red"),
        )
    return _(
        "%(owner)s has already claimed %(reference)s, so it stays with them. Type %(command)s "
        "to find another referral.",
        owner=result.owner_name,
        reference=ref,
        command=say("mash queue"),
    )


def reassigned(result: ClaimResult) -> str:
    return _(
        "%(reference)s is now with %(owner)s. They have been told.",
        reference=result.reference,
        owner=result.owner_name,
    )


def urgency_set(result: UrgencySet, tz: str, platform: Platform | str) -> str:
    request = vocabulary(platform).command(f"mash request {result.reference}")
    facts = {
        "reference": result.reference,
        "level": result.level_label,
        "due": when(result.deadline, tz),
        "command": request,
    }
    if result.overdue:
        return _(
            "%(reference)s is %(level)s: the decision is due by %(due)s. That time has already "
            "passed, so decide as soon as you can. Next: ask partner agencies what they hold "
            "with %(command)s.",
            **facts,
        )
    return _(
        "%(reference)s is %(level)s: the decision is due by %(due)s. Next: ask partner "
        "agencies what they hold with %(command)s.",
        **facts,
    )


def queue_heading(count: int) -> str:
    return _("Open referrals (%(count)s), most urgent first:", count=count)


def mine_heading(count: int) -> str:
    return _("Your open referrals (%(count)s):", count=count)


def queue_empty() -> str:
    return _("There are no open referrals in your areas.")


def mine_empty(platform: Platform | str) -> str:
    queue = vocabulary(platform).command("mash queue")
    return _("You own no open referrals. Type %(command)s to claim one.", command=queue)


def agency_requests(views: list[Any], tz: str, platform: Platform | str) -> list[str]:
    """The information requests sent to a lead's agency, each with how to answer it."""
    if not views:
        return [_("Your agency has no information requests.")]
    say = vocabulary(platform).command
    lines = []
    for v in views:
        facts = {
            "number": v.request_id,
            "reference": v.reference,
            "due": when(v.facts["due_at"], tz),
            "command": say(f"mash answer {v.request_id}"),
        }
        if v.answer:
            line = _(
                "Request %(number)s for referral %(reference)s is answered. To change your "
                "answer, type %(command)s.",
                **facts,
            )
        elif v.overdue:
            line = _(
                "Request %(number)s for referral %(reference)s is overdue: it was due by %(due)s. "
                "A late answer is still welcome: type %(command)s.",
                **facts,
            )
        else:
            line = _(
                "Request %(number)s for referral %(reference)s is due by %(due)s. To answer, "
                "type %(command)s.",
                **facts,
            )
        lines.append(line)
    return lines


def requests_sent(sent: list[SentRequest], tz: str) -> str:
    lines = []
    for s in sent:
        facts = {"number": s.request_id, "agency": s.agency_name, "due": when(s.due_at, tz)}
        if s.sent_to == "channel":
            lines.append(
                _(
                    "Request %(number)s sent to %(agency)s (in its channel), due by %(due)s.",
                    **facts,
                )
            )
        else:
            lines.append(
                _(
                    "Request %(number)s sent to %(agency)s (to its safeguarding leads), due by "
                    "%(due)s.",
                    **facts,
                )
            )
    lines.append(_("Requests not answered in time are chased when due; answers come to you."))
    return "\n".join(lines)


def answered(result: Answered) -> str:
    facts = {"number": result.request_id, "answer": result.kind_label}
    if result.replaced:
        return _(
            "Thank you. Your answer to request %(number)s (%(answer)s) is with the MASH; it "
            "replaces your earlier answer, which stays on the record.",
            **facts,
        )
    return _("Thank you. Your answer to request %(number)s (%(answer)s) is with the MASH.", **facts)


def suggestion_line(s: Suggestion) -> str:
    """The screening score as a signs checklist: a count of ticked signs, never a danger rating."""
    base = _(
        "Signs checklist: %(band)s (score %(score)s). It counts the signs the reporter ticked; "
        "it does not measure danger.",
        band=s.band,
        score=s.score,
    )
    if s.level_label is None:
        return base + " " + _("It suggests no risk level.")
    if s.raised_for_age:
        return (
            base
            + " "
            + _(
                "It suggests the risk level %(level)s, raised because of the child's age.",
                level=s.level_label,
            )
        )
    return base + " " + _("It suggests the risk level %(level)s.", level=s.level_label)


def assessed(result: Assessed) -> str:
    text = _(
        "Risk level for %(reference)s recorded as %(level)s.",
        reference=result.reference,
        level=result.level_label,
    )
    if result.override and result.suggested_label:
        text += " " + _(
            "The signs checklist suggested %(level)s; your rationale is recorded.",
            level=result.suggested_label,
        )
    elif result.override:
        text += " " + _("The signs checklist suggested no level; your rationale is recorded.")
    return text + " " + _("Next: record the decision (Decide, on the case).")


def decided(result: Decided) -> str:
    outcome = "; ".join(result.outcome_labels)
    if result.crime_team_label:
        outcome = _("%(outcome)s (%(team)s)", outcome=outcome, team=result.crime_team_label)
    said = [
        _(
            "Decision on %(reference)s recorded: %(outcome)s.",
            reference=result.reference,
            outcome=outcome,
        )
    ]
    if result.mase_held:
        said.append(
            _(
                "It is held for the agenda of the next MASE (multi-agency sexual exploitation) "
                "meeting."
            )
        )
    if result.on_time is False:
        said.append(_("It was made after it was due, and that is recorded."))
    said.append(_("The reporter has been sent a short update."))
    return " ".join(said)


def _urgency(rag_label: str | None, deadline: datetime | None, overdue: bool, tz: str) -> str:
    if not rag_label:
        return _("not set")
    if overdue:
        return _(
            "%(level)s, decision was due by %(due)s (overdue)",
            level=rag_label,
            due=when(deadline, tz),
        )
    return _("%(level)s, decision due by %(due)s", level=rag_label, due=when(deadline, tz))


def queue_lines(rows: list[QueueRow], tz: str, empty: str) -> list[str]:
    if not rows:
        return [empty]
    lines = []
    for r in rows:
        parts = [r.reference]
        if r.immediate_danger:
            parts.append(_("immediate danger reported"))
        parts.append(r.area_name)
        parts.append(
            _urgency(r.rag_label, r.deadline_at, r.overdue, tz) if r.rag_label else _("not rated")
        )
        parts.append(_("owner: %(owner)s", owner=r.owner_name or _("nobody")))
        if r.requests_overdue:
            parts.append(
                _(
                    "requests waiting: %(waiting)s (%(overdue)s overdue)",
                    waiting=r.requests_waiting,
                    overdue=r.requests_overdue,
                )
            )
        elif r.requests_waiting:
            parts.append(_("requests waiting: %(waiting)s", waiting=r.requests_waiting))
        lines.append(" | ".join(parts))
    return lines


REQUEST_STATE = {
    "waiting": N_("waiting"),
    "overdue": N_("overdue"),
    "answered": N_("answered"),
    "answered late": N_("answered late"),
}

MASE_STAGE = {
    "held": N_("held for the next MASE agenda"),
    "withdrawn": N_("no longer referred: a corrected decision withdrew it"),
    "listed": N_("listed for %(meeting)s"),
}


def _request_line(r: Any, tz: str) -> str:
    state = _(REQUEST_STATE[r.state]) if r.state in REQUEST_STATE else r.state
    line = _(
        "%(number)s. %(agency)s: %(state)s (due by %(due)s)",
        number=r.request_id,
        agency=r.agency_name,
        state=state,
        due=when(r.due_at, tz),
    )
    if r.chases:
        line += ", " + ngettext("chased %(num)d time", "chased %(num)d times", r.chases)
    if r.answer_label:
        line += f": {r.answer_label}"
    if r.held_by:
        line += ", " + _("held by %(who)s", who=r.held_by)
    if r.answer_text:
        line += f": {r.answer_text}"
    return "  " + line


def case_lines(case: CaseView, tz: str) -> list[str]:
    lines = [_("Immediate danger reported.")] if case.immediate_danger else []
    lines += [
        _(
            "Referral %(reference)s (%(area)s), received %(received)s from %(agency)s.",
            reference=case.reference,
            area=case.area_name,
            received=when(case.received_at, tz),
            agency=case.agency_name,
        ),
        (_("Status: decided.") if case.status == "decided" else _("Status: open."))
        + " "
        + _("Owner: %(owner)s.", owner=case.owner_name or _("nobody")),
        _(
            "Urgency: %(urgency)s.",
            urgency=_urgency(case.rag_label, case.deadline_at, case.overdue, tz),
        ),
        suggestion_line(case.suggestion),
    ]
    if case.requests:
        lines.append(_("Information requests:"))
    lines += [_request_line(r, tz) for r in case.requests]
    if case.assessment:
        a = case.assessment
        line = _(
            "Risk level: %(level)s (by %(who)s, %(at)s)",
            level=a.level_label,
            who=a.by_name,
            at=when(a.at, tz),
        )
        if a.suggested_label != a.level_label:
            line += "; " + _("the signs checklist suggested %(level)s", level=a.suggested_label)
        if a.rationale:
            line += "; " + _("rationale: %(rationale)s", rationale=a.rationale)
        lines.append(line)
    if case.decision:
        d = case.decision
        outcome = "; ".join(d.outcome_labels)
        if d.crime_team_label:
            outcome = _("%(outcome)s (%(team)s)", outcome=outcome, team=d.crime_team_label)
        line = _(
            "Decision: %(outcome)s by %(who)s, %(at)s; why: %(why)s",
            outcome=outcome,
            who=d.by_name,
            at=when(d.at, tz),
            why=d.rationale,
        )
        if d.correction_reason:
            line += " " + _("(corrected: %(reason)s)", reason=d.correction_reason)
        lines.append(line)
    if case.mase:
        stage = _(MASE_STAGE[case.mase.stage], meeting=case.mase.meeting)
        lines.append(_("MASE meeting: %(stage)s", stage=stage))
    lines.append(details_apart())
    return lines


# How a request's shared details are labelled (workflows.triage.requests.SHAREABLE's keys).
SEARCH_LABELS = {
    "age": N_("Approximate age"),
    "gender": N_("Gender"),
    "dob": N_("Date of birth"),
    "name": N_("Name"),
    "school": N_("School or setting"),
}


def search_labels() -> dict[str, str]:
    """The shareable details' labels in the reader's language."""
    return {key: _(label) for key, label in SEARCH_LABELS.items()}


def search_line(key: str, value: str) -> str:
    """One shared detail, a date of birth as "2 May 2011", a gender and a name not known in words;
    a request sent before details were stored by key (or codes) holds its words already."""
    if key == DESCRIBED:
        return child_named(NOT_KNOWN, value)
    if key == "dob":
        value = birth_date(value)
    elif key == "gender":
        value = gender_word(value)
    elif key == "name" and not name_known(value):
        value = _("Not known")
    label = _(SEARCH_LABELS[key]) if key in SEARCH_LABELS else key
    return _("%(label)s: %(value)s", label=label, value=value)


def birth_date(value: str) -> str:
    """A date of birth as "2 May 2011"; one stored another way before is left as it is."""
    try:
        return format_date(date.fromisoformat(value), weekday=False)
    except ValueError:
        return value


def request_lines(facts: dict[str, Any], overdue: bool, tz: str) -> list[str]:
    """One request for its agency's lead: the question, what to search, basis, due time."""
    due = _("Answer by %(due)s.", due=when(facts["due_at"], tz))
    if overdue:
        due += " " + _("It is overdue: a late answer is still welcome.")
    return [
        _(
            "Information request %(number)s for %(agency)s, about referral %(reference)s, from "
            "the %(area)s MASH (Multi-Agency Safeguarding Hub).",
            number=facts["request_id"],
            agency=facts["agency_name"],
            reference=facts["reference"],
            area=facts["area_name"],
        ),
        _("What the MASH needs to know: %(question)s", question=facts["question"]),
        _(
            "Search your records for: %(details)s",
            details="; ".join(search_line(key, value) for key, value in facts["search_details"]),
        ),
        _("Why the MASH may ask (lawful basis): %(basis)s", basis=facts["lawful_basis"]),
        due,
    ]
