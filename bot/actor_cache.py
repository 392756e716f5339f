"""Who is behind a platform id, remembered briefly so that acknowledging a request needs no
database work; for every entry point (Slack, Teams).

Correctness never rests on this memory. An entry lives at most `ttl` seconds (60 by default,
`MASHBOT_ACTOR_CACHE_SECONDS`); it is dropped at once when this process holds another
partnership (roles come from the partnership file) or is told a person changed. So a change
made by another process (a second replica linking an identity, a CLI) is seen within `ttl`
seconds at worst, and a stale entry costs only a fresh look-up on expiry. Workflows still
check every access against the records they load.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from workflows.context import Actor
from workflows.partnership import Partnership


@dataclass(frozen=True)
class _Entry:
    actor: Actor
    partnership: Partnership
    expires: float


class ActorCache:
    """(platform, workspace, external id) → Actor, bounded in size and in age."""

    def __init__(
        self,
        ttl: float = 60.0,
        capacity: int = 10_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.ttl = ttl
        self.capacity = capacity
        self.clock = clock
        self._entries: OrderedDict[tuple[str, str, str], _Entry] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple[str, str, str], partnership: Partnership) -> Actor | None:
        """The remembered actor, unless it is too old or was resolved under another partnership."""
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            if entry.expires <= self.clock() or entry.partnership is not partnership:
                del self._entries[key]
                return None
            return entry.actor

    def put(self, key: tuple[str, str, str], partnership: Partnership, actor: Actor) -> None:
        if self.ttl <= 0:
            return
        with self._lock:
            self._entries[key] = _Entry(actor, partnership, self.clock() + self.ttl)
            self._entries.move_to_end(key)
            while len(self._entries) > self.capacity:
                self._entries.popitem(last=False)

    def forget_person(self, person_id: str) -> None:
        """A person changed (identity linked, roles edited): their next request looks them up."""
        with self._lock:
            for key in [k for k, e in self._entries.items() if e.actor.person_id == person_id]:
                del self._entries[key]

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
