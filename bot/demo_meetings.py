"""The demo's MASE scene: the chair sets the series, the agenda is built from the referral, the
minutes produce actions that join the action plans' cycle."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

from bot.demo_actions import _clock_runs

if TYPE_CHECKING:
    from bot.demo import Demo

CHAIR = "jo.harker@example.org"
NINA = "nina.lowe@example.org"
BEN = "ben.carter@example.org"
REF = "CSE-2026-00001"

SERIES_ANSWERS = [
    "2",  # Riverton City
    "Riverton City MASE",
    "FREQ=MONTHLY;BYDAY=2TU",  # the second Tuesday of each month
    "12/01/2027",
    "10:00",
    "12:00",
    "Riverton Police HQ, room 2",
    "",  # no online link
    CHAIR,
    "",  # no deputy yet
    "",  # the chair takes the minutes
    f"{NINA}, sam.ito@example.org, amira.okafor@example.org",
]
MINUTES_ANSWERS = [
    "Still going missing on Fridays; the car was seen again. Disruption notice served.",
    "3",  # High
    "Return-home interview after every missing episode",
    NINA,
    "",  # her own agency
    "29/01/2027",
    "",  # no more actions
]


def scene_mase_cycle(demo: Demo) -> None:
    demo.scene("4. MASE: the series, an agenda from the data, minutes that become actions")
    demo.type(CHAIR, "/mase schedule set", SERIES_ANSWERS)
    demo.type(NINA, "/mase next")
    demo.type(CHAIR, "/mase agenda post")
    demo.type(BEN, "/mase agenda document")
    demo.type(NINA, "/mase agenda document")
    _clock_runs(demo, datetime(2027, 1, 5, 9, 0, tzinfo=UTC), "5 working days before the meeting")
    _clock_runs(demo, datetime(2027, 1, 12, 13, 0, tzinfo=UTC), "the meeting has been held")
    demo.type(NINA, "/mase minutes")
    demo.type(CHAIR, "/mase minutes", MINUTES_ANSWERS)
    demo.type(CHAIR, "/actions plan mase-city-log")


MEETING_SCENES = [scene_mase_cycle]
