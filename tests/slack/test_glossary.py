"""`/mash glossary` in Slack answers anyone, reporters included, at once."""

from __future__ import annotations

from messages import glossary


def test_a_reporter_gets_the_glossary_from_the_mash_command(bot, person) -> None:
    ben = person("U0BEN")
    answer = ben.command("/mash", "glossary")
    assert answer.status == 200
    said = answer.json()["text"]
    assert "MASH: Multi-Agency Safeguarding Hub" in said
    assert said.startswith(glossary.lines()[0])
