"""Read and validate a partnership YAML file, naming the line and field of every problem."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from workflows.partnership import LOCATED_CHECKS, Partnership
from workflows.partnership_checks import platform_problems, reference_problems


@dataclass(frozen=True)
class Problem:
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = f"line {self.line}: " if self.line else ""
        field = "" if self.field == "file" else f"{self.field}: "
        return f"{where}{field}{self.message}"


class PartnershipFileError(Exception):
    def __init__(self, path: Path, problems: list[Problem]) -> None:
        self.path = path
        self.problems = problems
        lines = "\n".join(f"  {p}" for p in problems)
        super().__init__(f"{path} is not a valid partnership file:\n{lines}")


# libyaml's parser when PyYAML has it (ten times faster); the same safe constructors either way.
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MAX_BYTES = 1024 * 1024  # a partnership file is a few kilobytes; a huge one took minutes
MAX_NODES = 100_000  # settings after YAML aliases are expanded (a tiny file can expand to billions)


def load(path: Path, platform: str | None = None) -> Partnership:
    """The partnership described by `path`, or PartnershipFileError listing every problem.

    With `platform` ("slack", "teams"), every channel must also have that platform's address.
    """
    text = _read(path)
    try:
        loader = LOADER(text)
        try:
            node = loader.get_single_node()
            problems = _node_problems(node)
            if problems:
                raise PartnershipFileError(path, problems)
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark else None
        raise PartnershipFileError(
            path, [Problem(line, "yaml", str(error).splitlines()[0])]
        ) from error
    except RecursionError as error:
        raise PartnershipFileError(
            path, [Problem(None, "yaml", "settings are nested too deeply to be a partnership file")]
        ) from error
    if not isinstance(data, dict):
        raise PartnershipFileError(path, [Problem(1, "file", "expected a mapping of settings")])
    try:
        partnership = Partnership.model_validate(data, context={LOCATED_CHECKS: True})
    except ValidationError as error:
        problems = [
            Problem(_line_of(node, err["loc"]), _dotted(err["loc"]), _say(err))
            for err in error.errors()
        ]
        raise PartnershipFileError(path, problems) from error
    located = reference_problems(partnership)
    if platform:
        located += platform_problems(partnership, platform)
    if located:
        raise PartnershipFileError(
            path, [Problem(_line_of(node, loc), _dotted(loc), message) for loc, message in located]
        )
    return partnership


def _read(path: Path) -> str:
    """The file's text: refused when unreadable, too big, or not UTF-8 text."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise PartnershipFileError(
                path,
                [
                    Problem(
                        None,
                        "file",
                        f"it is {size // 1024:,} KB; a partnership file is a few kilobytes "
                        f"and may be at most {MAX_BYTES // 1024:,} KB. Check it is the right file",
                    )
                ],
            )
        data = path.read_bytes()
    except OSError as error:
        raise PartnershipFileError(
            path, [Problem(None, "file", f"cannot read it: {error.strerror or error}")]
        ) from error
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise PartnershipFileError(
            path,
            [
                Problem(
                    None,
                    "file",
                    "it is not a text file in UTF-8 (is it the right file?); save it as "
                    "UTF-8 text and try again",
                )
            ],
        ) from error
    if "\x00" in text:
        raise PartnershipFileError(
            path, [Problem(None, "file", "it holds binary data, not YAML text")]
        )
    return text


def _node_problems(root: yaml.Node | None) -> list[Problem]:
    """Keys given twice in one mapping (YAML would keep the last silently), and alias bombs."""
    problems: list[Problem] = []
    seen = 0
    stack: list[tuple[yaml.Node, str]] = [(root, "")] if root is not None else []
    while stack:
        node, where = stack.pop()
        seen += 1
        if seen > MAX_NODES:
            return [
                Problem(
                    None,
                    "yaml",
                    f"the file expands to more than {MAX_NODES:,} settings (through YAML "
                    "aliases); write the settings out plainly",
                )
            ]
        if isinstance(node, yaml.MappingNode):
            first: dict[str, int] = {}
            for key, value in node.value:
                name = str(key.value) if isinstance(key, yaml.ScalarNode) else "?"
                path = f"{where}.{name}" if where else name
                if name in first:
                    problems.append(
                        Problem(
                            key.start_mark.line + 1,
                            path,
                            f"'{name}' is given twice (also on line {first[name]}); mashbot "
                            "would use only the last. Keep one",
                        )
                    )
                else:
                    first[name] = key.start_mark.line + 1
                stack.append((value, path))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((item, f"{where}[{i}]") for i, item in enumerate(node.value))
    return sorted(problems, key=lambda p: p.line or 0)


def _dotted(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "file"


def _say(err: dict[str, Any]) -> str:
    message = err["msg"]
    if message.startswith("Value error, "):
        message = message[len("Value error, ") :]
    if err["type"] == "missing":
        message = "this is required"
    if err["type"] == "extra_forbidden":
        message = "not a setting mashbot knows (check the spelling)"
    return message


def _line_of(node: yaml.Node | None, loc: tuple[Any, ...]) -> int | None:
    """The 1-based line of the deepest YAML node on the error's path."""
    best = node
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            match = next((v for k, v in node.value if k.value == part), None)
            if match is None:
                key = next((k for k, _ in node.value if k.value == part), None)
                node = key
            else:
                node = match
        elif (
            isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value)
        ):
            node = node.value[part]
        else:
            break
        if node is None:
            break
        best = node
    return best.start_mark.line + 1 if best is not None else None
