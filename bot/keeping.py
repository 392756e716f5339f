"""Form steps written just after the person has their next step: many in one transaction.

A form carrying its answers (`workflows.form_carry`) is answered before its draft is written;
this writes those drafts from one thread, as many as are waiting in one transaction, so a burst
of form steps costs one commit for many instead of one each. Nothing rests on it: if the write
fails, or the process stops before it, the form still holds the answers and its next step,
its Back button or closing it writes them. A stop writes whatever is waiting first.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager

from workflows.context import Context
from workflows.forms import Keep

log = logging.getLogger("mashbot.keeping")

Write = Callable[[Context, Sequence[Keep]], None]  # a flow's keep_whole
BATCH = 200  # keeps in one transaction at most
# Seconds a write waits for more keeps after the first: under a burst, one commit for dozens
# of steps instead of a few (a step's answers are safe in its form meanwhile).
GATHER = 0.05
PAUSES = (0.2, 1.0, 5.0)  # seconds between tries of a failed write
_STOP = None


class StepKeeper:
    """A queue of keeps and the thread that writes them, started with the first keep."""

    def __init__(self, unit_of_work: Callable[[str], AbstractContextManager[Context]]) -> None:
        self._unit_of_work = unit_of_work
        self._queue: queue.Queue[tuple[Write, Keep] | None] = queue.Queue()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._stopped = False

    def put(self, write: Write, keep: Keep) -> None:
        """Write `keep` soon with `write`; at once, here, if the keeper has stopped."""
        with self._lock:
            if not self._stopped:
                if self._thread is None:
                    self._thread = threading.Thread(
                        target=self._run, name="mashbot-step-keeper", daemon=True
                    )
                    self._thread.start()
                self._queue.put((write, keep))
                return
        self._write([(write, keep)])

    def wait(self) -> None:
        """Until every keep put so far is written (or given up on)."""
        self._queue.join()

    def stop(self, timeout: float = 30.0) -> None:
        """Write what is waiting, then end the thread; later keeps are written as they come."""
        with self._lock:
            self._stopped = True
            thread = self._thread
            if thread is not None:
                self._queue.put(_STOP)
        if thread is not None:
            thread.join(timeout)

    def _run(self) -> None:
        while True:
            batch, stopping = self._gather(self._queue.get())
            try:
                if batch:
                    self._write(batch)
            finally:
                for _ in range(len(batch) + stopping):
                    self._queue.task_done()
            if stopping:
                return

    def _gather(self, first: tuple[Write, Keep] | None) -> tuple[list[tuple[Write, Keep]], bool]:
        """The keeps to write together: the first, and what came during GATHER after it.

        The keeper sleeps through GATHER and then takes what has come, rather than waiting on
        the queue for each keep: a waiting thread is woken by every keep put, and under a
        burst that was a thread hand-over (and a turn of this loop) for each form step, paid
        by the requests waiting for the interpreter lock. Asleep, nothing wakes it."""
        if first is _STOP:
            return [], True
        batch = [first]
        time.sleep(GATHER)
        while len(batch) < BATCH:
            try:
                more = self._queue.get_nowait()
            except queue.Empty:
                break
            if more is _STOP:
                return batch, True
            batch.append(more)
        return batch, False

    def _write(self, batch: list[tuple[Write, Keep]]) -> None:
        """One transaction for the batch, tried again after a pause if it fails."""
        by_write: dict[Write, list[Keep]] = {}
        for write, keep in batch:
            by_write.setdefault(write, []).append(keep)
        for pause in (*PAUSES, None):
            try:
                with self._unit_of_work("keeper") as ctx:
                    for write, keeps in by_write.items():
                        write(ctx, keeps)
                return
            except Exception as error:  # noqa: BLE001 - the forms still hold their answers
                # The error's class only: its text may quote the row's values.
                if pause is None:
                    log.error(
                        "could not write %d form steps (%s); each form still holds its "
                        "answers, and its next step, Back or closing it writes them",
                        len(batch),
                        type(error).__name__,
                    )
                    return
                log.warning(
                    "writing %d form steps failed (%s); trying again in %.1f s",
                    len(batch),
                    type(error).__name__,
                    pause,
                )
                time.sleep(pause)
