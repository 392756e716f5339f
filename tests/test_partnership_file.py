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


def _example() -> str:
    return EXAMPLE_PARTNERSHIP.read_text(encoding="utf-8")


def _line_of(path: Path, text: str, occurrence: int = 1) -> int:
    hits = [n for n, line in enumerate(path.read_text().splitlines(), 1) if text in line]
    return hits[occurrence - 1]


def test_a_binary_file_is_refused_plainly(tmp_path: Path, capsys) -> None:
    path = tmp_path / "partnership.yaml"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe")
    assert main(["check-config", str(path)]) == 1
    assert "it is not a text file in UTF-8" in capsys.readouterr().out


def test_a_huge_file_is_refused_before_it_is_parsed(tmp_path: Path, capsys) -> None:
    path = write(tmp_path, _example() + "# padding\n" * 200_000)
    assert main(["check-config", str(path)]) == 1
    assert "a partnership file is a few kilobytes and may be at most 1,024 KB" in (
        capsys.readouterr().out
    )


def test_an_unknown_time_zone_is_refused(tmp_path: Path, capsys) -> None:
    path = write(tmp_path, "timezone: Mars/Olympus\n" + _example())
    assert main(["check-config", str(path)]) == 1
    assert "line 1: timezone: 'Mars/Olympus' is not a time zone mashbot knows" in (
        capsys.readouterr().out
    )


def test_overlapping_score_bands_are_refused(tmp_path: Path) -> None:
    path = write(
        tmp_path, _example().replace("{name: High, min_score: 8}", "{name: High, min_score: 4}")
    )
    with pytest.raises(partnership_file.PartnershipFileError) as error:
        partnership_file.load(path)
    assert "bands 'Medium' and 'High' both start at min_score 4" in str(error.value)


def test_a_key_given_twice_is_refused_naming_both_lines(tmp_path: Path) -> None:
    text = _example().replace("emergency_number:", "emergency_number: '112'\nemergency_number:", 1)
    if "emergency_number:" not in _example():
        text = "emergency_number: '112'\nemergency_number: '999'\n" + _example()
    path = write(tmp_path, text)
    with pytest.raises(partnership_file.PartnershipFileError) as error:
        partnership_file.load(path)
    first, second = _line_of(path, "emergency_number:"), _line_of(path, "emergency_number:", 2)
    assert str(error.value.problems[0]) == (
        f"line {second}: emergency_number: 'emergency_number' is given twice (also on line "
        f"{first}); mashbot would use only the last. Keep one"
    )


def test_the_same_email_on_two_people_is_refused_at_the_second(tmp_path: Path) -> None:
    path = write(tmp_path, _example().replace("sam.ito@example.org", "nina.lowe@example.org"))
    with pytest.raises(partnership_file.PartnershipFileError) as error:
        partnership_file.load(path)
    line = _line_of(path, "nina.lowe@example.org", 2)
    [problem] = error.value.problems
    assert problem.line == line and problem.field.endswith(".email")
    assert "e-mail 'nina.lowe@example.org' is given twice" in problem.message


def test_cross_reference_errors_name_the_line_at_fault(tmp_path: Path) -> None:
    text = _example().replace("    agency: health\n", "    agency: nasa\n", 1)
    text = text.replace("mash_channel: mash-shire", "mash_channel: mash-nowhere")
    path = write(tmp_path, text)
    with pytest.raises(partnership_file.PartnershipFileError) as error:
        partnership_file.load(path)
    said = {str(p) for p in error.value.problems}
    nasa, nowhere = _line_of(path, "agency: nasa"), _line_of(path, "mash-nowhere")
    assert any(
        s.startswith(f"line {nasa}: people[") and "agency 'nasa' is unknown" in s for s in said
    )
    assert (
        f"line {nowhere}: areas[1].mash_channel: area 'shire': mash_channel 'mash-nowhere' is unknown"
        in said
    )


def test_a_duplicate_person_is_named_at_its_line(tmp_path: Path) -> None:
    text = _example()
    text = text.replace(
        "people:\n",
        "people:\n  - {id: sam.ito, name: Sam Again, agency: police, email: again@example.org}\n",
        1,
    )
    path = write(tmp_path, text)
    with pytest.raises(partnership_file.PartnershipFileError) as error:
        partnership_file.load(path)
    [problem] = error.value.problems
    assert problem.message == "person id 'sam.ito' is given twice (also at people.0.id)"
    assert problem.line == _line_of(path, "id: sam.ito", 2)


def test_a_channel_without_an_address_on_the_platform_in_use_is_refused(
    tmp_path: Path, capsys
) -> None:
    path = write(
        tmp_path,
        _example().replace(
            'cse-subgroup: {name: "cse-subgroup", slack_channel_id: C0SUBGROUP}',
            'cse-subgroup: {name: "cse-subgroup"}',
        ),
    )
    assert main(["check-config", str(path)]) == 0  # no platform named: the console needs none
    capsys.readouterr()
    assert main(["check-config", str(path), "--platform", "slack"]) == 1
    assert (
        f"line {_line_of(path, 'cse-subgroup: {')}: channels.cse-subgroup: channel 'cse-subgroup' "
        "has no slack_channel_id"
    ) in capsys.readouterr().out


def test_yaml_aliases_cannot_expand_without_end(tmp_path: Path) -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{c}: &{c} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n"
        for p, c in zip("abcdefgh", "bcdefghi", strict=True)
    )
    with pytest.raises(partnership_file.PartnershipFileError) as error:
        partnership_file.load(write(tmp_path, bomb))
    assert "expands to more than" in str(error.value)
