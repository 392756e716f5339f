"""The partnership file: validated with the line and field of every problem."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot import partnership_file
from bot.app import build
from bot.cli import main
from bot.settings import EXAMPLE_PARTNERSHIP, Settings


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "partnership.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def broken_example(tmp_path: Path) -> Path:
    text = EXAMPLE_PARTNERSHIP.read_text(encoding="utf-8")
    text = text.replace("mash_channel: mash-shire", "mash_channel: mash-nowhere")
    text = text.replace("weight: 3}", "weight: heavy}", 1)
    text = text.replace(
        "    agency: health\n", "    agency: health\n    favourite_colour: blue\n", 1
    )
    return write(tmp_path, text)


def test_the_example_is_valid(capsys) -> None:
    assert main(["check-config", str(EXAMPLE_PARTNERSHIP)]) == 0
    assert "is valid: Riverton City and Shire" in capsys.readouterr().out


def test_every_problem_is_named_with_its_line_and_field(tmp_path: Path, capsys) -> None:
    path = broken_example(tmp_path)
    assert main(["check-config", str(path)]) == 1
    out = capsys.readouterr().out
    lines = path.read_text().splitlines()
    weight_line = next(n for n, line in enumerate(lines, 1) if "weight: heavy" in line)
    colour_line = next(n for n, line in enumerate(lines, 1) if "favourite_colour" in line)
    assert f"line {weight_line}: screening.groups[0].indicators[0].weight:" in out
    assert f"line {colour_line}: people[4].favourite_colour: not a setting mashbot knows" in out
    with pytest.raises(partnership_file.PartnershipFileError):
        partnership_file.load(path)


def test_cross_references_are_checked(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        EXAMPLE_PARTNERSHIP.read_text().replace(
            "mash_channel: mash-shire", "mash_channel: mash-nowhere"
        ),
    )
    with pytest.raises(partnership_file.PartnershipFileError) as error:
        partnership_file.load(path)
    assert "area 'shire': mash_channel 'mash-nowhere' is unknown" in str(error.value)


def test_yaml_syntax_errors_name_the_line(tmp_path: Path) -> None:
    path = write(tmp_path, "name: x\nareas: [\n  - oops: : :\n")
    with pytest.raises(partnership_file.PartnershipFileError) as error:
        partnership_file.load(path)
    assert error.value.problems[0].line is not None
    assert error.value.problems[0].field == "yaml"


def test_a_missing_file_is_said_plainly(tmp_path: Path, capsys) -> None:
    assert main(["check-config", str(tmp_path / "nope.yaml")]) == 1
    assert "cannot read it" in capsys.readouterr().out


def test_the_bot_refuses_to_start_on_an_invalid_file(tmp_path: Path) -> None:
    settings = Settings(
        database_url=f"sqlite:///{tmp_path / 'x.db'}", partnership_file=broken_example(tmp_path)
    )
    with pytest.raises(partnership_file.PartnershipFileError) as error:
        build(settings)
    assert "is not a valid partnership file" in str(error.value)
    assert not (tmp_path / "x.db").exists()
