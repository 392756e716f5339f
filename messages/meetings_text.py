"""Every sentence about meetings people read outside a message kind (refusals and problems are in
messages/problems.py): replies, help, and the full agenda document (HTML, Markdown) that only
MASE members open. Each sentence goes through gettext when it is said (never at import)."""

from __future__ import annotations

from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from messages.child_words import child_named
from messages.i18n import _, current_locale, format_date, format_time, ngettext
from messages.i18n import format_datetime as _when
from messages.meeting_words import meeting_title, title_of
from messages.render import Platform
from messages.vocabulary import Commands, vocabulary


class _Ticked(Commands):
    """Commands as the platform types them, in backticks: code in Slack and Teams, and kept
    as typed by every translation."""

    def __getitem__(self, words: str) -> str:
        said = super().__getitem__(words)  # the vocabulary ticks its commands itself
        return said if said.startswith("`") else f"`{said}`"


def _cmd(platform: Platform | str) -> Commands:
    return _Ticked(vocabulary(platform))


def mase_help(platform: Platform | str = Platform.TEXT) -> str:
    cmd = _cmd(platform)
    return _(
        "MASE meetings: %(next)s (the next meeting), %(schedule)s (the series; chairs add 'set' "
        "to change it), %(agenda)s (the agenda; chairs add 'post' to send it to the "
        "channel, members add 'document' for the full version, 'document pdf' for a PDF), "
        "%(minutes)s (chairs record them).",
        next=cmd["mase next"],
        schedule=cmd["mase schedule"],
        agenda=cmd["mase agenda [DD/MM/YYYY]"],
        minutes=cmd["mase minutes"],
    )


def map_help(platform: Platform | str = Platform.TEXT) -> str:
    cmd = _cmd(platform)
    return _(
        "MAP meetings: %(schedule)s (chairs set a child's MAP on a date), %(propose)s "
        "(chairs offer dates; the professionals answer with %(available)s; %(dates)s "
        "shows the answers and %(choose)s sets it), %(agenda)s (the child's agenda), "
        "%(minutes)s (chairs record the minutes; the review is then scheduled).",
        schedule=cmd["map schedule REF"],
        propose=cmd["map propose REF"],
        available=cmd["map available REF 1,3"],
        dates=cmd["map dates REF"],
        choose=cmd["map choose REF [N]"],
        agenda=cmd["map agenda REF"],
        minutes=cmd["map minutes REF"],
    )


def dates_asked(proposed: Any, platform: Platform | str = Platform.TEXT) -> str:
    cmd, ref = _cmd(platform), proposed.reference
    return _(
        "The child's professionals have been asked which dates they can do. Type "
        "%(dates)s to see their answers and %(choose)s to set the date.",
        dates=cmd[f"map dates {ref}"],
        choose=cmd[f"map choose {ref}"],
    )


def date_chosen(reference: str, platform: Platform | str = Platform.TEXT) -> str:
    return _(
        "Set; invitations sent. Type %(agenda)s to see its agenda.",
        agenda=_cmd(platform)[f"map agenda {reference}"],
    )


def bad_date(platform: Platform | str = Platform.TEXT) -> str:
    return _(
        "Give the date as day/month/year, for example %(agenda)s.",
        agenda=_cmd(platform)["mase agenda 08/12/2026"],
    )


def dates_thanks() -> str:
    return _("Thanks, your answer is recorded. The chair will send the invitation.")


def slot_lines(slots: list[Any], tz: str) -> list[str]:
    """Each offered date with who can attend, most popular marked."""
    best = max((len(s.available) for s in slots), default=0)
    lines = []
    for s in slots:
        values = {
            "number": s.number,
            "when": _when(s.starts_at, tz),
            "ends": format_time(s.ends_at, tz),
            "names": ", ".join(s.available),
        }
        if not s.available:
            lines.append(_("  %(number)s. %(when)s to %(ends)s: nobody yet", **values))
        elif best and len(s.available) == best:
            lines.append(
                _("  %(number)s. %(when)s to %(ends)s: %(names)s (most can attend)", **values)
            )
        else:
            lines.append(_("  %(number)s. %(when)s to %(ends)s: %(names)s", **values))
    return lines


