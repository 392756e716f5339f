"""The screening score: weights of the ticked indicators, banded as the partnership says."""

from __future__ import annotations

from dataclasses import dataclass

from workflows.partnership import Screening


@dataclass(frozen=True)
class ScreeningResult:
    score: int
    band: str
    indicator_count: int


def screen(screening: Screening, indicator_ids: list[str], has_other: bool) -> ScreeningResult:
    """Score a checklist; a tool suggests, a professional decides (see MASH triage)."""
    unique = list(dict.fromkeys(indicator_ids))
    score = sum(ind.weight for i in unique if (ind := screening.indicator(i)) is not None)
    band = screening.bands[0].name
    for candidate in screening.bands:
        if score >= candidate.min_score:
            band = candidate.name
    return ScreeningResult(score, band, len(unique) + (1 if has_other else 0))
