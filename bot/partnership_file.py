"""Read and validate a partnership YAML file, naming the line and field of every problem."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from workflows.partnership import Partnership


@dataclass(frozen=True)
class Problem:
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = f"line {self.line}" if self.line else "file"
        return f"{where}: {self.field}: {self.message}"


class PartnershipFileError(Exception):
    def __init__(self, path: Path, problems: list[Problem]) -> None:
        self.path = path
        self.problems = problems
        lines = "\n".join(f"  {p}" for p in problems)
        super().__init__(f"{path} is not a valid partnership file:\n{lines}")


def load(path: Path) -> Partnership:
    """The partnership described by `path`, or PartnershipFileError listing every problem."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise PartnershipFileError(
            path, [Problem(None, "file", f"cannot read it: {error}")]
        ) from error
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark else None
        raise PartnershipFileError(
            path, [Problem(line, "yaml", str(error).splitlines()[0])]
        ) from error
    if not isinstance(data, dict):
        raise PartnershipFileError(path, [Problem(1, "file", "expected a mapping of settings")])
    try:
        return Partnership.model_validate(data)
    except ValidationError as error:
        problems = [
            Problem(_line_of(node, err["loc"]), _dotted(err["loc"]), _say(err))
            for err in error.errors()
        ]
        raise PartnershipFileError(path, problems) from error


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
