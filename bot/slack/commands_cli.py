"""`mashbot serve` and `mashbot socket` (filled in with the Slack entry points)."""

from __future__ import annotations

import argparse


def register(subparsers: argparse._SubParsersAction) -> None:
    return None
