"""The demo's MASH triage scenes: claim, RAG, two agency requests, assessment, decision, chronology.

They follow the concern reported in the first scene (CSE-2026-00001, received Tue 24 Nov 09:30).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

from bot.clock.jobs import SWEEP_JOBS
from bot.clock.runner import run_sweep

if TYPE_CHECKING:
    from bot.demo import Demo

REF = "CSE-2026-00001"
AMIRA = "amira.okafor@example.org"
PRIYA = "priya.shah@example.org"
NINA = "nina.lowe@example.org"
SAM = "sam.ito@example.org"
BEN = "ben.carter@example.org"


def _at(demo: Demo, hour: int, minute: int) -> None:
    demo.clock.now = datetime(2026, 11, 24, hour, minute, tzinfo=UTC)


def _triage_clock(demo: Demo, hour: int, minute: int, why: str) -> None:
    """Move time on, run the triage sweep and deliver what it queued."""
    _at(demo, hour, minute)
    demo.say(f"\n[clock] {demo.clock.now:%a %d %b %Y, %H:%M}: {why}")
    job = next(j for j in SWEEP_JOBS if j.target == "workflows.triage.deadlines:sweep")
    run_sweep(demo.bot, job)
    demo.as_person(AMIRA, []).dispatcher.run_once()


def scene_claim(demo: Demo) -> None:
    demo.scene("MASH triage (1/6): the queue, a claim, and a second claim told who has it")
    _at(demo, 9, 40)
    demo.type(AMIRA, "/mash queue")
    demo.type(AMIRA, f"/mash claim {REF}")
    demo.type(PRIYA, f"/mash claim {REF}")


def scene_urgency_and_requests(demo: Demo) -> None:
    demo.scene("MASH triage (2/6): Red, so a decision is due in 4 hours; two agencies are asked")
    _at(demo, 9, 45)
    demo.type(AMIRA, f"/mash urgency {REF} red")
    _at(demo, 9, 50)
    demo.type(
        AMIRA,
        f"/mash request {REF} health education",
        ["", "4,3"],  # the standard question; share only the name and date of birth
    )


def scene_answers_and_chasing(demo: Demo) -> None:
    demo.scene("MASH triage (3/6): health answers; education is chased, then answers late")
    _at(demo, 10, 30)
    demo.type(
        NINA,
        "/mash answer 1",
        ["1", "Seen twice at the sexual health clinic in October; an older man waited outside."],
    )
    _triage_clock(demo, 12, 30, "an hour before the deadline")
    _triage_clock(demo, 13, 30, "the deadline passes; education's request is now overdue")
    _at(demo, 13, 50)
    demo.type(
        SAM,
        "/mash answer 2",
        ["1", "Absent most Friday afternoons since September; seen getting into a silver car."],
    )


def scene_assessment_and_decision(demo: Demo) -> None:
    demo.scene(
        "MASH triage (4/6): the decision maker differs from the screening, says why, decides"
    )
    _at(demo, 14, 5)
    demo.type(
        PRIYA,
        f"/mash assess {REF}",
        [
            "2",  # Medium, where the screening suggests High
            "",  # no rationale at first: refused
            "She is engaging with the school nurse and her mother is protective; "
            "the car has not been seen since the police visit.",
        ],
    )
    demo.type(
        PRIYA,
        f"/mash decide {REF}",
        [
            "5,6",  # strategy discussion, and the next MASE meeting
            "Older male, gifts and clinic visits: a strategy discussion today, then MASE.",
        ],
    )


def scene_reporter_sees_the_outcome_only(demo: Demo) -> None:
    demo.scene("MASH triage (5/6): the teacher sees the outcome; the case stays with the MASH")
    demo.type(BEN, "/home")
    demo.type(BEN, f"/mash case {REF}")
    demo.type(SAM, f"/mash case {REF}")
    demo.type(AMIRA, f"/mash case {REF}")


def scene_chronology(demo: Demo) -> None:
    demo.scene("MASH triage (6/6): the chronology, every event in order, exported as text")
    _at(demo, 14, 30)
    demo.type(AMIRA, f"/mash chronology {REF} export")


TRIAGE_SCENES = [
    scene_claim,
    scene_urgency_and_requests,
    scene_answers_and_chasing,
    scene_assessment_and_decision,
    scene_reporter_sees_the_outcome_only,
    scene_chronology,
]
