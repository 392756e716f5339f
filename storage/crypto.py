"""Encryption at rest: protected columns hold AES-GCM ciphertext naming the key that made it.

Keys come from MASHBOT_DATA_KEY or MASHBOT_DATA_KEY_FILE (a keyring, see storage/keys.py), never
from the database. The engine carries its cipher (`install`), so models and workflows read and
write plain values and never see a key. A stored value is `v1:<key id>:<base64 nonce+ciphertext>`;
the column name is bound in as associated data, so a value copied into another column fails.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import threading
import unicodedata
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import Engine, Text, TypeDecorator

from storage.keys import Key, Keyring

PREFIX = "v1"
_ATTRIBUTE = "mashbot_cipher"


class CipherError(Exception):
    """A protected value cannot be written or read; the message says which key or setting."""


def _derive(key: Key, purpose: bytes) -> bytes:
    """A 32-byte key for one purpose (encrypting, matching) from a keyring secret."""
    return hmac.new(key.secret, b"mashbot data key:" + purpose, hashlib.sha256).digest()


@lru_cache(maxsize=32)
def _sealer(key: Key) -> AESGCM:
    """The AEAD for one key, made once: every protected column of every row uses it."""
    return AESGCM(_derive(key, b"encrypt"))


class _Nonces:
    """Random 96-bit nonces, drawn from the system's generator a few hundred at a time.

    `os.urandom` lets go of the interpreter lock while it asks the kernel, and under a burst a
    request thread that lets go waits behind every other thread to get it back: a nonce per
    encryption made that wait a large part of a form step. Each nonce is used once; a process
    forked after a draw draws afresh, so parent and child never share one.
    """

    SIZE = 12
    DRAWN = 256

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pool = b""
        self._pid = 0

    def take(self) -> bytes:
        with self._lock:
            if not self._pool or self._pid != os.getpid():
                self._pool, self._pid = os.urandom(self.SIZE * self.DRAWN), os.getpid()
            nonce, self._pool = self._pool[: self.SIZE], self._pool[self.SIZE :]
        return nonce


_NONCES = _Nonces()


@dataclass(frozen=True)
class FieldCipher:
    """Encrypts with the newest key, decrypts with any key of the keyring, matches children."""

    keys: Keyring

    def encrypt(self, plain: str, label: str = "") -> str:
        return self.seal(plain.encode(), label)

    def decrypt(self, stored: str, label: str = "") -> str:
        return self.unseal(stored, label).decode()

    def seal(self, data: bytes, label: str = "") -> str:
        """Bytes encrypted under the newest key, as text; `label` binds them to where they
        belong (a column, a form), so they cannot be moved elsewhere and read there."""
        key = self.keys.current
        nonce = _NONCES.take()
        sealed = _sealer(key).encrypt(nonce, data, label.encode())
        return f"{PREFIX}:{key.id}:{base64.urlsafe_b64encode(nonce + sealed).decode()}"

    def unseal(self, stored: str, label: str = "") -> bytes:
        """What `seal` sealed with this label; CipherError if altered, moved or keyless."""
        version, key_id, body = _split(stored)
        key = self.keys.get(key_id)
        if key is None:
            raise CipherError(
                f"A stored value was encrypted with data key {key_id}, which is not among the "
                "data keys given. Add it back to MASHBOT_DATA_KEY (oldest first) and run "
                "`mashbot keys rotate` before retiring it."
            )
        try:
            raw = base64.urlsafe_b64decode(body)
            return _sealer(key).decrypt(raw[:12], raw[12:], label.encode())
        except (InvalidTag, ValueError) as error:  # ValueError: not base64, or too short
            raise CipherError(f"A value encrypted with key {key_id} has been altered.") from error

    def child_matches(self, name: str, dob: date | None) -> list[str]:
        """The child's match keys under every data key (newest first), to find earlier referrals."""
        return [_match(key, name, dob) for key in reversed(self.keys.keys)]

    def child_match(self, name: str, dob: date | None) -> str:
        """The child's match key under the newest data key: stored with each concern."""
        return _match(self.keys.current, name, dob)


def _split(stored: str) -> tuple[str, str, str]:
    parts = stored.split(":", 2)
    if len(parts) != 3 or parts[0] != PREFIX:
        raise CipherError("A protected column holds a value that is not encrypted.")
    return parts[0], parts[1], parts[2]


def key_id_of(stored: str | None) -> str | None:
    """The id of the key a stored value was encrypted with (None for NULL)."""
    if stored is None:
        return None
    return _split(stored)[1]


def normalised_child(name: str, dob: date | None) -> str:
    """Case, accents, punctuation and spacing removed, so "Kayla  O'Brien" matches "kayla obrien"."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    letters = " ".join("".join(c for c in folded if c.isalnum() or c.isspace()).split())
    return f"{letters}|{dob.isoformat() if dob else ''}"


def _match(key: Key, name: str, dob: date | None) -> str:
    digest = hmac.new(_derive(key, b"match"), normalised_child(name, dob).encode(), "sha256")
    return f"{key.id}:{digest.hexdigest()[:40]}"


def install(engine: Engine, keys: Keyring) -> FieldCipher:
    """Give an engine its data keys: every protected column it reads or writes uses them."""
    cipher = FieldCipher(keys)
    setattr(engine.dialect, _ATTRIBUTE, cipher)
    return cipher


def cipher_of(dialect_or_engine: Any) -> FieldCipher:
    """The cipher installed on an engine (or its dialect); refuses to go on without one."""
    dialect = getattr(dialect_or_engine, "dialect", dialect_or_engine)
    cipher = getattr(dialect, _ATTRIBUTE, None)
    if cipher is None:
        raise CipherError(
            "No data key is set for this database connection, so protected details can be "
            "neither stored nor read. Set MASHBOT_DATA_KEY (or MASHBOT_DATA_KEY_FILE)."
        )
    return cipher


class _Encrypted(TypeDecorator[Any]):
    """Base of the protected column types: serialise, encrypt on the way in, decrypt on the way out."""

    impl = Text
    cache_ok = True

    def __init__(self, label: str = "", *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.label = label

    def dump(self, value: Any) -> str:
        return str(value)

    def load(self, text: str) -> Any:
        return text

    def process_bind_param(self, value: Any, dialect: Any) -> str | None:
        if value is None:
            return None
        return cipher_of(dialect).encrypt(self.dump(value), self.label)

    def process_result_value(self, value: str | None, dialect: Any) -> Any:
        if value is None:
            return None
        return self.load(cipher_of(dialect).decrypt(value, self.label))


class EncryptedText(_Encrypted):
    """A narrative or identifier: text in Python, ciphertext in the database."""

    cache_ok = True


class EncryptedDate(_Encrypted):
    """A date of birth: a `date` in Python, ciphertext in the database."""

    cache_ok = True

    def dump(self, value: Any) -> str:
        return value.isoformat()

    def load(self, text: str) -> Any:
        return date.fromisoformat(text)


class EncryptedJSON(_Encrypted):
    """Typed answers or search details: JSON in Python, one ciphertext in the database."""

    cache_ok = True

    def dump(self, value: Any) -> str:
        return json.dumps(value, sort_keys=True)

    def load(self, text: str) -> Any:
        return json.loads(text)