def agenda_posted() -> str:
    return _("Posted to the MASE channel; the new referrals are now listed for this meeting.")


def map_set(done: Any, platform: Platform | str = Platform.TEXT) -> str:
    return ngettext(
        "MAP meeting for %(reference)s set; %(num)d invitation(s) sent. Type %(agenda)s "
        "to see its agenda.",
        "MAP meeting for %(reference)s set; %(num)d invitation(s) sent. Type %(agenda)s "
        "to see its agenda.",
        done.invited,
        reference=done.reference,
        agenda=_cmd(platform)[f"map agenda {done.reference}"],
    )


def no_meeting() -> str:
    return _("No MASE meeting is scheduled yet. Ask the chair to set up the series.")


def document_only_in_chat() -> str:
    return _(
        "The full agenda names children, so it is only sent in your own chat with mashbot: "
        "type %(command)s there.",
        command="`mase agenda document`",
    )


def document_for_chat(document: str) -> str:
    """The full agenda as a Teams message in the member's own chat (Markdown, names included)."""
    warning = _(
        "The full agenda names children: keep it to yourself and delete this chat message after "
        "the meeting. Your download is recorded."
    )
    return f"{warning}\n\n{document}"


def pdf_written(path: str) -> str:
    return _(
        "The full agenda is written to %(path)s. It names children: keep it to yourself and "
        "delete it after the meeting. Your download is recorded.",
        path=path,
    )


def document_sent() -> str:
    return _(
        "The full agenda is in your direct messages with mashbot. It names children: keep it to "
        "yourself and delete it after the meeting. Your download is recorded."
    )


def meeting_line(facts: dict[str, Any], tz: str) -> str:
    """A meeting, when and where: "MASE: Tuesday 8 December 2026, 10am to midday, Room 2"."""
    return _("%(title)s: %(when_where)s", title=title_of(facts), when_where=when_where(facts, tz))


def series_lines(series: dict[str, Any], next_facts: dict[str, Any] | None, tz: str) -> list[str]:
    area = series["area_name"] or _("the whole partnership")
    lines = [
        _(
            "%(title)s (%(area)s), version %(version)s",
            title=series["title"],
            area=area,
            version=series["version"],
        ),
        _(
            "  When: %(rule)s from %(first)s, %(starts)s to %(ends)s",
            rule=series["rule"],
            first=format_date(series["first_date"]),
            starts=series["starts"],
            ends=series["ends"],
        ),
        _("  Where: %(location)s", location=series["location"] or _("not set"))
        + (
            _(" · online: %(link)s", link=series["online_link"])
            if series.get("online_link")
            else ""
        ),
        _("  Chair: %(chair)s", chair=series["chair_name"])
        + (
            _(" · deputy: %(deputy)s", deputy=series["deputy_name"])
            if series.get("deputy_name")
            else ""
        ),
        _("  Members: %(members)s", members=", ".join(series["member_names"])),
    ]
    if next_facts:
        lines.append(_("  Next: %(meeting)s", meeting=meeting_line(next_facts, tz)))
    return lines


def series_saved(saved: Any, platform: Platform | str = Platform.TEXT) -> str:
    values = {
        "name": saved.name,
        "version": saved.version,
        "invited": saved.invited,
        "updated": saved.updated,
        "cancelled": saved.cancelled,
        "next": _cmd(platform)["mase next"],
    }
    if saved.created:
        return _(
            "Set up: %(name)s. Invitations sent for %(invited)s meeting(s), %(updated)s updated, "
            "%(cancelled)s cancelled. Type %(next)s to check.",
            **values,
        )
    return _(
        "Changed (version %(version)s): %(name)s. Invitations sent for %(invited)s meeting(s), "
        "%(updated)s updated, %(cancelled)s cancelled. Type %(next)s to check.",
        **values,
    )


def minutes_recorded(done: Any, platform: Platform | str = Platform.TEXT) -> str:
    line = _("Minutes recorded (version %(version)s).", version=done.version)
    if done.action_refs:
        line += " " + _(
            "Actions added: %(refs)s; their leads will be asked for updates.",
            refs=", ".join(done.action_refs),
        )
    if done.review_meeting_id:
        line += " " + _("The review MAP meeting is scheduled and invitations sent.")
    return line


