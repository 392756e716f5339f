"""Key rotation: re-encrypt every protected value (and child match key) under the newest data key.

Runs in small batches, each its own transaction, so a running bot keeps working; a value is
rewritten only if an older key made it, so a stopped rotation simply resumes.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from sqlalchemy import Engine, inspect, select, type_coerce
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.attributes import flag_modified
from sqlalchemy.types import Text

from storage.base import Base
from storage.crypto import _Encrypted, cipher_of, key_id_of
from storage.models import Concern
from storage.models.concerns import child_match_of


def protected_columns() -> dict[type, list[str]]:
    """Every model with encrypted columns, and their attribute names."""
    found: dict[type, list[str]] = {}
    for mapper in Base.registry.mappers:
        names = [c.key for c in mapper.columns if isinstance(c.type, _Encrypted)]
        if names:
            found[mapper.class_] = names
    return found


def key_use(engine: Engine) -> Counter[str]:
    """How many stored values each data key encrypted: retire a key once it counts none."""
    counts: Counter[str] = Counter()
    with engine.connect() as connection:
        for model, names in protected_columns().items():
            table = model.__table__
            for name in names:
                column = type_coerce(table.c[name], Text)
                for value in connection.scalars(select(column).where(column.is_not(None))):
                    counts[key_id_of(value) or "?"] += 1
        for value in connection.scalars(
            select(Concern.child_match).where(Concern.child_match.is_not(None))
        ):
            counts[value.split(":", 1)[0]] += 1
    return counts


@dataclass
class Rotated:
    rows: int = 0
    batches: int = 0


def rotate(sessions: sessionmaker[Session], engine: Engine, batch_size: int = 200) -> Rotated:
    """Re-encrypt rows written with an older key, `batch_size` rows per transaction."""
    current = cipher_of(engine).keys.current.id
    done = Rotated()
    for model, names in protected_columns().items():
        table = model.__table__
        key = next(iter(inspect(model).primary_key))
        stale = []
        with engine.connect() as connection:
            columns = [type_coerce(table.c[n], Text) for n in names]
            for row in connection.execute(select(key, *columns)):
                ids = {key_id_of(v) for v in row[1:] if v is not None}
                if model is Concern:
                    ids.add(key_id_of_match(connection, row[0]))
                if ids - {current}:
                    stale.append(row[0])
        for start in range(0, len(stale), batch_size):
            with sessions() as session, session.begin():
                for obj in session.scalars(
                    select(model).where(key.in_(stale[start : start + batch_size]))
                ):
                    for name in names:
                        if getattr(obj, name) is not None:
                            flag_modified(obj, name)
                    if isinstance(obj, Concern):
                        obj.child_match = child_match_of(cipher_of(engine), obj)
                done.rows += 1
            done.batches += 1
    return done


def key_id_of_match(connection, concern_id: int) -> str | None:  # type: ignore[no-untyped-def]
    match = connection.scalar(select(Concern.child_match).where(Concern.id == concern_id))
    return match.split(":", 1)[0] if match else None
