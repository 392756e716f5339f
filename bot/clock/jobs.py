"""Which sweeps the clock runs: each finds due work and queues messages; none decides twice.

A sweep is a platform-free workflow function `sweep(ctx: Context) -> int` (the number of
messages it queued). What was already sent is decided by unique outbox keys written in the same
transaction, so a sweep may run late, twice or in two processes and still send each thing once.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SweepJob:
    name: str
    target: str  # "package.module:function", imported when the clock starts
    every_seconds: int = 60
    what: str = "scheduled messages"  # said to an admin when this sweep keeps failing


SWEEP_JOBS: tuple[SweepJob, ...] = (
    SweepJob(
        "action chases",
        "workflows.actions.chasing:sweep",
        60,
        "action plan prompts, reminders and escalations",
    ),
    SweepJob(
        "action digests", "workflows.actions.digests:sweep", 300, "weekly action plan digests"
    ),
    SweepJob(
        "triage deadlines and chases",
        "workflows.triage.deadlines:sweep",
        60,
        "MASH deadline reminders, escalations and information-request chases",
    ),
    SweepJob(
        "audit checkpoints",
        "workflows.audit_checkpoint:sweep",
        300,
        "audit checkpoints (the audit log may have been changed: run `mashbot audit verify`)",
    ),
    SweepJob(
        "retention",
        "workflows.data_protection.retention:sweep",
        3600,
        "the daily retention report to the data protection officer",
    ),
)
