"""What `mashbot audit verify` and `audit checkpoint` say: the chain's state in plain words."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Protocol


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
    "changed": "an event was changed",
    "missing": "events are missing",
    "inserted": "events were inserted",
    "reordered": "events were reordered",
    "truncated": "the log was truncated",
    "rewritten": "the log was rewritten",
    "key": "an event is signed with an unknown key",
    "checkpoint": "the checkpoint file was changed",
}
TELL_DPO = (
    "Tell your data protection officer, keep the database and the checkpoint file as they are, "
    "and restore the log from a backup only with their agreement."
)
# One sentence per way a finding shows; {event} is the first event affected, {after} the last
# intact one, the rest are the finding's facts.
HOW = {
    "unknown_key": "event {event} is signed with key {key_id}, which is not among the audit keys "
    "given: add the old key before the current one (README: Rotating the audit key), or the "
    "event was forged",
    "unsigned_and_skipped": "event {event} was inserted after event {after}: it is not signed by "
    "the audit key and the event after it links past it",
    "signature_mismatch": "event {event} was changed after it was written: its content no "
    "longer matches its signature",
    "written_after_later_event": "event {event} was moved: it was written after event {source}, "
    "not after event {after}",
    "written_after_earlier_event": "events between event {source} and event {next} were "
    "inserted: event {next} was written straight after event {source}",
    "links_to_gone_event": "one or more events after event {after} are missing (deleted): event "
    "{event} links to an event that is no longer in the log",
    "head_reset_then_written_on": "the log was truncated after event {after}: the head row was "
    "reset (its key and signature removed) and mashbot wrote on from it in event {event}",
    "head_rewound_recorded": "the log was truncated after event {found}: at {at} mashbot found "
    "the head rewound to event {found} and recorded it in event {event}",
    "checkpoint_event_gone": "the log was truncated after event {after} and written on: event "
    "{last}, the last one the checkpoint of {checkpoint_at} counted, is gone",
    "checkpoint_differs": "the log up to event {event} is not the one the checkpoint of "
    "{checkpoint_at} recorded ({count} events then, {now} now): it was rewritten",
    "ends_before_checkpoint": "the log was truncated after event {after}: the checkpoint of "
    "{checkpoint_at} counted {count} events up to event {last}; {gone}",
    "head_deleted": "the head row (audit_head) was deleted: events after event {after} may have "
    "been deleted with it",
    "head_names_later_event": "the log was truncated after event {after}: the head names event "
    "{head}",
    "head_behind": "events after event {after} were added without moving the head",
    "head_signature_mismatch": "the log was truncated after event {after}: the head row was "
    "rewound by someone without the audit key",
    "table_missing": "the table {table} is missing from the database: it was dropped, or this "
    "is not mashbot's database. Restore it from a backup",
}


def _when(value: str) -> str:
    return f"{datetime.fromisoformat(value):%d %b %Y %H:%M} UTC"


def finding_text(finding: Finding) -> str:
    """The finding in one sentence, naming the events it is about."""
    facts = dict(finding.facts)
    for name in ("at", "checkpoint_at"):
        if name in facts:
            facts[name] = _when(facts[name])
    if finding.how == "checkpoint_file":
        parts = [
            f"the checkpoint of {_when(at)} is not signed by any audit key given (forged or edited)"
            for at in facts["unsigned"]
        ] + [f"line {n} cannot be read ({problem})" for n, problem in facts["unreadable"]]
        return "in the checkpoint file, " + "; ".join(parts)
    if finding.how == "ends_before_checkpoint":
        facts["gone"] = (
            f"every event was deleted ({facts['count']} before)"
            if facts["now"] == 0
            else f"the log now ends at event {finding.after_id} with {facts['now']} events"
        )
    return HOW[finding.how].format(event=finding.event_id, after=finding.after_id, **facts)


def describe(report: ChainReport) -> str:
    """What `audit verify` says: intact with its figures, or the first problem and what to do."""
    finding = report.finding
    if finding is None:
        lines = [
            f"Audit log intact: {report.checked} events checked"
            + (f", {report.checkpoints} checkpoints agree." if report.checkpoints else ".")
        ]
        if report.unsigned:
            lines.append(
                f"{report.unsigned} of them date from before the audit key and are chained "
                "without one: they are protected from the first signed event on."
            )
        if report.development:
            lines.append(
                "Note: signed with the public development key (console and demo): not protected."
            )
        return "\n".join(lines)
    if finding.kind == "table":
        return f"Audit log cannot be checked: {finding_text(finding)}. {TELL_DPO}"
    intact = (
        f"Events up to event {finding.after_id} are intact."
        if finding.after_id
        else "No event before it can be vouched for."
    )
    return (
        f"Audit log BROKEN ({KIND_WORDS.get(finding.kind, finding.kind)}): "
        f"{finding_text(finding)}. {intact} {TELL_DPO}"
    )
