"""The audit checkpoint file: one signed JSON line per checkpoint, only ever appended to.

It lives outside the database (`MASHBOT_AUDIT_CHECKPOINTS`), so whoever can rewrite the database
cannot also rewind the record of how long the audit log was and how it ended.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path


@dataclass(frozen=True)
class Checkpoint:
    """How the audit log stood at `at`: its event count, last event and that event's hash."""

    at: datetime
    count: int
    last_event_id: int
    head_hash: str
    key_id: str
    signature: str = ""

    def signed_part(self) -> bytes:
        """What the signature covers: every field but the signature, in a fixed form."""
        return json.dumps(
            ["checkpoint", self.at.isoformat(), self.count, self.last_event_id, self.head_hash],
            separators=(",", ":"),
        ).encode()

    def to_line(self) -> str:
        fields = asdict(self) | {"at": self.at.isoformat()}
        return json.dumps(fields, sort_keys=True, separators=(",", ":"))


@dataclass(frozen=True)
class UnreadableLine:
    number: int
    problem: str


def append(path: Path, checkpoint: Checkpoint) -> None:
    """Add one line, opened for appending only and flushed to disk before returning."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
    try:
        os.write(fd, (checkpoint.to_line() + "\n").encode())
        os.fsync(fd)
    finally:
        os.close(fd)


def read(path: Path) -> tuple[list[Checkpoint], list[UnreadableLine]]:
    """Every checkpoint in the file, in file order, and the lines that could not be read."""
    if not path.exists():
        return [], []
    found: list[Checkpoint] = []
    bad: list[UnreadableLine] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            fields = json.loads(line)
            found.append(
                Checkpoint(
                    at=datetime.fromisoformat(fields["at"]),
                    count=int(fields["count"]),
                    last_event_id=int(fields["last_event_id"]),
                    head_hash=str(fields["head_hash"]),
                    key_id=str(fields["key_id"]),
                    signature=str(fields["signature"]),
                )
            )
        except (ValueError, KeyError, TypeError) as error:
            bad.append(UnreadableLine(number, f"{type(error).__name__}: {error}"))
    return found, bad
