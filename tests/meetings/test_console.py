"""The console drives meetings like Slack will: a MAP from schedule to minutes and review, the
series form re-asking only what was wrong, refusals in plain words; the demo's MASE cycle."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.console.session import ConsoleSession
from bot.demo import play
from tests.meetings.support import SERIES, mase_referral, meetings, set_up_series
from tests.support import INVENTED_CHILD
from tests.triage.support import BEN, HARKER, NINA


def session(bot, email: str, answers: list[str]) -> tuple[ConsoleSession, list[str]]:  # noqa: ANN001
    said: list[str] = []
    queue = list(answers)
    return ConsoleSession(bot, email, ask=lambda _prompt: queue.pop(0), say=said.append), said


def said_line(said: list[str], start: str) -> bool:
    return any(line.startswith(start) for line in said)


SERIES_ORDER = [
    "area", "title", "rule", "first_date", "starts", "ends", "location", "online_link",
    "chair", "deputy", "minute_taker", "members",
]  # fmt: skip


def test_the_series_form_re_asks_only_what_was_wrong(bot) -> None:
    answers = [SERIES[k] for k in SERIES_ORDER]
    answers[SERIES_ORDER.index("starts")] = "ten o'clock"
    console, said = session(bot, HARKER, [*answers, "10:00"])
    console.run("/mase schedule set")
    assert said_line(said, "  ✗ Give a time on the 24-hour clock, for example 10:00.")
    asked = said[said.index(next(x for x in said if x.startswith("  ✗"))) + 1 :]
    assert asked[0] == "Starts at\n  (24-hour clock, for example 10:00.)", "only it is asked again"
    assert asked[2].startswith("Set up: mase-city.")
    assert said_line(said, "Set up: mase-city. Invitations sent for 3 meeting(s)")
    assert len(meetings(bot, "mase")) == 3


def test_a_member_cannot_open_the_series_form(bot) -> None:
    console, said = session(bot, NINA, [])
    console.run("/mase schedule set")
    assert said == [
        "Sorry, only the MASE chair, the deputy chair and admins can set up or change the "
        "meeting series. Ask the chair if something needs changing."
    ]


def test_a_map_from_the_console_schedule_agenda_minutes_and_review(bot, clock) -> None:
    reference = mase_referral(bot, "high")
    refused, said = session(bot, BEN, [])
    refused.run(f"/map schedule {reference}")
    assert said[0].startswith("Sorry, only the MASE chair, the deputy chair and admins")

    chair, said = session(
        bot,
        HARKER,
        ["03/12/2026", "14:00", "15:30", "Riverton Academy", "", f"{NINA}", "no", ""]
        + ["Mother asked not to be told yet: it could put her at risk."],
    )
    chair.run(f"/map schedule {reference}")
    assert said_line(said, "  ✗ Say why the parent or carer is not invited; it goes on the record.")
    assert said_line(said, f"MAP meeting for {reference} set; 2 invitation(s) sent.")

    nina, said = session(bot, NINA, [])
    nina.run(f"/map agenda {reference}")
    assert said[1].startswith(f"1. The referral: {reference} · Riverton City")
    assert INVENTED_CHILD not in "\n".join(said)

    clock.set(datetime(2026, 12, 3, 16, 0, tzinfo=UTC))
    chair, said = session(
        bot,
        HARKER,
        ["Went missing once; engaging with the nurse.", "2"]
        + ["Safety plan with the school", NINA, "", "31/12/2026", ""],
    )
    chair.run(f"/map minutes {reference}")
    assert said_line(
        said,
        f"Minutes recorded (version 1). Actions added: map-{reference}:261203-1; their leads "
        "will be asked for updates. The review MAP meeting is scheduled and invitations sent.",
    )
    assert len(meetings(bot, "map")) == 2


def test_the_demo_plays_a_mase_cycle_from_referral_to_actions() -> None:
    out: list[str] = []
    play(say=out.append)
    text = "\n".join(out)
    start = text.index("4. MASE: the series")
    scene = text[start:]
    assert "4. New MASE referrals (1)\n   - CSE-2026-00001 · Riverton City" in scene
    channel = scene[scene.index("── to #mase ──") : scene.index("[ben.carter")]
    assert "Jade Example" not in channel
    assert "| CSE-2026-00001 | Jade Example |" in scene  # the member's full document
    assert "Sorry, only members of the meeting can open the full agenda." in scene
    assert "Actions added: mase-city-log:270112-1" in scene
    assert "270112-1 · lead Nina Lowe · due Friday 29 January 2027" in scene


def test_finding_a_map_date_from_the_console(bot) -> None:
    reference = mase_referral(bot, "high")
    chair, said = session(
        bot,
        HARKER,
        ["15/12/2026 14:00-15:30\n17/12/2026 10:00-11:30", "", "", f"{NINA}", "yes", ""],
    )
    chair.run(f"/map propose {reference}")
    assert said_line(said, "The child's professionals have been asked which dates they can do.")
    nina, said = session(bot, NINA, [])
    nina.run(f"/map available {reference} 2")
    assert said_line(said, "Thanks, your answer is recorded.")
    chair, said = session(bot, HARKER, [])
    chair.run(f"/map dates {reference}")
    assert said[:2] == [
        "  1. Tuesday 15 December 2026, 2pm to 3:30pm: nobody yet",
        "  2. Thursday 17 December 2026, 10am to 11:30am: Nina Lowe (most can attend)",
    ]
    chair.run(f"/map choose {reference}")
    assert said_line(said, f"MAP meeting {reference}: Thursday 17 December 2026, 10am to 11:30am")


def test_an_area_word_picks_the_series(bot) -> None:
    answers = [SERIES[k] for k in SERIES_ORDER]
    answers[0], answers[1] = "3", "Riverton Shire MASE"  # the Shire
    session(bot, HARKER, answers)[0].run("/mase schedule set shire")
    session(bot, HARKER, [SERIES[k] for k in SERIES_ORDER])[0].run("/mase schedule set city")
    admin, said = session(bot, "ola.bright@example.org", [])
    admin.run("/mase next")
    assert said[0].startswith("Each area has its own MASE meeting: add the area to the command")
    admin.run("/mase next shire")
    assert said[1].startswith("Riverton Shire MASE: Tuesday 8 December 2026, 10am to midday")


def test_a_member_writes_the_agenda_as_a_pdf_from_the_console(bot, tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    set_up_series(bot)
    mase_referral(bot, "high")
    nina, said = session(bot, NINA, [])
    nina.run("/mase agenda document pdf")
    written = tmp_path / "mase-agenda-2026-12-08.pdf"
    assert said[0] == (
        f"The full agenda is written to {written}. It names children: keep it to yourself and "
        "delete it after the meeting. Your download is recorded."
    )
    assert written.read_bytes().startswith(b"%PDF-")
