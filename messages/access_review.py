"""The access review, the retention report and the subject access export, in words."""

from __future__ import annotations

from messages.i18n import N_, _, format_date, format_datetime, ngettext
from workflows.data_protection.results import AccessReview, Flag, View

ACTION_WORDS = {
    "case_viewed": N_("opened the case"),
    "details_viewed": N_("opened the child's details"),
    "own_concern_viewed": N_("opened their own concern, as its reporter"),
    "chronology_viewed": N_("read the chronology"),
    "chronology_exported": N_("exported the chronology"),
    "information_request_viewed": N_("read an information request"),
    "map_action_viewed": N_("read a MAP action"),
    "sar_exported": N_("exported it for a subject access request"),
    "break_glass_view": N_("Break-glass (emergency access): opened it from outside the area"),
}


def _action(code: str) -> str:
    return _(ACTION_WORDS[code]) if code in ACTION_WORDS else code


def _flag_words(flag: Flag) -> str:
    if flag.kind == "many_cases":
        return ngettext(
            "%(who)s opened %(num)d different case in one day on %(day)s: %(refs)s",
            "%(who)s opened %(num)d different cases in one day on %(day)s: %(refs)s",
            flag.count,
            who=flag.person_name,
            day=format_date(flag.day),
            refs=", ".join(flag.references),
        )
    if flag.kind == "out_of_hours":
        return ngettext(
            "%(who)s opened %(num)d case outside working hours on %(day)s: %(refs)s",
            "%(who)s opened %(num)d cases outside working hours on %(day)s: %(refs)s",
            flag.count,
            who=flag.person_name,
            day=format_date(flag.day),
            refs=", ".join(flag.references),
        )
    return ngettext(
        "%(who)s used break-glass (emergency access) on %(num)d case on %(day)s: %(refs)s",
        "%(who)s used break-glass (emergency access) on %(num)d cases on %(day)s: %(refs)s",
        flag.count,
        who=flag.person_name,
        day=format_date(flag.day),
        refs=", ".join(flag.references),
    )


def _line(view: View, tz: str, *, who: bool) -> str:
    said = _(
        "%(when)s  %(subject)s: %(action)s (via %(entry)s)",
        when=format_datetime(view.at, tz),
        subject=view.person_name if who else view.reference,
        action=_action(view.action),
        entry=view.entry_point,
    )
    if view.reason:
        quoted = f'"{view.reason}"'
        said += " - " + _("reason: %(reason)s", reason=quoted)
    if view.break_glass:
        said += "  [" + _("Break-glass (emergency access)") + "]"
    if view.out_of_hours:
        said += "  [" + _("out of hours") + "]"
    return "  " + said


def review_lines(review: AccessReview, tz: str) -> list[str]:
    """Flags first, then per case and per person; each platform shows these lines as text."""
    start, end = format_date(review.start), format_date(review.end)
    count = len(review.views)
    if review.reference:
        head = ngettext(
            "Access review of %(ref)s, %(start)s to %(end)s: %(num)d view.",
            "Access review of %(ref)s, %(start)s to %(end)s: %(num)d views.",
            count,
            ref=review.reference,
            start=start,
            end=end,
        )
    else:
        head = ngettext(
            "Access review, %(start)s to %(end)s: %(num)d view.",
            "Access review, %(start)s to %(end)s: %(num)d views.",
            count,
            start=start,
            end=end,
        )
    lines = [head]
    if not review.views:
        return lines + [_("Nobody viewed a case in this period. Nothing to review.")]
    lines.append(_("Flagged for your review:") if review.flags else _("Nothing unusual flagged."))
    lines += ["  ! " + _flag_words(f) for f in review.flags]
    lines.append(_("Per case:"))
    for reference, views in review.per_case().items():
        lines.append(
            " "
            + ngettext(
                "%(ref)s (%(num)d view)", "%(ref)s (%(num)d views)", len(views), ref=reference
            )
        )
        lines += [_line(v, tz, who=True) for v in views]
    if review.reference is None:
        lines.append(_("Per person:"))
        for name, views in review.per_person().items():
            cases = len({v.reference for v in views})
            lines.append(
                " "
                + ngettext(
                    "%(name)s (%(num)d view, %(cases)s)",
                    "%(name)s (%(num)d views, %(cases)s)",
                    len(views),
                    name=name,
                    cases=ngettext("%(num)d case", "%(num)d cases", cases),
                )
            )
            lines += [_line(v, tz, who=False) for v in views]
    lines.append(
        _(
            "Next: ask about any flagged view you cannot explain. A break-glass view needs a "
            "reason that stands up."
        )
    )
    return lines
