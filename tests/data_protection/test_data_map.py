"""The data map names every column of every model, so a new column cannot go unmapped."""

from __future__ import annotations

import re
from pathlib import Path

from storage.base import Base
from storage.crypto import _Encrypted

DATA_MAP = Path(__file__).resolve().parents[2] / "docs" / "data-protection.md"


def _named() -> set[str]:
    return set(re.findall(r"`([a-z_]+\.[a-z_]+)`", DATA_MAP.read_text(encoding="utf-8")))


def test_every_model_column_is_in_the_data_map() -> None:
    columns = {f"{t.name}.{c.name}" for t in Base.metadata.sorted_tables for c in t.columns}
    missing = sorted(columns - _named())
    assert missing == [], f"add these columns to docs/data-protection.md: {missing}"


def test_every_encrypted_column_is_mapped_as_personal_data_with_aes_gcm() -> None:
    text = DATA_MAP.read_text(encoding="utf-8")
    for table in Base.metadata.sorted_tables:
        for column in table.columns:
            if isinstance(column.type, _Encrypted):
                row = next(
                    line for line in text.splitlines() if f"`{table.name}.{column.name}` |" in line
                )
                assert "AES-GCM" in row
