"""What `mashbot audit verify` and `audit checkpoint` say: the chain's state in plain words."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Protocol

from messages.i18n import N_, UK_TIME, _, format_datetime, ngettext


class Finding(Protocol):
    """workflows.audit_verify.Finding, as read here (messages import no storage, even through
    workflows: the verifier reads the checkpoint file)."""

    kind: str
    event_id: int | None
    after_id: int
    how: str
    facts: dict[str, Any]


class ChainReport(Protocol):
    checked: int
    checkpoints: int
    unsigned: int
    development: bool

    @property
    def finding(self) -> Finding | None: ...


KIND_WORDS = {
    "changed": N_("an event was changed"),
    "missing": N_("events are missing"),
    "inserted": N_("events were inserted"),
    "reordered": N_("events were reordered"),
    "truncated": N_("the log was truncated"),
    "rewritten": N_("the log was rewritten"),
    "key": N_("an event is signed with an unknown key"),
    "checkpoint": N_("the checkpoint file was changed"),
}
# One sentence per way a finding shows; %(event)s is the first event affected, %(after)s the
# last intact one, the rest are the finding's facts. Translated where used.
HOW = {
    "unknown_key": N_(
        "event %(event)s is signed with key %(key_id)s, which is not among the audit keys "
        "given: add the old key before the current one (README: Rotating the audit key), or the "
        "event was forged"
    ),
    "unsigned_and_skipped": N_(
        "event %(event)s was inserted after event %(after)s: it is not signed by "
        "the audit key and the event after it links past it"
    ),
    "signature_mismatch": N_(
        "event %(event)s was changed after it was written: its content no "
        "longer matches its signature"
    ),
    "written_after_later_event": N_(
        "event %(event)s was moved: it was written after event %(source)s, "
        "not after event %(after)s"
    ),
    "written_after_earlier_event": N_(
        "events between event %(source)s and event %(next)s were "
        "inserted: event %(next)s was written straight after event %(source)s"
    ),
    "links_to_gone_event": N_(
        "one or more events after event %(after)s are missing (deleted): event "
        "%(event)s links to an event that is no longer in the log"
    ),
    "head_reset_then_written_on": N_(
        "the log was truncated after event %(after)s: the head row was "
        "reset (its key and signature removed) and mashbot wrote on from it in event %(event)s"
    ),
    "head_rewound_recorded": N_(
        "the log was truncated after event %(found)s: at %(at)s mashbot found "
        "the head rewound to event %(found)s and recorded it in event %(event)s"
    ),
    "checkpoint_event_gone": N_(
        "the log was truncated after event %(after)s and written on: event "
        "%(last)s, the last one the checkpoint of %(checkpoint_at)s counted, is gone"
    ),
    "checkpoint_differs": N_(
        "the log up to event %(event)s is not the one the checkpoint of "
        "%(checkpoint_at)s recorded (%(count)s events then, %(now)s now): it was rewritten"
    ),
    "ends_before_checkpoint": N_(
        "the log was truncated after event %(after)s: the checkpoint of "
        "%(checkpoint_at)s counted %(count)s events up to event %(last)s; %(gone)s"
    ),
    "head_deleted": N_(
        "the head row (audit_head) was deleted: events after event %(after)s may have "
        "been deleted with it"
    ),
    "head_names_later_event": N_(
        "the log was truncated after event %(after)s: the head names event %(head)s"
    ),
    "head_behind": N_("events after event %(after)s were added without moving the head"),
    "head_signature_mismatch": N_(
        "the log was truncated after event %(after)s: the head row was "
        "rewound by someone without the audit key"
    ),
    "table_missing": N_(
        "the table %(table)s is missing from the database: it was dropped, or this "
        "is not mashbot's database. Restore it from a backup"
    ),
}


def _tell_dpo() -> str:
    return _(
        "Tell your data protection officer, keep the database and the checkpoint file as they "
        "are, and restore the log from a backup only with their agreement."
    )


def _when(value: str) -> str:
    return format_datetime(datetime.fromisoformat(value), UK_TIME, zone=True)


def finding_text(finding: Finding) -> str:
    """The finding in one sentence, naming the events it is about."""
    facts = dict(finding.facts)
    for name in ("at", "checkpoint_at"):
        if name in facts:
            facts[name] = _when(facts[name])
    if finding.how == "checkpoint_file":
        parts = [
            _(
                "the checkpoint of %(at)s is not signed by any audit key given (forged or edited)",
                at=_when(at),
            )
            for at in facts["unsigned"]
        ] + [
            _("line %(line)s cannot be read (%(problem)s)", line=n, problem=problem)
            for n, problem in facts["unreadable"]
        ]
        return _("in the checkpoint file, %(parts)s", parts="; ".join(parts))
    if finding.how == "ends_before_checkpoint":
        facts["gone"] = (
            ngettext(
                "every event was deleted (%(num)d before)",
                "every event was deleted (%(num)d before)",
                facts["count"],
            )
            if facts["now"] == 0
            else ngettext(
                "the log now ends at event %(after)s with %(num)d event",
                "the log now ends at event %(after)s with %(num)d events",
                facts["now"],
                after=finding.after_id,
            )
        )
    return _(HOW[finding.how], **{**facts, "event": finding.event_id, "after": finding.after_id})


def describe(report: ChainReport) -> str:
    """What `audit verify` says: intact with its figures, or the first problem and what to do."""
    finding = report.finding
    if finding is None:
        checked = ngettext("%(num)d event checked", "%(num)d events checked", report.checked)
        if report.checkpoints:
            agree = ngettext(
                "%(num)d checkpoint agrees", "%(num)d checkpoints agree", report.checkpoints
            )
            lines = [_("Audit log intact: %(checked)s, %(agree)s.", checked=checked, agree=agree)]
        else:
            lines = [_("Audit log intact: %(checked)s.", checked=checked)]
        if report.unsigned:
            lines.append(
                ngettext(
                    "%(num)d of them dates from before the audit key and is chained without one: "
                    "they are protected from the first signed event on.",
                    "%(num)d of them date from before the audit key and are chained without one: "
                    "they are protected from the first signed event on.",
                    report.unsigned,
                )
            )
        if report.development:
            lines.append(
                _("Note: signed with the public development key (console and demo): not protected.")
            )
        return "\n".join(lines)
    if finding.kind == "table":
        return _(
            "Audit log cannot be checked: %(finding)s. %(tell)s",
            finding=finding_text(finding),
            tell=_tell_dpo(),
        )
    intact = (
        _("Events up to event %(after)s are intact.", after=finding.after_id)
        if finding.after_id
        else _("No event before it can be vouched for.")
    )
    kind = _(KIND_WORDS[finding.kind]) if finding.kind in KIND_WORDS else finding.kind
    return _(
        "Audit log broken (%(kind)s): %(finding)s. %(intact)s %(tell)s",
        kind=kind,
        finding=finding_text(finding),
        intact=intact,
        tell=_tell_dpo(),
    )
