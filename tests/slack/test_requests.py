"""What arrives at /slack/events: only signed requests count, and a repeat makes nothing twice."""

from __future__ import annotations

import json
import time
from concurrent.futures import ThreadPoolExecutor

from storage.models import AuditEvent, Concern, ConcernDraft, SeenRequest
from tests.slack.scenarios import concerns, count, fill_concern, texts


def test_a_bad_signature_is_refused_and_stores_nothing(bot, person, slack, fake_slack) -> None:
    ben = person("U0BEN")
    fill_concern(ben)
    bot.later.wait()  # the steps answered are written just after (bot/keeping.py)
    before = (count(bot, Concern), count(bot, ConcernDraft), count(bot, AuditEvent))
    calls_before = len(fake_slack.calls)

    payload = ben._view_payload("view_submission", {})  # the review, sent by a forger
    assert slack.interaction(payload, secret="not-the-signing-secret").status == 401
    assert slack.interaction(payload, timestamp=int(time.time()) - 600).status == 401  # replayed
    assert ben.command("/concern", secret="not-the-signing-secret").status == 401

    assert (count(bot, Concern), count(bot, ConcernDraft), count(bot, AuditEvent)) == before
    assert len(fake_slack.calls) == calls_before


def test_slacks_url_verification_is_answered(slack) -> None:
    body = {"token": "t", "challenge": "challenge-123", "type": "url_verification"}
    reply = slack.post(json.dumps(body).encode(), "application/json")
    assert reply.status == 200 and reply.json()["challenge"] == "challenge-123"


def test_a_retried_send_makes_one_concern_and_answers_both_times(bot, person, slack) -> None:
    ben = person("U0BEN")
    fill_concern(ben)
    review = ben.modal
    first = ben.submit()
    ben.modal = review
    again = slack.repeat_last(retry=1)

    assert first.json()["view"] == again.json()["view"]
    assert "CSE-2026-00001" in texts(again.json()["view"])
    assert [c.reference for c in concerns(bot)] == ["CSE-2026-00001"]


def test_a_double_click_on_send_makes_one_concern(bot, person, slack) -> None:
    ben = person("U0BEN")
    fill_concern(ben)
    payload = ben._view_payload("view_submission", {})
    with ThreadPoolExecutor(max_workers=2) as pool:
        replies = list(pool.map(lambda _: slack.interaction(payload), range(2)))

    assert [r.status for r in replies] == [200, 200]
    assert all("CSE-2026-00001" in texts(r.json()["view"]) for r in replies)
    assert [c.reference for c in concerns(bot)] == ["CSE-2026-00001"]


def test_a_retried_step_lands_on_the_same_draft(bot, person, slack) -> None:
    ben = person("U0BEN")
    ben.start_concern()
    ben.submit({"immediate_danger": "no"})
    slack.repeat_last(retry=1)
    bot.later.wait()  # both answered from the modal, and written just after
    assert count(bot, ConcernDraft) == 1


def test_a_retried_slash_command_opens_one_form(bot, person, slack, slack_app, fake_slack) -> None:
    """/concern only opens a form with its trigger, which Slack exchanges once: a retry is not
    claimed in the database, and Slack refuses its second views.open (quietly, for the person)."""
    ben = person("U0BEN")
    ben.start_concern()
    assert slack.repeat_last(retry=1).status == 200
    assert slack.repeat_last(retry=2).status == 200
    slack_app.listener_pool.shutdown(wait=True)  # whatever was started has finished
    opens = fake_slack.calls_to("views.open")
    assert [c.ok for c in opens] == [True, False, False]
    assert count(bot, SeenRequest) == 0


def test_a_retried_command_with_work_of_its_own_does_it_once(
    bot, person, slack, slack_app, fake_slack
) -> None:
    """/actions answers with a message, which nothing else stops a retry from sending again: the
    retry guard's claim does."""
    ben = person("U0BEN")
    ben.command("/actions")
    assert slack.repeat_last(retry=1).status == 200
    slack_app.listener_pool.shutdown(wait=True)
    assert count(bot, SeenRequest) == 1
    said = fake_slack.calls_to("chat.postEphemeral") + fake_slack.calls_to("chat.postMessage")
    assert len(said) == 1, [c.method for c in said]


def test_a_retried_event_is_handled_once(bot, person, slack, slack_app, fake_slack) -> None:
    ben = person("U0BEN")
    ben.open_home(event_id="Ev0HOME1")
    assert slack.repeat_last(retry=1).status == 200
    ben.open_home(event_id="Ev0HOME2")  # a new event is handled
    slack_app.listener_pool.shutdown(wait=True)
    assert len(fake_slack.calls_to("views.publish")) == 2


def test_a_retry_of_a_request_that_failed_does_the_work(
    bot, person, slack, slack_app, fake_slack
) -> None:
    ben = person("U0BEN")
    fake_slack.fail("views.open", "internal_error", status=500)
    ben.command("/concern")
    fake_slack.wait_for("views.open")  # the first attempt failed at Slack's end
    deadline = time.monotonic() + 10
    while slack_app.retry_guard.remembers(ben.last_trigger):  # until the failure is handled
        assert time.monotonic() < deadline
        time.sleep(0.01)
    assert slack.repeat_last(retry=1).status == 200
    [_, opened] = fake_slack.wait_for("views.open", count=2)
    assert opened.args["view"]["callback_id"] == "concern_step"
