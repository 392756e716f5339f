"""How the console reads a line: prompt_toolkit at a terminal, plain input() otherwise.

A terminal's own line discipline cuts a pasted answer at 4,095 characters and has no arrow keys
or history; prompt_toolkit has all three. Tests and CI have no terminal, so they get input().
History stays in memory: answers name children and must not be written to a file.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any


def line_reader(pt_input: Any = None, pt_output: Any = None) -> Callable[[str], str]:
    """A prompt with editing, arrow keys and history (given input/output are for tests)."""
    from prompt_toolkit import PromptSession
    from prompt_toolkit.history import InMemoryHistory

    session: PromptSession[str] = PromptSession(
        history=InMemoryHistory(), input=pt_input, output=pt_output
    )
    return session.prompt


def terminal_ask() -> Callable[[str], str]:
    """The best reader for where the console runs; input() when stdin or stdout is no terminal."""
    if sys.stdin.isatty() and sys.stdout.isatty():
        return line_reader()
    return input
