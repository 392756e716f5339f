"""MASH triage over signed HTTP with the fake Slack: the Claim button raced, /mash, the agency
lead's answer modal, assessment and decision modals, the chronology, and refusals."""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from bot.clock.jobs import SWEEP_JOBS
from bot.clock.runner import run_sweep
from messages.triage_text import details_apart, went_wrong
from storage import outbox
from storage.models import InformationAnswer, Referral, TriageDecision
from tests.slack.fake_slack import FakeSlack
from tests.slack.scenarios import audit_actions, fill_concern, texts
from tests.slack.slack_client import APP_ID, Person
from tests.support import INVENTED_CHILD, INVENTED_DOB, INVENTED_NARRATIVE
from workflows.triage import claim as claim_step
from workflows.triage import queries

REFERENCE = "CSE-2026-00001"


@pytest.fixture
def card(bot, person, dispatcher, fake_slack) -> dict[str, Any]:
    """A sent concern's card in the City MASH channel, where the Claim button is."""
    ben = person("U0BEN")
    fill_concern(ben)
    ben.submit()
    dispatcher.run_once()
    [posted] = fake_slack.posted_to("C0MASHCITY")
    assert "triage_claim" in posted.text
    with bot.sessions() as session:
        landed = outbox.delivered_to(session, f"concern:{REFERENCE}:mash-card")
    return {
        "type": "message",
        "channel_id": landed["channel"],
        "message_ts": landed["ts"],
        "is_ephemeral": False,
    }


def by_command(person: Person, text: str) -> dict[str, Any]:
    """Type `/mash <text>` and wait for the modal it opens."""
    assert person.command("/mash", text).status == 200
    return person._open_modal(person.last_trigger)


def mash(person: Person, text: str) -> dict[str, Any]:
    """Type `/mash <text>`: Slack gets an empty ack at once; the reply is an ephemeral message."""

    def mine(call: Any) -> bool:
        return call.args.get("user") == person.user_id

    before = len(person.fake.calls_to("chat.postEphemeral", mine))
    ack = person.command("/mash", text)
    assert ack.status == 200 and ack.body == "", "the work comes after the ack"
    call = person.fake.wait_for("chat.postEphemeral", mine, count=before + 1)[-1]
    assert call.args["channel"] == "C0GENERAL" and call.ok
    return call.args


def ephemerals_to(fake: FakeSlack, user: str, count: int = 1) -> list[str]:
    calls = fake.wait_for("chat.postEphemeral", lambda c: c.args.get("user") == user, count)
    return [c.args["text"] for c in calls]


def claim(bot, person, card) -> None:  # noqa: ANN001
    person("U0AMIRA").press("triage_claim", REFERENCE, where=card)
    ephemerals_to(person("U0AMIRA").fake, "U0AMIRA")


def test_two_presses_of_claim_at_once_one_wins_and_the_card_shows_the_owner(
    bot, person, card, fake_slack, dispatcher
) -> None:
    amira, priya = person("U0AMIRA"), person("U0PRIYA")
    presses = [
        threading.Thread(target=p.press, args=("triage_claim", REFERENCE), kwargs={"where": card})
        for p in (amira, priya)
    ]
    for press in presses:
        press.start()
    for press in presses:
        press.join(timeout=20)
    said = ephemerals_to(fake_slack, "U0AMIRA") + ephemerals_to(fake_slack, "U0PRIYA")
    winners = [s for s in said if s.startswith("You have claimed")]
    losers = [s for s in said if "has already claimed" in s]
    assert len(winners) == 1 and len(losers) == 1, said
    with bot.sessions() as session:
        owner = session.scalar(select(Referral.owner_id))
    owner_name = {"amira.okafor": "Amira Okafor", "priya.shah": "Priya Shah"}[owner]
    assert losers[0].startswith(f"{owner_name} has already claimed {REFERENCE}")

    dispatcher.run_once()
    [update] = fake_slack.calls_to("chat.update")
    assert update.args["channel"] == "C0MASHCITY" and update.args["ts"] == card["message_ts"]
    assert owner_name in update.text and "triage_claim" not in update.text
    for secret in (INVENTED_CHILD, INVENTED_DOB, INVENTED_NARRATIVE[:30]):
        assert secret not in update.text


