"""The response leaves the moment a listener acknowledges; everything after runs behind it.

Bolt's own runner starts a listener in its pool and polls for its ack every 10 ms, and a
listener's error after the ack could clear the ack it was about to send (a 404 or 500 after
three seconds although the request was acknowledged). mashbot runs Bolt with
`process_before_response=True` and registers every listener through `ack_first`: the request
thread starts the listener in mashbot's pool and waits on an event its ack sets, so the response
is sent as soon as the ack is given, and never taken back.

Then, in the listener's thread, after the ack: the retry guard claims the request in the
database (a retry of one already in hand, on whichever replica, stops there), and the listener
goes on. A listener marked `trigger_guards_itself` is not claimed for: its only effect is a view
opened with the request's trigger, which Slack exchanges once. An error before the ack is
Bolt's to answer, as before; an error after it goes to the app's error handler (which logs ids
only and frees the retry).
"""

from __future__ import annotations

import inspect
import logging
import threading
from collections.abc import Callable
from concurrent.futures import Executor
from contextlib import nullcontext
from typing import Any, Protocol

import orjson
from slack_bolt import Ack, BoltContext
from slack_bolt.request import BoltRequest
from slack_bolt.util.utils import get_arg_names_of_callable

from messages.i18n import use_locale

log = logging.getLogger("mashbot.slack")

LateError = Callable[[Exception, BoltRequest], None]
LanguageOf = Callable[[BoltContext], str | None]


class Guard(Protocol):
    def claim(self, request: BoltRequest, body: dict[str, Any]) -> bool:
        """True unless the request is a retry of one already in hand (then it says so)."""


TRIGGER_ONLY = "mashbot_trigger_guards_itself"


def trigger_guards_itself(listener: Callable[..., Any]) -> Callable[..., Any]:
    """Mark a listener whose only effect is a view opened (views.open) with its request's
    trigger_id, reading the database at most: the retry guard does not claim its requests.

    Slack exchanges a trigger once: a retry's views.open is refused (`exchanged_trigger_id`), so
    a second attempt can open nothing and change nothing, on this replica or another. The claim,
    a database write on every request, would guard nothing here; these listeners open forms, the
    busiest requests there are.
    """
    setattr(listener, TRIGGER_ONLY, True)
    return listener


class _AlreadyInHand(Exception):  # noqa: N818 - the state it reports
    """Raised through a listener from its ack: another attempt of this request does the work."""


class _Signal:
    """Set once by the listener's thread (at its ack, or when it ends), awaited by the request's.

    A bare lock, held from the start and released once: on every request, a `threading.Event`
    (a condition, its lock and a waiter lock, in Python) cost about half as much CPU again to
    make, set and wait for. Only the listener's thread sets it, so `set` needs no lock of its own.
    """

    __slots__ = ("_lock", "_set")

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._lock.acquire()
        self._set = False

    def set(self) -> None:
        if not self._set:
            self._set = True
            self._lock.release()

    def wait(self, timeout: float) -> None:
        self._lock.acquire(timeout=timeout)


_ENCODED_HERE = frozenset({"response_action", "view"})


def answer(bolt_ack: Ack, args: tuple[Any, ...], kw: dict[str, Any]) -> Any:
    """Acknowledge with `args` and `kw`, a view in the response encoded by orjson.

    Bolt encodes a response with the standard `json` module: a form's next step, about 6 KB,
    took about 0.1 ms of CPU on every view submission, a twentieth of the whole request. orjson
    takes a tenth of that. Bolt sends a text answer as it is, as JSON when it is an object; a
    view orjson cannot encode (none of mashbot's) is left to Bolt.
    """
    if not args and kw.keys() == _ENCODED_HERE and isinstance(kw["view"], dict):
        try:
            return bolt_ack(orjson.dumps(kw).decode())
        except orjson.JSONEncodeError:
            pass
    return bolt_ack(*args, **kw)


def ack_first(
    listener: Callable[..., Any],
    *,
    pool: Callable[[], Executor],
    after_ack: threading.Semaphore,
    guard: Callable[[], Guard | None],
    on_late_error: LateError,
    auto_acknowledgement: bool,
    ack_timeout: float,
    language_of: Callable[[], LanguageOf | None] = lambda: None,
) -> Callable[..., Any]:
    """`listener` run in `pool`, the caller returning as soon as it acknowledges (or fails).

    With `language_of`, everything the listener renders (its ack too) is in that language: the
    one place a Slack request picks the reader's language (the actor's, resolved by middleware).
    """
    names = get_arg_names_of_callable(listener)
    guarded = not getattr(listener, TRIGGER_ONLY, False)

    def run(**kwargs: Any) -> None:
        request: BoltRequest = kwargs["request"]
        bolt_ack: Ack = kwargs["ack"]
        given = _Signal()
        early: list[Exception] = []
        held: list[bool] = []

        def claim() -> None:
            found = guard() if guarded else None
            if found is not None and not found.claim(request, kwargs["body"]):
                raise _AlreadyInHand

        def ack(*args: Any, **kw: Any) -> Any:
            response = answer(bolt_ack, args, kw)
            given.set()  # the response leaves now; the claim and the work come after it
            if not held:  # a turn for the work after the ack, so new acks are not queued behind
                after_ack.acquire()
                held.append(True)
                claim()
            return response

        language_for = language_of()
        language = language_for(request.context) if language_for else None

        def work() -> None:
            try:
                if auto_acknowledgement:  # Bolt acknowledges once `run` returns
                    claim()
                with use_locale(language) if language else nullcontext():
                    listener(**{n: ack if n == "ack" else kwargs[n] for n in names})
            except _AlreadyInHand:
                pass
            except Exception as error:  # noqa: BLE001 - handed on, never swallowed
                if bolt_ack.response is None and not auto_acknowledgement:
                    early.append(error)  # not acknowledged: Bolt answers, as before
                else:
                    on_late_error(error, request)
            finally:
                given.set()
                if held:
                    after_ack.release()

        pool().submit(work)
        if auto_acknowledgement:
            return
        given.wait(ack_timeout)
        if early:
            raise early[0]

    wanted = list(dict.fromkeys([*names, "request", "ack", "body"]))
    run.__signature__ = inspect.Signature(  # type: ignore[attr-defined] - read by Bolt
        [inspect.Parameter(name, inspect.Parameter.POSITIONAL_OR_KEYWORD) for name in wanted]
    )
    run.__name__ = getattr(listener, "__name__", "listener")
    run.__qualname__ = getattr(listener, "__qualname__", run.__name__)
    return run
