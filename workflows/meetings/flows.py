"""The meetings' forms as the form driver runs them: one step each, checked by their workflows.

Each form's field checks (`forms.check_step`) come first; the workflow it is for checks the rest
with its records in front of it and raises `InvalidInput` with a problem code per field. Who may
open a form is decided in `load`, so a refusal comes before anything is typed.
"""

from __future__ import annotations

from typing import Any

from workflows.context import Actor, Context
from workflows.errors import NotFound, Reason
from workflows.forms import FieldProblem, Form, Loaded, Step, check_step
from workflows.meetings import children, forms, map_dates, map_meetings, minutes, series
from workflows.meetings.series import SeriesSaved


class _OneStep:
    form_id = ""

    def keep(
        self, ctx: Context, actor: Actor, key: str, given: dict[str, Any], step_id: str
    ) -> bool:
        return False  # nothing is kept between submissions: the open form holds it

    def check(self, ctx: Context, step: Step, given: dict[str, Any]) -> dict[str, FieldProblem]:
        return check_step(step, given, ctx.today())


class SeriesFlow(_OneStep):
    """`key` is an area id, or `all`: a chair, deputy or admin sets up or changes the series."""

    form_id = forms.SERIES_FORM_ID

    def load(self, ctx: Context, actor: Actor, key: str) -> Loaded:
        area = key if key and key != forms.WHOLE_PARTNERSHIP else None
        current = series.find(ctx, area, actor)
        series.check_may_edit(ctx, actor, current)
        answers = series.form_answers(ctx, current) or {"area": key or forms.WHOLE_PARTNERSHIP}
        return Loaded(answers, facts={"version": current.version if current else None})

    def form(self, ctx: Context, given: dict[str, Any], loaded: Loaded) -> Form:
        return forms.series_form(ctx.partnership)

    def finish(self, ctx: Context, actor: Actor, key: str, given: dict[str, Any]) -> SeriesSaved:
        return series.save(ctx, actor, given)


class MapFlow(_OneStep):
    """`key` is the child's reference: a chair or admin sets their MAP on a date."""

    form_id = forms.MAP_FORM_ID

    def load(self, ctx: Context, actor: Actor, key: str) -> Loaded:
        map_meetings.check_may_schedule(ctx, actor, key)
        return Loaded({}, facts={"reference": key.strip().upper()})

    def form(self, ctx: Context, given: dict[str, Any], loaded: Loaded) -> Form:
        return forms.map_form()

    def finish(
        self, ctx: Context, actor: Actor, key: str, given: dict[str, Any]
    ) -> map_meetings.MapScheduled:
        return map_meetings.schedule(ctx, actor, key, given)


class ProposeFlow(MapFlow):
    """`key` is the child's reference: a chair or admin offers dates for the child's MAP."""

    form_id = forms.PROPOSE_FORM_ID

    def form(self, ctx: Context, given: dict[str, Any], loaded: Loaded) -> Form:
        return forms.propose_form()

    def finish(
        self, ctx: Context, actor: Actor, key: str, given: dict[str, Any]
    ) -> map_dates.DatesProposed:
        return map_dates.propose(ctx, actor, key, given)


def _split(key: str) -> tuple[int, str]:
    meeting, _, reference = key.partition(":")
    if not meeting.isdecimal() or not reference:
        raise NotFound(Reason.MEETING_GONE)
    return int(meeting), reference.strip().upper()


def answers_of(item: dict[str, Any], ctx: Context) -> dict[str, Any]:
    """A child's recorded minutes as the form's answers, so a correction starts from them."""
    answers: dict[str, Any] = {"summary": item["summary"], "risk_level": item["risk_level"]}
    for n, action in enumerate(item["actions"], start=1):
        lead = ctx.partnership.find_person(action["lead_id"]) if action["lead_id"] else None
        due = action["due_date"]
        answers |= {
            f"action_{n}_description": action["description"],
            f"action_{n}_lead": (lead.email or lead.id) if lead else None,
            f"action_{n}_agency": action["agency_id"] or None,
            f"action_{n}_due_date": "/".join(reversed(due.split("-"))) if due else None,
        }
    return answers


def item_of(reference: str, given: dict[str, Any]) -> dict[str, Any]:
    """The form's answers as one child's minutes: every action slot that has anything in it."""
    slots: dict[int, dict[str, Any]] = {}
    for field_id, value in given.items():
        found = forms.action_slot(field_id)
        if found and value not in (None, ""):
            slots.setdefault(found[0], {})[found[1]] = value
    return {
        "reference": reference,
        "summary": given.get("summary"),
        "risk_level": given.get("risk_level"),
        "actions": [{**slots[n], "slot": n} for n in sorted(slots)],
    }


class MinutesFlow(_OneStep):
    """`key` is `MEETING_ID:REF`: the chair, deputy, an admin or the minute-taker records (or
    corrects) one child's minutes of a held meeting."""

    form_id = forms.MINUTES_FORM_ID

    def load(self, ctx: Context, actor: Actor, key: str) -> Loaded:
        meeting_id, reference = _split(key)
        meeting = minutes.meeting_to_record(ctx, actor, meeting_id)
        child = children.child(ctx, reference)
        before = minutes.child_minutes(ctx, meeting_id, child.reference)
        refs = minutes.references_to_minute(ctx, meeting)
        facts = {
            "reference": child.reference,
            "title": meeting.title,
            "starts_at": meeting.starts_at.isoformat(),
            "position": refs.index(child.reference) + 1 if child.reference in refs else None,
            "of": len(refs),
            "corrected": before is not None,
            "actions": len(before["actions"]) if before else 0,
        }
        return Loaded(answers_of(before, ctx) if before else {}, facts=facts)

    def form(self, ctx: Context, given: dict[str, Any], loaded: Loaded) -> Form:
        slots = loaded.facts["actions"] + 1
        return forms.minutes_form(ctx.partnership, slots, loaded.facts["corrected"])

    def finish(
        self, ctx: Context, actor: Actor, key: str, given: dict[str, Any]
    ) -> minutes.MinutesRecorded:
        meeting_id, reference = _split(key)
        item = item_of(reference, given)
        return minutes.record_child(ctx, actor, meeting_id, item, given.get("correction_reason"))


SERIES, MAP, PROPOSE, MINUTES = SeriesFlow(), MapFlow(), ProposeFlow(), MinutesFlow()