def map_agenda_lines(facts: dict[str, Any], tz: str) -> list[str]:
    age = facts["age"] if facts["age"] is not None else _("not known")
    events = len(facts["chronology"])
    lines = [
        meeting_line(facts, tz),
        _(
            "1. The referral: %(reference)s · %(area)s · age %(age)s · %(risk)s · referred by "
            "%(agency)s",
            reference=facts["reference"],
            area=facts["area_name"],
            age=age,
            risk=facts["risk_label"] or _("not assessed"),
            agency=facts["agency_name"],
        ),
        ngettext(
            "2. What has happened since the last MAP (%(when)s): %(num)d event(s)",
            "2. What has happened since the last MAP (%(when)s): %(num)d event(s)",
            events,
            when=_when(facts["last_map_on"], tz),
        )
        if facts["last_map_on"]
        else ngettext(
            "2. What has happened since the referral: %(num)d event(s)",
            "2. What has happened since the referral: %(num)d event(s)",
            events,
        ),
    ]
    lines += [
        _("   - %(when)s %(what)s (%(by)s)", when=_when(e["at"], tz), what=e["what"], by=e["by"])
        for e in facts["chronology"]
    ]
    lines.append(_("3. Open actions (%(count)s)", count=len(facts["actions"])))
    for a in facts["actions"]:
        values = {"ref": a["ref"], "what": a["description"], "lead": a["lead_name"]}
        if a["overdue"]:
            lines.append(_("   - %(ref)s OVERDUE: %(what)s (%(lead)s)", **values))
        else:
            lines.append(_("   - %(ref)s: %(what)s (%(lead)s)", **values))
    invited = (
        _("The parent or carer was invited.")
        if facts["parent_carer_invited"]
        else _("The parent or carer was not invited.")
    )
    lines.append(_("4. Risk review, safety plan and the risk level agreed.") + " " + invited)
    return lines


def when_where(facts: dict[str, Any], tz: str) -> str:
    """When a meeting is and where: "Tuesday 8 December 2026, 10am to midday, Room 2"."""
    values = {
        "when": _when(facts["starts_at"], tz),
        "ends": format_time(facts["ends_at"], tz),
        "location": facts.get("location") or "",
        "link": facts.get("online_link") or "",
    }
    if values["location"] and values["link"]:
        return _("%(when)s to %(ends)s, %(location)s (online: %(link)s)", **values)
    if values["location"]:
        return _("%(when)s to %(ends)s, %(location)s", **values)
    if values["link"]:
        return _("%(when)s to %(ends)s (online: %(link)s)", **values)
    return _("%(when)s to %(ends)s", **values)


def due_cell(action: dict[str, Any]) -> str:
    """An action's due date in the agenda's table, saying when it is overdue."""
    if not action.get("due_date"):
        return _("no date")
    if action.get("overdue"):
        return _("%(date)s (overdue)", date=format_date(action["due_date"]))
    return format_date(action["due_date"])


def _cell(value: Any) -> str:
    """A value in a Markdown table cell: one line, its bars kept from ending the cell."""
    return " ".join(str(value).split()).replace("|", "\\|")


@cache
def _documents() -> Environment:
    """The documents' templates: values escaped in HTML (names and descriptions are typed by
    people); each sentence through `_` as the reader's language has it when rendered."""
    env = Environment(
        loader=PackageLoader("messages", "templates"),
        undefined=StrictUndefined,
        autoescape=select_autoescape(["html.j2"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["_"] = _
    env.globals["child_named"] = child_named
    env.globals["meeting_title"] = meeting_title
    env.globals["due"] = due_cell
    env.filters["when"] = _when
    env.filters["day"] = format_date
    env.filters["cell"] = _cell
    return env


def agenda_document(facts: dict[str, Any], fmt: str, tz: str) -> str:
    """The full agenda as `html` or `markdown` in the reader's language (names included: members
    only, audited)."""
    name = {"html": "mase_agenda_document.html.j2", "markdown": "mase_agenda_document.md.j2"}[fmt]
    context = {**facts, "tz": tz, "lang": current_locale(), "when_where": when_where(facts, tz)}
    return _documents().get_template(name).render(context)
