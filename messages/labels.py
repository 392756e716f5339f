"""Names shown for coded values, the same on every platform and in the board's report.

Each table holds English msgids and translates a value when it is read (`RAG_WORD["R"]`,
`RAG_WORD.get(...)`), so a table read in Welsh speaks Welsh and nothing is frozen at import.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from messages.i18n import N_, _


class Translated(Mapping[str, str]):
    """A read-only table of msgids, each translated in the current locale as it is read."""

    def __init__(self, table: dict[str, str]) -> None:
        self._table = table

    def __getitem__(self, key: str) -> str:
        return _(self._table[key])

    def __iter__(self) -> Iterator[str]:
        return iter(self._table)

    def __len__(self) -> int:
        return len(self._table)


# An action's RAG rating (red, amber, green) as people read it.
RAG_WORD = Translated({"R": N_("Red"), "A": N_("Amber"), "G": N_("Green")})

# Where a reporter's concern has got to, as the reporter reads it (never the MASH's detail).
REPORTER_STATUS = Translated(
    {
        "received": N_("Received by the MASH"),
        "in_triage": N_("Being looked at by the MASH"),
        "decided": N_("The MASH has decided: see the update we sent you"),
    }
)


def reporter_status(code: str) -> str:
    """A concern's status for its reporter; a code without words reads as itself."""
    return REPORTER_STATUS.get(code, code.replace("_", " ").capitalize())


# A referral's way to the MASE meeting, as MASH staff read it ({meeting} is filled by the reader).
MASE_STAGE = Translated(
    {
        "held": N_("held for the next MASE agenda"),
        "withdrawn": N_("no longer referred: a corrected decision withdrew it"),
        "listed": N_("listed for {meeting}"),
    }
)