def test_mash_queue_lists_open_referrals_and_help_for_a_wrong_one(bot, person, card) -> None:
    amira = person("U0AMIRA")
    reply = mash(amira, "queue")
    assert f"{REFERENCE} | Riverton City | not rated | owner: nobody" in reply["text"]
    assert reply["blocks"][0]["type"] == "section"
    wrong = amira.command("/mash", "frobnicate").json()
    assert "/mash queue" in wrong["text"] and "/mash answer NUMBER" in wrong["text"]
    assert "/mash case REF" in amira.command("/mash", "").json()["text"]


def test_an_agency_lead_answers_in_the_modal(bot, person, card, fake_slack, dispatcher) -> None:
    claim(bot, person, card)
    amira, nina = person("U0AMIRA"), person("U0NINA")
    form = by_command(amira, f"request {REFERENCE}")
    assert form["callback_id"] == "triage_request_form"
    amira.submit({"agencies": ["health"]})
    assert "Request" in texts(amira.modal) and "Riverton Health Trust" in texts(amira.modal)
    dispatcher.run_once()
    [request] = [c for c in fake_slack.posted_to("C0HEALTH")]
    assert "triage_open_request" in request.text
    for secret in (INVENTED_CHILD, INVENTED_DOB, INVENTED_NARRATIVE[:30]):
        assert secret not in request.text, "the agency channel carries no child details"
    request_id = next(
        e["value"]
        for b in request.args["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
        if e["action_id"] == "triage_open_request"
    )

    where = {"type": "message", "channel_id": "C0HEALTH", "message_ts": "1764000000.000009"}
    modal = nina.press_and_see("triage_open_request", request_id, where=where)
    assert INVENTED_CHILD in texts(modal) and INVENTED_NARRATIVE not in texts(modal)
    nina.submit({"kind": "held"})
    assert "text" in nina.errors and "Say what you hold" in nina.errors["text"]
    nina.submit({"kind": "held", "text": "Two clinic visits in October."})
    assert "is with the MASH" in texts(nina.modal)
    with bot.sessions() as session:
        assert session.scalar(select(InformationAnswer.text)) == "Two clinic visits in October."
    dispatcher.run_once()
    told = fake_slack.wait_for(
        "chat.postMessage", lambda c: "has answered information request" in c.text
    )
    assert told[0].args["channel"] == fake_slack.dm_channel("U0AMIRA")
    assert ("information_request_viewed", "nina.lowe") in audit_actions(bot, REFERENCE)


def test_assessment_and_decision_modals_and_the_reporters_update(
    bot, person, card, fake_slack, dispatcher
) -> None:
    claim(bot, person, card)
    priya = person("U0PRIYA")
    modal = by_command(priya, f"assess {REFERENCE}")
    assert "It suggests the risk level Medium" in texts(modal)
    priya.submit({"level": "high"})
    assert "To record High, say why" in priya.errors["rationale"]
    priya.submit({"level": "high", "rationale": "Older male with a car, repeatedly."})
    assert "recorded as High" in texts(priya.modal)

    by_command(priya, f"decide {REFERENCE}")
    priya.submit({"outcomes": ["crime_investigation"], "rationale": "Offence disclosed."})
    assert "Say who investigates" in priya.errors["crime_team"]
    priya.submit(
        {
            "outcomes": ["crime_investigation", "refer_to_mase"],
            "crime_team": "central_cse",
            "rationale": "Offence disclosed.",
        }
    )
    assert "held for the agenda of the next MASE" in texts(priya.modal)
    with bot.sessions() as session:
        assert session.scalar(select(TriageDecision.crime_team)) == "central_cse"
    dispatcher.run_once()
    ben_dm = fake_slack.dm_channel("U0BEN")
    [update] = [c for c in fake_slack.posted_to(ben_dm) if "Update on your concern" in c.text]
    # What happens next in plain words, nothing that would alert someone reading over a shoulder.
    assert "The right team is taking it forward." in update.text
    assert "police" not in update.text.lower() and "crime" not in update.text.lower()
    assert "Offence disclosed" not in update.text and "Older male" not in update.text


def test_the_chronology_modal_and_its_export(bot, person, card) -> None:
    claim(bot, person, card)
    amira = person("U0AMIRA")
    modal = by_command(amira, f"chronology {REFERENCE}")
    shown = texts(modal)
    assert "Ben Carter (Education) reported the concern." in shown
    assert shown.index("reported the concern") < shown.index("Amira Okafor claimed the referral")
    export = amira.press_and_see("triage_export_chronology", REFERENCE)
    assert f"Chronology of referral {REFERENCE}" in texts(export)
    assert ("chronology_exported", "amira.okafor") in audit_actions(bot, REFERENCE)


@pytest.mark.parametrize(
    ("user", "person_id", "words"),
    [
        ("U0BEN", "ben.teacher", "so you can follow its status on your mashbot Home tab in Slack"),
        ("U0NINA", "nina.lowe", "not the referral itself. Type `/mash requests` to see them."),
        ("U0TOMB", "tom.brennan", "There is no referral with the reference CSE-2026-00001 in the"),
        ("U0OLA", "ola.admin", "only MASH staff can see or work on referrals"),
    ],
)
def test_refused_roles_see_nothing_and_are_audited(
    bot, person, card, fake_slack, user: str, person_id: str, words: str
) -> None:
    someone = person(user)
    calls_before = len(fake_slack.calls)
    modal = by_command(someone, f"case {REFERENCE}")
    assert words in texts(modal)
    someone.press("triage_claim", REFERENCE, where=card)
    [said] = ephemerals_to(fake_slack, user)
    assert words in said
    queue = mash(someone, "queue")["text"]
    assert REFERENCE not in queue
    for call in fake_slack.calls[calls_before:]:
        for secret in (INVENTED_CHILD, INVENTED_DOB, INVENTED_NARRATIVE[:30]):
            assert secret not in call.text
    refusals = [a for a in audit_actions(bot) if a == ("access_refused", person_id)]
    assert len(refusals) >= 2


def test_urgency_and_reassignment_by_command(bot, person, card, fake_slack, dispatcher) -> None:
    claim(bot, person, card)
    amira, priya = person("U0AMIRA"), person("U0PRIYA")
    rated = mash(amira, f"urgency {REFERENCE} purple")
    assert rated["text"] == "Choose one of: Red, Amber, Green."
    rated = mash(amira, f"urgency {REFERENCE} red")
    assert f"{REFERENCE} is Red: the decision is due" in rated["text"]
    moved = mash(
        priya,
        f"assign {REFERENCE} <mailto:Priya.Shah@example.org|Priya.Shah@example.org> "
        "Amira is at court all day.",
    )
    assert moved["text"] == f"{REFERENCE} is now with Priya Shah. They have been told."
    refused = mash(amira, f"urgency {REFERENCE} amber Calmer now")
    assert refused["text"] == (
        f"Priya Shah owns {REFERENCE}, so only they or a decision maker can set its urgency."
    )
    dispatcher.run_once()
    priya_dm = fake_slack.dm_channel("U0PRIYA")
    assert any("has given you referral" in c.text for c in fake_slack.posted_to(priya_dm))


def test_red_deadline_and_two_requests_one_chased_then_answered_late(
    bot, clock, person, card, fake_slack, dispatcher
) -> None:
    """Received 10:00 (the test clock); Red is due 14:00; reminders and chases come from the sweep."""
    job = next(j for j in SWEEP_JOBS if j.target == "workflows.triage.deadlines:sweep")
    claim(bot, person, card)
    amira, nina, harker = person("U0AMIRA"), person("U0NINA"), person("U0HARKER")
    mash(amira, f"urgency {REFERENCE} red")
    by_command(amira, f"request {REFERENCE}")
    amira.submit({"agencies": ["health", "police"]})
    dispatcher.run_once()
    health_id, police_id = (
        _answer_button(fake_slack.posted_to(channel)[-1]) for channel in ("C0HEALTH", "C0POLICE")
    )

    clock.advance(hours=1)  # 11:00: health answers in time
    nina.press_and_see("triage_open_request", health_id, where=_in("C0HEALTH"))
    nina.submit({"kind": "nothing_known"})

    clock.advance(hours=2)  # 13:00: an hour before the deadline, the owner is reminded
    assert run_sweep(bot, job) == 1
    dispatcher.run_once()
    amira_dm = fake_slack.dm_channel("U0AMIRA")
    [reminder] = [c for c in fake_slack.posted_to(amira_dm) if "Reminder" in c.text]
    assert "is due by Tuesday 24 November 2026, 2pm.*" in reminder.text  # not in the preview
    assert "Urgency: Red (decision due within 4 hours, day or night)." in reminder.text
    modal = amira.press_and_see("triage_open_case", REFERENCE, where=_in(amira_dm))
    assert "Riverton Police: waiting" in texts(modal)

    clock.advance(hours=1)  # 14:00: the decision makers are alerted; police are chased
    assert run_sweep(bot, job) == 2
    dispatcher.run_once()
    priya_dm = fake_slack.dm_channel("U0PRIYA")
    assert any("Overdue: the decision" in c.text for c in fake_slack.posted_to(priya_dm))
    [chase] = [c for c in fake_slack.posted_to("C0POLICE") if "Overdue" in c.text]
    assert _answer_button(chase) == police_id

    clock.advance(minutes=30)  # 14:30: police answer late, and it is still taken
    modal = harker.press_and_see("triage_open_request", police_id, where=_in("C0POLICE"))
    assert "It is overdue: a late answer is still welcome." in texts(modal)
    harker.submit({"kind": "held", "text": "Known to us: seen with an adult male, silver car."})
    assert "is with the MASH" in texts(harker.modal)
    modal = amira.press_and_see("triage_open_case", REFERENCE, where=_in(amira_dm))
    assert "Riverton Police: answered late" in texts(modal) and "chased 1 time" in texts(modal)
    assert run_sweep(bot, job) == 0


def _in(channel: str) -> dict[str, Any]:
    return {"type": "message", "channel_id": channel, "message_ts": "1764000000.000009"}


def _answer_button(call: Any) -> str:
    return next(
        e["value"]
        for b in call.args["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
        if e["action_id"] == "triage_open_request"
    )


def _database_down(*_: Any, **__: Any) -> Any:
    raise OperationalError("UPDATE referrals", {}, Exception("database is locked"))


def test_mash_is_acknowledged_before_its_audited_work(bot, person, card, monkeypatch) -> None:
    gate = threading.Event()
    real_queue = queries.queue

    def slow_queue(*args: Any) -> Any:
        assert gate.wait(10), "the test never opened the gate"
        return real_queue(*args)

    monkeypatch.setattr(queries, "queue", slow_queue)
    amira = person("U0AMIRA")
    started = time.monotonic()
    ack = amira.command("/mash", "queue")
    assert ack.status == 200 and ack.body == ""
    assert time.monotonic() - started < 2, "Slack was kept waiting for the work"
    gate.set()
    [said] = ephemerals_to(amira.fake, "U0AMIRA")
    assert REFERENCE in said


def test_a_failed_claim_is_told_to_the_presser_and_logged(
    bot, person, card, fake_slack, monkeypatch, caplog
) -> None:
    monkeypatch.setattr(claim_step, "claim", _database_down)
    caplog.set_level(logging.ERROR, logger="mashbot.slack")
    person("U0AMIRA").press("triage_claim", REFERENCE, where=card)
    [said] = ephemerals_to(fake_slack, "U0AMIRA")
    assert said == went_wrong() and "nothing was saved" in said and "MASH admin" in said
    _wait_for_log(caplog, "Slack block_actions failed: OperationalError")
    with bot.sessions() as session:
        assert session.scalar(select(Referral.owner_id)) is None


def test_a_failed_mash_command_and_modal_are_told_and_logged(
    bot, person, card, fake_slack, monkeypatch, caplog
) -> None:
    monkeypatch.setattr(queries, "queue", _database_down)
    monkeypatch.setattr(queries, "case", _database_down)
    caplog.set_level(logging.ERROR, logger="mashbot.slack")
    amira = person("U0AMIRA")
    assert mash(amira, "queue")["text"] == went_wrong()
    _wait_for_log(caplog, "Slack /mash failed: OperationalError")
    modal = by_command(amira, f"case {REFERENCE}")
    assert went_wrong() in texts(modal)
    modal = amira.press_and_see("triage_open_case", REFERENCE, where=card)
    assert went_wrong() in texts(modal)


def _wait_for_log(caplog: Any, text: str) -> None:
    """The error handler logs on the listener's thread, just after the reply: wait for it."""
    deadline = time.monotonic() + 5
    while text not in caplog.text:
        assert time.monotonic() < deadline, f"not logged: {text}"
        time.sleep(0.01)


def test_where_the_bot_is_not_in_the_channel_the_reply_uses_the_response_url(
    bot, person, card, fake_slack, slack
) -> None:
    fake_slack.fail("chat.postEphemeral", "not_in_channel")
    fields = {
        "token": "legacy-verification-token",
        "team_id": "T0RIVERTON",
        "channel_id": "C0ELSEWHERE",
        "user_id": "U0AMIRA",
        "user_name": "u0amira",
        "command": "/mash",
        "text": "queue",
        "api_app_id": APP_ID,
        "response_url": f"{fake_slack.url}commands.respond",
        "trigger_id": "trigger.elsewhere",
    }
    assert slack.form(fields).status == 200
    [reply] = fake_slack.wait_for("commands.respond")
    assert f"{REFERENCE} | Riverton City" in reply.args["text"]
    assert reply.args["response_type"] == "ephemeral"


def test_the_case_modal_opens_the_details_and_says_so_in_neutral_words(bot, person, card) -> None:
    amira = person("U0AMIRA")
    case = by_command(amira, f"case {REFERENCE}")
    shown = texts(case)
    assert details_apart() in shown and "view " + REFERENCE not in shown
    assert INVENTED_CHILD not in shown
    buttons = [e for b in case["blocks"] if b["type"] == "actions" for e in b["elements"]]
    [details] = [b for b in buttons if b["action_id"] == "concern_view_details"]
    assert details["value"] == REFERENCE
    modal = amira.press_and_see("concern_view_details", REFERENCE)
    assert modal["callback_id"] == "concern_details" and INVENTED_CHILD in texts(modal)
    assert ("details_viewed", "amira.okafor") in audit_actions(bot, REFERENCE)


def test_agencies_typed_after_mash_request_come_ticked(bot, person, card, fake_slack) -> None:
    claim(bot, person, card)
    amira = person("U0AMIRA")
    form = by_command(amira, f"request {REFERENCE} Health police nhs")
    [picker] = [b["element"] for b in form["blocks"] if b.get("block_id") == "agencies"]
    assert sorted(o["value"] for o in picker["initial_options"]) == ["health", "police"]
    amira.submit()
    assert "Riverton Health Trust" in texts(amira.modal) and "Riverton Police" in texts(amira.modal)
    plain = by_command(amira, f"request {REFERENCE}")
    [picker] = [b["element"] for b in plain["blocks"] if b.get("block_id") == "agencies"]
    assert "initial_options" not in picker


def test_slack_is_asked_about_a_new_user_once(bot, person, card, fake_slack) -> None:
    second = person("U0AMIRA2")  # not in the partnership file: Slack is asked for the email
    mash(second, "queue")
    mash(second, "mine")
    asked = fake_slack.calls_to("users.info", lambda c: c.args.get("user") == "U0AMIRA2")
    assert len(asked) == 1


def test_break_glass_and_the_access_review_over_slack(bot, person, card) -> None:  # noqa: ANN001
    tom, priya = person("U0TOMB"), person("U0PRIYA")
    modal = by_command(tom, f"case {REFERENCE} the child is at our station now")
    assert REFERENCE in str(modal)  # out of his area, opened with a reason
    reply = mash(priya, f"access {REFERENCE}")
    assert "Break-glass" in reply["text"] and "the child is at our station now" in reply["text"]
    assert "Tom Brennan" in reply["text"]
    denied = mash(tom, f"access {REFERENCE}")
    assert "Only MASH managers" in denied["text"]
