"""Names shown for coded values, the same on every platform and in the board's report."""

from __future__ import annotations

# An action's RAG rating (red, amber, green) as people read it.
RAG_WORD = {"R": "Red", "A": "Amber", "G": "Green"}
