"""The Agents SDK's User-Agent, worked out once per process instead of on every turn.

On every turn the SDK makes a connector client and a user-token client, and each asks
`get_product_info()` for its User-Agent, even when the session already has one. That looks for
the version of a package named `microsoft-agents-connector` in the installed packages' metadata
(`importlib.metadata.version`): a search of every path on `sys.path`, which, as that package
is not among the SDK's distributions, ends in "unknown" every time. Measured with
`bench/teams_acks.py`, it was about a tenth of the CPU of answering a dialog step. The answer
(that version, Python's, the OS's) cannot change while the process runs, so it is remembered:
the SDK's clients look the function up by name in their modules when they are made, and find
the remembered one.
"""

from __future__ import annotations

import functools

from microsoft_agents.hosting.core.connector.client import connector_client, user_token_client
from microsoft_agents.hosting.core.connector.get_product_info import get_product_info

_REMEMBERED = functools.cache(get_product_info)


def remember_product_info() -> None:
    """Make the SDK's clients take their User-Agent from the remembered answer."""
    for module in (connector_client, user_token_client):
        module.get_product_info = _REMEMBERED  # type: ignore[attr-defined]
