"""Pacing: per-recipient and per-workspace token buckets, so a burst meets few 429s.

Kept in this process only, and only as an optimisation: order and exactly-once rest on the
database (a recipient is served by one dispatcher at a time), and a 429 that still comes
pauses the recipient in the database too.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from bot.delivery.transport import Pacing, Rate

PRUNE_AT = 10_000  # forget idle buckets past this many, so memory stays bounded


class Pacer:
    """GCRA buckets (a token bucket in one number per key) plus pauses ordered by a platform."""

    def __init__(self, pacing: Pacing, clock: Callable[[], float] = time.monotonic) -> None:
        self.pacing = pacing
        self.clock = clock
        self._next: dict[tuple[str, str], float] = {}  # key -> theoretical arrival time
        self._paused: dict[tuple[str, str], float] = {}  # key -> until
        self._lock = threading.Lock()

    def reserve(self, recipient: str, workspace: str) -> float:
        """0.0 (and a slot is taken) when both buckets allow a send now; else seconds to wait."""
        with self._lock:
            now = self.clock()
            keys = (
                (("r", recipient), self.pacing.per_recipient),
                (("w", workspace), self.pacing.per_workspace),
            )
            wait = max(self._wait(key, rate, now) for key, rate in keys)
            if wait > 0:
                return wait
            for key, rate in keys:
                if rate is not None:
                    self._next[key] = max(self._next.get(key, now), now) + 1.0 / rate.per_second
            if len(self._next) > PRUNE_AT:
                self._prune(now)
            return 0.0

    def pause(self, scope: str, name: str, seconds: float) -> None:
        """Slow down as the platform asked: nothing for `name` ("r"/"w") for `seconds`."""
        with self._lock:
            key = (scope, name)
            until = self.clock() + seconds
            self._paused[key] = max(self._paused.get(key, 0.0), until)

    def _wait(self, key: tuple[str, str], rate: Rate | None, now: float) -> float:
        wait = self._paused.get(key, 0.0) - now
        if rate is not None:
            tolerance = (rate.burst - 1) / rate.per_second
            wait = max(wait, self._next.get(key, now) - tolerance - now)
        return max(wait, 0.0)

    def _prune(self, now: float) -> None:
        self._next = {k: v for k, v in self._next.items() if v > now}
        self._paused = {k: v for k, v in self._paused.items() if v > now}
