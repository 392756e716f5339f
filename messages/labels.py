"""Names shown for coded values, the same on every platform and in the board's report."""

from __future__ import annotations

# An action's RAG rating (red, amber, green) as people read it.
RAG_WORD = {"R": "Red", "A": "Amber", "G": "Green"}

# Where a reporter's concern has got to, as the reporter reads it (never the MASH's detail).
REPORTER_STATUS = {
    "received": "Received by the MASH",
    "in_triage": "Being looked at by the MASH",
    "decided": "The MASH has decided: see the update we sent you",
}


def reporter_status(code: str) -> str:
    """A concern's status for its reporter; a code without words reads as itself."""
    return REPORTER_STATUS.get(code, code.replace("_", " ").capitalize())


# A referral's way to the MASE meeting, as MASH staff read it.
MASE_STAGE = {
    "held": "held for the next MASE agenda",
    "withdrawn": "no longer referred: a corrected decision withdrew it",
    "listed": "listed for {meeting}",
}
