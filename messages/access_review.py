"""The access review, the retention report and the subject access export, in words."""

from __future__ import annotations

from workflows.data_protection.results import AccessReview, Flag, View

ACTION_WORDS = {
    "case_viewed": "opened the case",
    "details_viewed": "opened the child's details",
    "own_concern_viewed": "opened their own concern, as its reporter",
    "chronology_viewed": "read the chronology",
    "chronology_exported": "exported the chronology",
    "information_request_viewed": "read an information request",
    "map_action_viewed": "read a MAP action",
    "sar_exported": "exported it for a subject access request",
    "break_glass_view": "BREAK-GLASS: opened it from outside the area",
}
FLAG_WORDS = {
    "many_cases": "opened {count} different cases in one day",
    "out_of_hours": "opened {count} case(s) outside working hours",
    "break_glass": "used break-glass on {count} case(s)",
}


def _when(view: View, tz: str) -> str:
    from zoneinfo import ZoneInfo

    return view.at.astimezone(ZoneInfo(tz)).strftime("%a %d %b %Y %H:%M")


def _line(view: View, tz: str, *, who: bool) -> str:
    marks = ("  [BREAK-GLASS]" if view.break_glass else "") + (
        "  [out of hours]" if view.out_of_hours else ""
    )
    subject = view.person_name if who else view.reference
    reason = f' - reason: "{view.reason}"' if view.reason else ""
    return f"  {_when(view, tz)}  {subject}: {ACTION_WORDS.get(view.action, view.action)} (via {view.entry_point}){reason}{marks}"


def _flag(flag: Flag) -> str:
    what = FLAG_WORDS[flag.kind].format(count=flag.count)
    return f"  ! {flag.person_name} {what} on {flag.day:%a %d %b %Y}: {', '.join(flag.references)}"


def review_lines(review: AccessReview, tz: str) -> list[str]:
    """Flags first, then per case and per person; each platform shows these lines as text."""
    span = f"{review.start:%d %b %Y} to {review.end:%d %b %Y}"
    title = f"Access review of {review.reference}" if review.reference else "Access review"
    lines = [f"{title}, {span}: {len(review.views)} views."]
    if not review.views:
        return lines + ["Nobody viewed a case in this period. Nothing to review."]
    lines.append("Flagged for your review:" if review.flags else "Nothing unusual flagged.")
    lines += [_flag(f) for f in review.flags]
    lines.append("Per case:")
    for reference, views in review.per_case().items():
        lines.append(f" {reference} ({len(views)} views)")
        lines += [_line(v, tz, who=True) for v in views]
    if review.reference is None:
        lines.append("Per person:")
        for name, views in review.per_person().items():
            lines.append(f" {name} ({len(views)} views, {len({v.reference for v in views})} cases)")
            lines += [_line(v, tz, who=False) for v in views]
    lines.append(
        "Next: ask about any flagged view you cannot explain; break-glass views need a reason "
        "that stands up."
    )
    return lines
