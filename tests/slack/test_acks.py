"""The ack is the response, at once: no database work before it for a known person, the retry
guard claimed after it (and still dropping a retry already in hand), an error after it never
turning it into an error for the person."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any
from urllib.parse import parse_qsl, urlencode

from sqlalchemy import event

from bot.slack.acks import ack_first


class FakeAck:
    def __init__(self) -> None:
        self.response: Any = None

    def __call__(self, **kwargs: Any) -> Any:
        self.response = kwargs or {"ok": True}
        return self.response


class Guard:
    """Remembers when it was asked (before or after the ack) and answers as told."""

    def __init__(self, ack: FakeAck, first: bool = True) -> None:
        self.ack, self.first, self.asked_after_ack = ack, first, []

    def claim(self, request: Any, body: dict[str, Any]) -> bool:
        self.asked_after_ack.append(self.ack.response is not None)
        return self.first


def wrapped(listener: Any, guard: Guard | None, late: list, *, auto: bool = False) -> Any:
    pool = ThreadPoolExecutor(max_workers=2)
    return ack_first(
        listener,
        pool=lambda: pool,
        after_ack=threading.Semaphore(1),
        guard=lambda: guard,
        on_late_error=lambda error, _: late.append(error),
        auto_acknowledgement=auto,
        ack_timeout=3,
    )


def test_the_caller_returns_at_the_ack_while_the_work_goes_on() -> None:
    ack, release, finished, late = FakeAck(), threading.Event(), threading.Event(), []
    guard = Guard(ack)

    def listener(ack: Any) -> None:
        ack()
        release.wait(5)
        finished.set()

    run = wrapped(listener, guard, late)
    started = time.monotonic()
    run(request=object(), ack=ack, body={"trigger_id": "t1"})
    assert ack.response is not None and not finished.is_set()  # answered, work still going
    assert time.monotonic() - started < 1
    release.set()
    assert finished.wait(5)
    assert guard.asked_after_ack == [True] and late == []


def test_a_retry_already_in_hand_is_acknowledged_and_does_no_work() -> None:
    ack, late, worked = FakeAck(), [], []

    def listener(ack: Any) -> None:
        ack()
        worked.append(True)

    run = wrapped(listener, Guard(ack, first=False), late)
    run(request=object(), ack=ack, body={"trigger_id": "t1"})
    time.sleep(0.2)
    assert ack.response is not None and worked == [] and late == []


def test_an_error_before_the_ack_is_bolts_and_after_it_the_error_handlers() -> None:
    ack, late = FakeAck(), []

    def fails_early(ack: Any) -> None:
        raise RuntimeError("before")

    try:
        wrapped(fails_early, None, late)(request=object(), ack=ack, body={})
    except RuntimeError as error:
        assert str(error) == "before"
    else:
        raise AssertionError("an error before the ack goes back to Bolt")

    done = threading.Event()

    def fails_late(ack: Any) -> None:
        ack()
        try:
            raise RuntimeError("after")
        finally:
            done.set()

    wrapped(fails_late, None, late)(request=object(), ack=ack, body={})
    assert done.wait(5)
    time.sleep(0.1)
    assert [str(e) for e in late] == ["after"] and ack.response is not None


def test_an_event_is_claimed_in_the_listeners_thread_bolt_acknowledging_it() -> None:
    ack, late, seen = FakeAck(), [], threading.Event()
    guard = Guard(ack)
    run = wrapped(lambda: seen.set(), guard, late, auto=True)
    run(request=object(), ack=ack, body={"event_id": "Ev1"})
    assert seen.wait(5) and len(guard.asked_after_ack) == 1


def test_a_known_persons_command_is_answered_without_the_database(
    bot, person, slack_app, fake_slack
) -> None:
    """Every statement of a command runs in the listener pool, none in the thread that answers
    (/actions: the retry guard's claim, the person's lists and their audit)."""
    ben = person("U0BEN")
    ben.start_concern()  # Ben is known now, and remembered
    slack_app.listener_pool.submit(lambda: None).result()
    threads: list[str] = []
    event.listen(
        bot.engine,
        "before_cursor_execute",
        lambda *_: threads.append(threading.current_thread().name),
    )
    assert ben.command("/actions").status == 200
    fake_slack.wait_for("chat.postEphemeral")
    time.sleep(0.2)  # the claim and the lists are read and written after the answer
    assert threads and all(name.startswith("slack-listener") for name in threads), threads


def test_an_attempt_and_its_retry_racing_are_both_answered_and_open_one_form(
    bot, person, slack, slack_app, fake_slack
) -> None:
    ben = person("U0BEN")
    ben.start_concern()
    assert slack.last is not None
    fields = dict(parse_qsl(slack.last[0].decode()))
    fields["trigger_id"] = "trigger.racing"  # a new command, sent twice at once
    body = urlencode(fields).encode()
    kind = "application/x-www-form-urlencoded"
    with ThreadPoolExecutor(max_workers=2) as pool:
        replies = list(pool.map(lambda retry: slack.post(body, kind, retry=retry), (None, 1)))
    assert [r.status for r in replies] == [200, 200]
    slack_app.listener_pool.shutdown(wait=True)
    opened = fake_slack.calls_to("views.open", lambda c: c.args["trigger_id"] == "trigger.racing")
    assert sorted(c.ok for c in opened) == [False, True]  # Slack exchanges a trigger once


def test_a_listener_is_given_what_bolts_own_builder_gives_it(slack_app) -> None:
    """mashbot's listeners make only the arguments they name, and make them as Bolt does."""
    from slack_bolt import BoltRequest, BoltResponse
    from slack_bolt.kwargs_injection import build_required_kwargs

    from bot.slack.app import _ARGUMENTS, MashbotListener

    body = urlencode({"command": "/concern", "text": "", "user_id": "U0BEN", "team_id": "T1"})
    request = BoltRequest(
        body=body, headers={"content-type": ["application/x-www-form-urlencoded"]}
    )
    slack_app._init_context(request)
    response = BoltResponse(status=200)
    names = ["logger", *_ARGUMENTS]
    given: dict[str, Any] = {}
    listener = next(iter(slack_app._listeners))
    assert type(listener) is MashbotListener
    kept = listener.arg_names, listener.ack_function
    listener.arg_names, listener.ack_function = names, lambda **kwargs: given.update(kwargs)
    try:
        listener.run_ack_function(request=request, response=response)
    finally:
        listener.arg_names, listener.ack_function = kept
    bolts = build_required_kwargs(
        logger=listener.logger, required_arg_names=list(names), request=request, response=response
    )
    assert given.keys() == bolts.keys()
    for name, value in bolts.items():
        assert given[name] is value or given[name] == value, name


