"""An ack, once given, stays given: a listener's later error cannot turn it into an HTTP 404.

Bolt's thread runner, when a listener raises after `ack()`, resets the ack's response to None;
the request thread, still polling for it, then answers nothing and Slack shows the person an
error after three seconds (as when `/concern` reaches two replicas and the loser's `views.open`
fails with `exchanged_trigger_id`). Every request gets this ack instead, which ignores the reset;
the error itself still reaches the app's error handler and the log.
"""

from __future__ import annotations

from collections.abc import Callable

from slack_bolt import Ack, BoltContext
from slack_bolt.response import BoltResponse


class KeptAck(Ack):
    """Bolt's Ack, except that a response once set is never cleared again."""

    @property  # type: ignore[override]
    def response(self) -> BoltResponse | None:
        return self.__dict__.get("_response")

    @response.setter
    def response(self, value: BoltResponse | None) -> None:
        if value is None and self.__dict__.get("_response") is not None:
            return  # the runner clearing an ack already given after a listener error
        self.__dict__["_response"] = value


def keep_acks(context: BoltContext, next: Callable[[], None]) -> None:
    """Middleware: give the request a KeptAck before any listener (or the runner) takes it."""
    context["ack"] = KeptAck()
    next()
