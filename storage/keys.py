"""Secret keys kept outside the database: loaded from a variable or a file, named by fingerprint.

A keyring is one or more keys, oldest first; the last one signs (or encrypts) new records and the
older ones are kept only to check what they signed. Each key is named by a fingerprint derived
from it, so records can say which key they used without revealing it. The audit chain uses one
keyring; other secrets (e.g. encryption keys) load theirs with the same `load`.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass, field
from pathlib import Path

MIN_KEY_LENGTH = 32
# Public on purpose: the console and the demo sign with it when no key is set. Never for real data.
DEVELOPMENT_SECRET = "mashbot-development-key:public:for-the-console-and-the-demo-only"


class KeyConfigError(Exception):
    """A key is missing, too short or unreadable; the message says which setting to fix."""


@dataclass(frozen=True)
class Key:
    id: str
    secret: bytes = field(repr=False)

    def sign(self, message: bytes) -> str:
        return hmac.new(self.secret, message, hashlib.sha256).hexdigest()

    def verifies(self, message: bytes, signature: str) -> bool:
        return hmac.compare_digest(self.sign(message), signature)


def key_from(secret: str) -> Key:
    """A key and its fingerprint (`k` + 11 hex digits of an HMAC of a fixed label)."""
    raw = secret.encode()
    fingerprint = hmac.new(raw, b"mashbot key fingerprint", hashlib.sha256).hexdigest()[:11]
    return Key(id=f"k{fingerprint}", secret=raw)


@dataclass(frozen=True)
class Keyring:
    """Keys oldest first; `current` signs new records, every key still checks old ones."""

    keys: tuple[Key, ...]
    development: bool = False

    @property
    def current(self) -> Key:
        return self.keys[-1]

    def get(self, key_id: str | None) -> Key | None:
        return next((key for key in self.keys if key.id == key_id), None)


def parse(text: str, *, source: str) -> Keyring:
    """Keys separated by spaces or new lines (`#` starts a comment); the last one is current."""
    secrets = [word for line in text.splitlines() for word in line.split("#", 1)[0].split()]
    if not secrets:
        raise KeyConfigError(f"{source} holds no key.")
    for number, secret in enumerate(secrets, start=1):
        if len(secret) < MIN_KEY_LENGTH:
            raise KeyConfigError(
                f"Key {number} in {source} is {len(secret)} characters long; a key needs at least "
                f"{MIN_KEY_LENGTH} random characters (e.g. from `openssl rand -hex 32`)."
            )
    return Keyring(tuple(key_from(secret) for secret in secrets))


def load(
    value: str | None, file: Path | None, *, variable: str, file_variable: str
) -> Keyring | None:
    """The keyring from a variable's value or a key file (not both); None when neither is set."""
    if value and file:
        raise KeyConfigError(f"Set {variable} or {file_variable}, not both.")
    if value:
        return parse(value, source=variable)
    if file is None:
        return None
    try:
        text = file.read_text(encoding="utf-8")
    except OSError as error:
        raise KeyConfigError(
            f"{file_variable} names {file}, which cannot be read ({error.strerror})."
        ) from error
    return parse(text, source=f"{file_variable} ({file})")


def development_keyring() -> Keyring:
    """The public key the console and the demo sign with when no key is set."""
    return Keyring((key_from(DEVELOPMENT_SECRET),), development=True)