def test_a_view_in_the_answer_is_sent_as_bolt_would_send_it() -> None:
    """Encoded by orjson, read back as the same JSON with the same content type as Bolt's own
    answer; anything else (errors, a text) is still Bolt's to encode."""
    import json

    from slack_bolt import Ack

    from bot.slack.acks import answer

    modal = {
        "type": "modal",
        "title": {"type": "plain_text", "text": "Rhoi gwybod am bryder ŵ", "emoji": True},
        "blocks": [
            {"type": "section", "text": {"type": "mrkdwn", "text": "Step 2 of 5 \u2013 ok"}}
        ],
        "private_metadata": json.dumps({"form": "concern", "key": "k1"}),
    }
    for kw in (
        {"response_action": "update", "view": modal},
        {"response_action": "push", "view": modal},
        {"response_action": "errors", "errors": {"child_name": "Say who the child is."}},
        {"response_action": "update", "view": {**modal, "too_large": 2**70}},  # orjson refuses
    ):
        ours, bolts = Ack(), Ack()
        answer(ours, (), kw)
        bolts(**kw)
        assert ours.response.status == bolts.response.status == 200
        assert ours.response.headers == bolts.response.headers
        assert json.loads(ours.response.body) == json.loads(bolts.response.body) == kw
    plain = Ack()
    answer(plain, ("Thanks: your concern is saved.",), {})
    assert plain.response.body == "Thanks: your concern is saved."
