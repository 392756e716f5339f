"""Every sentence about meetings people read outside a message kind (refusals and problems are in
messages/problems.py): replies, help,
and the full agenda document (HTML and Markdown) that only MASE members open."""

from __future__ import annotations

from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from messages.i18n import format_date
from messages.i18n import format_datetime as _when
from messages.render import Platform
from messages.vocabulary import Commands, vocabulary


def _cmd(platform: Platform | str) -> Commands:
    return Commands(vocabulary(platform))


def mase_help(platform: Platform | str = Platform.TEXT) -> str:
    cmd = _cmd(platform)
    return (
        f"MASE meetings: {cmd['mase next']} (the next meeting), {cmd['mase schedule']} (the "
        f"series; chairs add 'set' to change it), {cmd['mase agenda']} [DD/MM/YYYY] (the agenda; "
        "chairs add 'post' to send it to the channel, members add 'document' for the full "
        f"version), {cmd['mase minutes']} (chairs record them)."
    )


def map_help(platform: Platform | str = Platform.TEXT) -> str:
    cmd = _cmd(platform)
    return (
        f"MAP meetings: {cmd['map schedule']} REF (chairs set a child's MAP on a date), "
        f"{cmd['map propose']} REF (chairs offer dates; the professionals answer with "
        f"{cmd['map available']} REF 1,3; {cmd['map dates']} REF shows the answers and "
        f"{cmd['map choose']} REF [N] sets it), {cmd['map agenda']} REF (the child's agenda), "
        f"{cmd['map minutes']} REF (chairs record the minutes; the review is then scheduled)."
    )


def dates_asked(proposed: Any, platform: Platform | str = Platform.TEXT) -> str:
    cmd, ref = _cmd(platform), proposed.reference
    return (
        "The child's professionals have been asked which dates they can do. Type "
        f"{cmd['map dates']} {ref} to see their answers and {cmd['map choose']} {ref} to set "
        "the date."
    )


def date_chosen(reference: str, platform: Platform | str = Platform.TEXT) -> str:
    agenda = _cmd(platform)["map agenda"]
    return f"Set; invitations sent. Type {agenda} {reference} to see its agenda."


def bad_date(platform: Platform | str = Platform.TEXT) -> str:
    agenda = _cmd(platform)["mase agenda"]
    return f"Give the date as day/month/year, for example {agenda} 08/12/2026."


DATES_THANKS = "Thanks, your answer is recorded. The chair will send the invitation."


def slot_lines(slots: list[Any], tz: str) -> list[str]:
    """Each offered date with who can attend, most popular marked."""
    best = max((len(s.available) for s in slots), default=0)
    return [
        f"  {s.number}. {_when(s.starts_at, tz)} to {_when(s.ends_at, tz).rsplit(', ', 1)[-1]}: "
        + (", ".join(s.available) or "nobody yet")
        + (" (most can attend)" if best and len(s.available) == best else "")
        for s in slots
    ]


AGENDA_POSTED = "Posted to the MASE channel; the new referrals are now listed for this meeting."


def map_set(done: Any, platform: Platform | str = Platform.TEXT) -> str:
    agenda = _cmd(platform)["map agenda"]
    return (
        f"MAP meeting for {done.reference} set; {done.invited} invitation(s) sent. "
        f"Type {agenda} {done.reference} to see its agenda."
    )


NO_MEETING = "No MASE meeting is scheduled yet. Ask the chair to set up the series."
DOCUMENT_ONLY_IN_CHAT = (
    "The full agenda names children, so it is only sent in your own chat with mashbot: "
    "type mase agenda document there."
)


def document_for_chat(document: str) -> str:
    """The full agenda as a Teams message in the member's own chat (Markdown, names included)."""
    return f"{DOCUMENT_SENT_HERE}\n\n{document}"


DOCUMENT_SENT_HERE = (
    "The full agenda names children: keep it to yourself and delete this chat message after "
    "the meeting. Your download is recorded."
)


def pdf_written(path: str) -> str:
    return (
        f"The full agenda is written to {path}. It names children: keep it to yourself and "
        "delete it after the meeting. Your download is recorded."
    )


