"""The sentences for every refusal and problem a workflow reports, in each platform's vocabulary.

A workflow raises a reason with facts (`AccessDenied(Reason.CLAIM_FIRST, ref=...)`); the entry
point says `say(error, platform)`. Each sentence is plain and polite, blames nobody, and says
what to do next and who to ask. Commands come from messages.vocabulary, so each platform is
told what exists there.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from messages.i18n import N_, _, ngettext
from messages.languages import unknown
from messages.render import Platform
from messages.vocabulary import Vocabulary, vocabulary
from workflows.errors import InvalidInput, Problem, Reason, Task, WorkflowError
from workflows.forms import FieldProblem

# What a person was doing, to end "Only ... can ...": translated where used.
TASKS: dict[Task, str] = {
    Task.ASSESS: N_("record a risk assessment"),
    Task.DECIDE: N_("record the decision"),
    Task.REASSIGN: N_("reassign a referral"),
    Task.SET_URGENCY: N_("set its urgency"),
    Task.REQUEST_INFORMATION: N_("ask agencies what they hold"),
    Task.EDIT_SERIES: N_("set up or change the meeting series"),
    Task.POST_AGENDA: N_("post the agenda"),
    Task.RECORD_MINUTES: N_("record the minutes"),
    Task.SCHEDULE_MAP: N_("schedule a MAP meeting"),
    Task.VIEW_SERIES: N_("see the meeting series"),
    Task.VIEW_AGENDA: N_("see the agenda"),
    Task.DOWNLOAD_AGENDA: N_("open the full agenda"),
    Task.VIEW_MAP_AGENDA: N_("see this MAP agenda"),
    Task.ANSWER_MAP_DATES: N_("answer for this MAP meeting's dates"),
}

# What the data protection officer alone may do (the workflow's `doing`), translated where used.
DPO_TASKS: dict[str, str] = {
    "export a subject access request": N_("export a subject access request"),
    "run retention": N_("run retention"),
}

# An action's state, after "is already" (the workflow's `status`).
CLOSED_STATUS: dict[str, str] = {"completed": N_("complete"), "cancelled": N_("cancelled")}

PROBLEMS_SHOWN = 30  # the first problems of a file; a 100,000-row file's would fill every screen

Facts = dict[str, Any]
Wording = Callable[[Facts, Vocabulary], str]


def _task(f: Facts) -> str:
    return _(TASKS[Task(f["task"])])


def _decision_makers(f: Facts, w: Vocabulary) -> str:
    names = ", ".join(f.get("names") or [])
    if not names:
        return _(
            "Only a MASH decision maker can %(task)s. Ask a MASH decision maker for your area "
            "to do it for %(ref)s.",
            task=_task(f),
            ref=f["ref"],
        )
    return _(
        "Only a MASH decision maker can %(task)s. Ask %(names)s to do it for %(ref)s.",
        task=_task(f),
        names=names,
        ref=f["ref"],
    )


def _import_rejected(f: Facts, _w: Vocabulary) -> str:
    problems = f["problems"]
    lines = [_("Nothing was imported. Please fix these and try again:")]
    lines += [f"  {problem}" for problem in problems[:PROBLEMS_SHOWN]]
    if len(problems) > PROBLEMS_SHOWN:
        more = len(problems) - PROBLEMS_SHOWN
        lines.append("  " + ngettext("and %(num)d more", "and %(num)d more", more))
    return "\n".join(lines)


def _series_area(f: Facts, w: Vocabulary) -> str:
    areas = list(f["areas"])
    return _(
        "Each area has its own MASE meeting: add the area to the command, one of %(areas)s "
        "(for example %(example)s).",
        areas=", ".join(areas),
        example=w.command(f"mase next {areas[0]}"),
    )


def _dpo_only(f: Facts, _w: Vocabulary) -> str:
    doing = f["doing"]
    return _(
        "Only the data protection officer (DPO) can %(doing)s. Please ask your DPO: the person "
        "with the dpo role in the partnership file.",
        doing=_(DPO_TASKS[doing]) if doing in DPO_TASKS else doing,
    )


def _hold_needs_reason(f: Facts, _w: Vocabulary) -> str:
    if f["doing"] == "lift":
        return _(
            "Say why you are lifting the hold, in at least %(least)d characters (for "
            "example: the civil claim has been settled). Nothing has been changed yet.",
            least=f["least"],
        )
    return _(
        "Say why you are setting the hold, in at least %(least)d characters (for "
        "example: civil claim notified by legal services). Nothing has been changed yet.",
        least=f["least"],
    )


def _action_closed(f: Facts, _w: Vocabulary) -> str:
    status = f["status"]
    return _(
        "%(ref)s is already %(status)s, so there is nothing to update.",
        ref=f["ref"],
        status=_(CLOSED_STATUS[status]) if status in CLOSED_STATUS else status,
    )


def _sentences() -> dict[Reason, Wording]:
    """Every reason's sentence, built when asked (so each is translated in the current locale)."""
    return {
        Reason.REFERRAL_NOT_FOUND: lambda f, w: _(
            "There is no referral with the reference %(ref)s in the areas you cover. Check it, "
            "or type %(queue)s to see open referrals. If it belongs to another area, please ask "
            "that area's MASH.",
            ref=f["ref"],
            queue=w.command("mash queue"),
        ),
        Reason.NOT_MASH: lambda f, w: _(
            "Sorry, only MASH staff can see or work on referrals. If you reported a concern, you "
            "can follow its status %(home)s.",
            home=w.home(),
        ),
        Reason.NOT_MASH_REPORTER: lambda f, w: _(
            "You reported %(ref)s, so you can follow its status %(home)s. Only MASH staff can "
            "open the referral itself.",
            ref=f["ref"],
            home=w.home(),
        ),
        Reason.NOT_MASH_AGENCY_LEAD: lambda f, w: _(
            "Sorry, as a safeguarding lead you can see only the requests sent to your agency, "
            "not the referral itself. Type %(requests)s to see them.",
            requests=w.command("mash requests"),
        ),
        Reason.DECISION_MAKERS_ONLY: _decision_makers,
        Reason.CLAIM_FIRST: lambda f, w: _(
            "Claim %(ref)s first (%(claim)s), then %(task)s.",
            ref=f["ref"],
            claim=w.command(f"mash claim {f['ref']}"),
            task=_task(f),
        ),
        Reason.OWNED_BY_OTHER: lambda f, w: _(
            "%(owner)s owns %(ref)s, so only they or a decision maker can %(task)s.",
            owner=f["owner"],
            ref=f["ref"],
            task=_task(f),
        ),
        Reason.ASSESS_FIRST: lambda f, w: _(
            "Record the risk assessment first (%(assess)s), then decide.",
            assess=w.command(f"mash assess {f['ref']}"),
        ),
        Reason.DETAILS_NOT_FOUND: lambda f, w: _(
            "Sorry, you cannot open the details of %(ref)s: there is no such concern, or it is "
            "not one you may open. Only MASH staff for a concern's area can open its details. "
            "If you need to know more, call the MASH.",
            ref=f["ref"],
        ),
        Reason.REQUEST_NOT_FOUND: lambda f, w: _(
            "There is no information request %(number)s for your agency to answer. Check the "
            "number in the request message, or type %(requests)s to see your agency's "
            "requests.",
            number=f["number"],
            requests=w.command("mash requests"),
        ),
        Reason.REQUESTS_LEADS_ONLY: lambda f, w: _(
            "Only agency safeguarding leads have information requests to answer."
        ),
        Reason.MASE_ONLY: lambda f, w: _(
            "Referrals held for MASE are open only to the MASE chair and MASH staff. If you "
            "need something on the agenda, please ask the MASE chair."
        ),
        Reason.MASE_AREA_NOT_COVERED: lambda f, w: _(
            "You do not cover %(area)s, so its referrals held for MASE are not shown to you. "
            "Please ask the %(area)s MASH.",
            area=f["area"],
        ),
        Reason.MASE_LIST_NOT_COVERED: lambda f, w: _(
            "%(ref)s is a %(area)s referral, and only MASH staff covering %(area)s can list it "
            "for MASE. Nothing was listed. Please ask the %(area)s MASH.",
            ref=f["ref"],
            area=f["area"],
        ),
        Reason.DRAFT_GONE: lambda f, w: _(
            "That draft no longer exists. To start a new concern, type %(concern)s.",
            concern=w.command("concern"),
        ),
        Reason.DRAFT_NOT_YOURS: lambda f, w: _(
            "That draft belongs to someone else, so you cannot open it. To start your own "
            "concern, type %(concern)s.",
            concern=w.command("concern"),
        ),
        Reason.CONCERN_ALREADY_SENT: lambda f, w: _(
            "This concern has already been sent to the MASH as %(ref)s. You can follow its "
            "status %(home)s.",
            ref=f["ref"],
            home=w.home(),
        ),
        Reason.PLAN_NOT_FOUND: lambda f, w: _(
            "There is no plan called %(name)s. Type %(mine)s to see the actions you lead.",
            name=f["name"],
            mine=w.command("actions mine"),
        ),
        Reason.PLAN_REFUSED: lambda f, w: _(
            "Sorry, you cannot see the plan %(name)s. Its owner, the MASE chair and admins can. "
            "Type %(mine)s to see the actions you lead.",
            name=f["name"],
            mine=w.command("actions mine"),
        ),
        Reason.ACTION_NOT_IN_PLAN: lambda f, w: _(
            "Plan %(plan)s has no action %(number)s. Please check the number.",
            plan=f["plan"],
            number=f["number"],
        ),
        Reason.ACTION_NOT_LED: lambda f, w: _(
            "You lead no action numbered %(number)s. Type %(mine)s to see yours, or give the "
            "plan too, like cse-2026:1.2a.",
            number=f["number"],
            mine=w.command("actions mine"),
        ),
        Reason.ACTION_AMBIGUOUS: lambda f, w: _(
            "You lead more than one action %(number)s. Please say which: %(choices)s.",
            number=f["number"],
            choices=", ".join(f["choices"]),
        ),
        Reason.ACTION_GONE: lambda f, w: _(
            "That action no longer exists. Type %(mine)s to see yours.",
            mine=w.command("actions mine"),
        ),
        Reason.NOT_THE_LEAD: lambda f, w: _(
            "Sorry, only the lead of %(ref)s (%(lead)s) can update it. If the lead has "
            "changed, ask the plan owner to change it.",
            ref=f["ref"],
            lead=f["lead"],
        ),
        Reason.ACTION_CLOSED: _action_closed,
        Reason.NO_EARLIER_RATING: lambda f, w: _(
            "%(ref)s has no earlier RAG rating (Red, Amber or Green) to carry over. Please "
            "give one with %(answer)s.",
            ref=f["ref"],
            answer=w.answer_for(f["ref"]),
        ),
        Reason.ONLY_REMINDERS_SNOOZE: lambda f, w: _(
            "Only a reminder can be snoozed. Please answer with %(answer)s.",
            answer=w.answer_for(f["ref"]),
        ),
        Reason.NO_REMINDER: lambda f, w: _(
            "There is no reminder about %(ref)s to snooze. You can answer with %(answer)s.",
            ref=f["ref"],
            answer=w.answer_for(f["ref"]),
        ),
        Reason.ALREADY_SNOOZED: lambda f, w: _(
            "You have already snoozed this reminder about %(ref)s once (%(earlier)s). Please "
            "answer with %(answer)s.",
            ref=f["ref"],
            earlier=f["earlier_reason"],
            answer=w.answer_for(f["ref"]),
        ),
        Reason.IMPORT_REJECTED: _import_rejected,
        Reason.MEETING_CHAIRS_ONLY: lambda f, w: _(
            "Sorry, only the MASE chair, the deputy chair and admins can %(task)s. Ask the "
            "chair if something needs changing.",
            task=_task(f),
        ),
        Reason.MEETING_MEMBERS_ONLY: lambda f, w: _(
            "Sorry, only members of the meeting can %(task)s. Ask the MASE chair if you need "
            "to attend.",
            task=_task(f),
        ),
        Reason.NO_SERIES: lambda f, w: (
            _(
                "There is no MASE meeting series for that yet. A chair or admin can set one up "
                "with %(schedule)s.",
                schedule=w.command("mase schedule set"),
            )
            if w.has("mase schedule set")
            else _(
                "There is no MASE meeting series for that yet. Please ask the MASE chair or an "
                "admin to set one up."
            )
        ),
        Reason.SERIES_AREA_NEEDED: _series_area,
        Reason.NO_MEETING_ON_DATE: lambda f, w: _(
            "There is no MASE meeting on that date. Type %(next)s to see when the next one is.",
            next=w.command("mase next"),
        ),
        Reason.MEETING_GONE: lambda f, w: _(
            "That meeting no longer exists. Type %(next)s to see the next one.",
            next=w.command("mase next"),
        ),
        Reason.NO_MASE_HELD: lambda f, w: _(
            "No MASE meeting has taken place yet, so there are no minutes to record. Type "
            "%(next)s to see when the next one is.",
            next=w.command("mase next"),
        ),
        Reason.NO_MAP: lambda f, w: (
            _(
                "%(ref)s has no MAP meeting yet. A chair can set one up with %(schedule)s.",
                ref=f["ref"],
                schedule=w.command(f"map schedule {f['ref']}"),
            )
            if w.has("map schedule")
            else _(
                "%(ref)s has no MAP meeting yet. Please ask the MASE chair to set one up.",
                ref=f["ref"],
            )
        ),
        Reason.NO_MAP_HELD: lambda f, w: _(
            "%(ref)s has had no MAP meeting yet, so there are no minutes to record. Type "
            "%(agenda)s to see the next one.",
            ref=f["ref"],
            agenda=w.command(f"map agenda {f['ref']}"),
        ),
        Reason.NO_DATES_ASKED: lambda f, w: (
            _(
                "No dates are being asked for the MAP meeting about %(ref)s. A chair can offer "
                "some with %(propose)s.",
                ref=f["ref"],
                propose=w.command(f"map propose {f['ref']}"),
            )
            if w.has("map propose")
            else _(
                "No dates are being asked for the MAP meeting about %(ref)s. Please ask the "
                "MASE chair to offer some.",
                ref=f["ref"],
            )
        ),
        Reason.LANGUAGE_UNKNOWN: lambda f, w: unknown(tuple(f["choices"]), w.platform),
        Reason.INVALID_INPUT: lambda f, w: _("Please check the answers marked, then try again."),
        Reason.BREAK_GLASS_NEEDS_REASON: lambda f, w: _(
            "There is no referral with the reference %(ref)s in the areas you cover. Check it, "
            "or type %(queue)s to see open referrals. If it belongs to another area and you "
            "need it in an emergency, you can open it by saying why: type %(case)s followed by "
            "your reason (for example: the child is with us now). That area's MASH manager is "
            "told at once, and your view is recorded.",
            ref=f["ref"],
            queue=w.command("mash queue"),
            case=w.command(f"mash case {f['ref']}"),
        ),
        Reason.DPO_ONLY: _dpo_only,
        Reason.RETENTION_REPORT_FIRST: lambda f, w: _(
            "There is no retention report to act on yet. Please run %(report)s first, check "
            "what it lists, then run %(apply)s.",
            report="`mashbot retention report`",
            apply="`mashbot retention apply`",
        ),
        Reason.RETENTION_REPORT_STALE: lambda f, w: _(
            "The last retention report is more than %(days)d days old. Please run %(report)s "
            "again, check it, then apply it.",
            days=f["days"],
            report="`mashbot retention report`",
        ),
        Reason.HOLD_REFUSED: lambda f, w: _(
            "Only the data protection officer (DPO) or a MASH decision maker for its area can "
            "set or lift a legal hold on %(ref)s. Please ask one of them.",
            ref=f["ref"],
        ),
        Reason.HOLD_NEEDS_REASON: _hold_needs_reason,
        Reason.ALREADY_HELD: lambda f, w: _(
            "%(ref)s is already under a legal hold, so nothing has been changed.", ref=f["ref"]
        ),
        Reason.NOT_HELD: lambda f, w: _(
            "%(ref)s is not under a legal hold, so nothing has been changed.", ref=f["ref"]
        ),
        Reason.ACCESS_REVIEW_MANAGERS_ONLY: lambda f, w: _(
            "Only MASH managers (decision makers) and the data protection officer can see who "
            "viewed which case. If you are worried about who has seen a case, please ask your "
            "MASH manager."
        ),
        Reason.PERIOD_BACKWARDS: lambda f, w: _(
            "The end of the period must come after its start (for example %(example)s). "
            "Nothing was listed.",
            example="`--from 2026-11-01 --to 2026-12-01`",
        ),
        Reason.SAR_NEEDS_CHILD: lambda f, w: _(
            "Please say whose records to export: a referral's reference, or the child's name "
            "and date of birth (%(example)s).",
            example="`--child NAME --dob YYYY-MM-DD`",
        ),
        Reason.SAR_NOTHING_FOUND: lambda f, w: _(
            "Nothing is held about that child. Please check the spelling of the name, the "
            "date of birth or the reference. No export was written."
        ),
    }


def reasons() -> set[Reason]:
    """The reasons that have a sentence (every one: a test holds it)."""
    return set(_sentences())


def wording(problem: Problem, platform: Platform | str) -> str:
    """One problem as a sentence for `platform`."""
    return _sentences()[problem.reason](dict(problem.facts), vocabulary(platform))


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
