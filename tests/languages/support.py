"""A partnership file that speaks Welsh by default (and, if asked, posts bilingually)."""

from __future__ import annotations

from pathlib import Path

from bot.settings import EXAMPLE_PARTNERSHIP


def partnership_in(tmp_path: Path, language: str, *, bilingual: bool = False) -> Path:
    """The example partnership with another default language."""
    text = EXAMPLE_PARTNERSHIP.read_text(encoding="utf-8")
    text = text.replace("language: en\n", f"language: {language}\n", 1)
    if bilingual:
        text = text.replace("bilingual_channels: false", "bilingual_channels: true", 1)
    path = tmp_path / f"partnership-{language}.yaml"
    path.write_text(text, encoding="utf-8")
    return path