DOCUMENT_SENT = (
    "The full agenda is in your direct messages with mashbot. It names children: keep it to "
    "yourself and delete it after the meeting. Your download is recorded."
)


def meeting_line(facts: dict[str, Any], tz: str) -> str:
    where = f", {facts['location']}" if facts.get("location") else ""
    link = f" (online: {facts['online_link']})" if facts.get("online_link") else ""
    ends = _when(facts["ends_at"], tz).rsplit(", ", 1)[-1]
    return f"{facts['title']}: {_when(facts['starts_at'], tz)} to {ends}{where}{link}"


def series_lines(series: dict[str, Any], next_facts: dict[str, Any] | None, tz: str) -> list[str]:
    lines = [
        f"{series['title']} ({series['area_name'] or 'the whole partnership'}), "
        f"version {series['version']}",
        f"  When: {series['rule']} from {format_date(series['first_date'])}, "
        f"{series['starts']} to {series['ends']}",
        f"  Where: {series['location'] or 'not set'}"
        + (f" · online: {series['online_link']}" if series.get("online_link") else ""),
        f"  Chair: {series['chair_name']}"
        + (f" · deputy: {series['deputy_name']}" if series.get("deputy_name") else ""),
        f"  Members: {', '.join(series['member_names'])}",
    ]
    if next_facts:
        lines.append("  Next: " + meeting_line(next_facts, tz))
    return lines


def series_saved(saved: Any, platform: Platform | str = Platform.TEXT) -> str:
    verb = "Set up" if saved.created else f"Changed (version {saved.version})"
    return (
        f"{verb}: {saved.name}. Invitations sent for {saved.invited} meeting(s), "
        f"{saved.updated} updated, {saved.cancelled} cancelled. "
        f"Type {_cmd(platform)['mase next']} to check."
    )


def minutes_recorded(done: Any, platform: Platform | str = Platform.TEXT) -> str:
    line = f"Minutes recorded (version {done.version})."
    if done.action_refs:
        line += (
            f" Actions added: {', '.join(done.action_refs)}; their leads will be asked for updates."
        )
    if done.review_meeting_id:
        line += " The review MAP meeting is scheduled and invitations sent."
    return line


def map_agenda_lines(facts: dict[str, Any], tz: str) -> list[str]:
    lines = [
        meeting_line(facts, tz),
        f"1. The referral: {facts['reference']} · {facts['area_name']} · age "
        f"{facts['age'] if facts['age'] is not None else 'not known'} · {facts['risk_label']} · "
        f"referred by {facts['agency_name']}",
        "2. What has happened since "
        + (
            f"the last MAP ({_when(facts['last_map_on'], tz)})"
            if facts["last_map_on"]
            else "the referral"
        )
        + f": {len(facts['chronology'])} event(s)",
    ]
    lines += [f"   - {_when(e['at'], tz)} {e['what']} ({e['by']})" for e in facts["chronology"]]
    lines.append(f"3. Open actions ({len(facts['actions'])})")
    lines += [
        f"   - {a['ref']}{' OVERDUE' if a['overdue'] else ''}: {a['description']} ({a['lead_name']})"
        for a in facts["actions"]
    ]
    lines.append(
        "4. Risk review, safety plan and the risk level agreed. "
        + (
            "The parent or carer was invited."
            if facts["parent_carer_invited"]
            else "The parent or carer was not invited."
        )
    )
    return lines


@cache
def _documents() -> Environment:
    env = Environment(
        loader=PackageLoader("messages", "templates"),
        undefined=StrictUndefined,
        autoescape=select_autoescape(["html.j2"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["when"] = _when
    env.filters["day"] = format_date
    return env


def agenda_document(facts: dict[str, Any], fmt: str, tz: str) -> str:
    """The full agenda as `html` or `markdown` (names included: members only, audited)."""
    name = {"html": "mase_agenda_document.html.j2", "markdown": "mase_agenda_document.md.j2"}[fmt]
    return _documents().get_template(name).render({**facts, "tz": tz})
