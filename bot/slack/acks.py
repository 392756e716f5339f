"""An ack, once given, stays given: a listener's later error never turns it into an HTTP error.

When a listener raises after `ack()`, Bolt's thread runner clears the ack it was about to send
(and briefly sets a 500), so the person sees an error after three seconds although the request
was acknowledged — as when `/concern` reaches two replicas and the loser's `views.open` fails
with `exchanged_trigger_id`. Every listener is therefore registered wrapped: an error after its
ack goes straight to the app's error handler (which logs ids only and frees the retry), never
back into Bolt's runner; an error before the ack is Bolt's to answer, as before.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from contextlib import nullcontext
from typing import Any

from slack_bolt import BoltContext
from slack_bolt.request import BoltRequest
from slack_bolt.util.utils import get_arg_names_of_callable

from messages.i18n import use_locale

LateError = Callable[[Exception, BoltRequest], None]
LanguageOf = Callable[[BoltContext], str | None]


def kept_after_ack(
    listener: Callable[..., Any], on_late_error: LateError, language_of: LanguageOf | None = None
) -> Callable[..., Any]:
    """`listener`, asking Bolt also for the request so it can tell whether the ack was given.

    With `language_of`, everything the listener renders (its ack too) is in that language: the
    one place a Slack request picks the reader's language (the actor's, resolved by middleware).
    """
    names = get_arg_names_of_callable(listener)

    def run(**kwargs: Any) -> Any:
        request: BoltRequest = kwargs["request"]
        language = language_of(request.context) if language_of else None
        try:
            with use_locale(language) if language else nullcontext():
                return listener(**{name: kwargs[name] for name in names})
        except Exception as error:
            if request.context.ack.response is None:
                raise  # not acknowledged yet: Bolt answers, and its error handler logs it
            on_late_error(error, request)
            return None

    wanted = list(dict.fromkeys([*names, "request"]))
    run.__signature__ = inspect.Signature(  # type: ignore[attr-defined] - read by Bolt
        [inspect.Parameter(name, inspect.Parameter.POSITIONAL_OR_KEYWORD) for name in wanted]
    )
    run.__name__ = getattr(listener, "__name__", "listener")
    run.__qualname__ = getattr(listener, "__qualname__", run.__name__)
    return run
