"""Random submissions to every form through the one driver: never a crash, nothing typed lost.

Hypothesis types what a careless or hostile person might (control characters, option values
and non-values, lists where text belongs, blanks) into each step of each form.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.console.session import ConsoleSession
from bot.forms import FLOWS
from tests.actions.support import at, import_small_plan, sweep_at
from tests.triage.support import AMIRA, NINA, PRIYA, claimed_referral
from workflows import form_driver
from workflows.concerns import drafts
from workflows.errors import WorkflowError
from workflows.forms import Field, FieldKind, FormView

BEN = "ben.carter@example.org"
FUZZ = settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
texts = st.text(max_size=40)


def answer_for(f: Field) -> st.SearchStrategy[Any]:
    """What someone might put in a field: its options, other words, blanks, the wrong shape."""
    options = [o.value for o in f.options] or ["yes"]
    if f.kind == FieldKind.CHECKBOXES:
        return st.one_of(st.lists(st.sampled_from(options) | texts, max_size=4), st.none())
    return st.one_of(st.sampled_from(options), texts, st.none(), st.just(""))


def typed_kept(view: FormView, typed: dict[str, Any]) -> None:
    """Every non-blank answer just typed is in the view the person sees next, as typed (less any
    NUL character, which no keyboard types and PostgreSQL cannot store)."""
    for field_id, value in form_driver.as_typed(typed).items():
        if value not in (None, "", []):
            assert view.answers.get(field_id) == value, field_id


def walk(bot, email: str, form_id: str, key: str, data: st.DataObject) -> None:  # noqa: ANN001
    """Submit random answers to each step shown, a few times, checking nothing is lost."""
    flow = FLOWS[form_id]
    actor = ConsoleSession(bot, email).actor()
    with bot.unit_of_work("fuzz") as ctx:
        view = form_driver.show(flow, ctx, actor, key)
    for _ in range(data.draw(st.integers(1, 6))):
        typed = {f.id: data.draw(answer_for(f), label=f.id) for f in view.step.fields}
        going_back = data.draw(st.booleans(), label="back") and view.position[0] > 1
        try:
            with bot.unit_of_work("fuzz") as ctx:
                if going_back:
                    shown = form_driver.back(flow, ctx, actor, key, view.step.id, typed)
                else:
                    shown = form_driver.submit(flow, ctx, actor, key, view.step.id, typed)
        except WorkflowError:
            return  # a polite refusal (worded for the person), not a crash
        if isinstance(shown, form_driver.Done):
            return
        typed_kept(shown, typed)
        if flow is FLOWS["concern"]:  # the draft holds it too, for /concern resume
            with bot.unit_of_work("fuzz") as ctx:
                typed_kept(form_driver.show(flow, ctx, actor, key), typed)
        view = shown


@FUZZ
@given(data=st.data())
def test_random_answers_to_the_concern_form(bot, data: st.DataObject) -> None:  # noqa: ANN001
    actor = ConsoleSession(bot, BEN).actor()
    with bot.unit_of_work("fuzz") as ctx:
        draft_id = drafts.start(ctx, actor).id
    walk(bot, BEN, "concern", draft_id, data)


@pytest.fixture
def referral(bot) -> str:  # noqa: ANN001
    return claimed_referral(bot)


@FUZZ
@given(data=st.data())
@pytest.mark.parametrize(
    ("form_id", "email"),
    [("triage_request", AMIRA), ("triage_assess", PRIYA), ("triage_decide", PRIYA)],
)
def test_random_answers_to_the_triage_forms(
    bot,  # noqa: ANN001
    referral: str,
    form_id: str,
    email: str,
    data: st.DataObject,
) -> None:
    walk(bot, email, form_id, referral, data)


@FUZZ
@given(data=st.data())
def test_random_answers_to_the_action_update_form(
    bot,  # noqa: ANN001
    tmp_path_factory: pytest.TempPathFactory,
    data: st.DataObject,
) -> None:
    from workflows.actions import updates
    from workflows.actions.plans import find_action

    with bot.unit_of_work("fuzz") as ctx:
        imported = _has_plan(ctx)
    if not imported:
        import_small_plan(bot, Path(tmp_path_factory.mktemp("plan")))
        sweep_at(bot, at("2026-12-04 09:00"))
    actor = ConsoleSession(bot, NINA).actor()
    with bot.unit_of_work("fuzz") as ctx:
        _, action = find_action(ctx, actor, "test-plan:1.1")
        action.status = "open"  # an earlier example may have marked it complete
        value = updates.facts_to_answer(ctx, actor, action.id)["value"]
    walk(bot, NINA, "action_update", value, data)


def test_a_nul_typed_into_an_action_update_is_dropped_not_a_failed_step(bot, tmp_path) -> None:  # noqa: ANN001
    """Found by the test above on PostgreSQL, which cannot store a NUL in a text column."""
    from sqlalchemy import select

    from storage.models import ActionUpdate
    from workflows.actions import updates
    from workflows.actions.plans import find_action

    import_small_plan(bot, tmp_path)
    sweep_at(bot, at("2026-12-04 09:00"))
    actor = ConsoleSession(bot, NINA).actor()
    with bot.unit_of_work("test") as ctx:
        _, action = find_action(ctx, actor, "test-plan:1.1")
        value = updates.facts_to_answer(ctx, actor, action.id)["value"]
    flow = FLOWS["action_update"]
    with bot.unit_of_work("test") as ctx:
        view = form_driver.show(flow, ctx, actor, value)
        typed = {"rag": "G", "progress": "Sessions\x00 booked"}
        assert [f.id for f in view.step.fields][:2] == ["rag", "progress"]
        shown = form_driver.submit(flow, ctx, actor, value, view.step.id, typed)
    assert isinstance(shown, form_driver.Done)
    with bot.sessions() as session:
        latest = select(ActionUpdate.progress).order_by(ActionUpdate.id.desc()).limit(1)
        assert session.scalar(latest) == "Sessions booked"


def _has_plan(ctx) -> bool:  # noqa: ANN001
    from sqlalchemy import select

    from storage.models import ActionPlan

    return ctx.session.scalar(select(ActionPlan.id)) is not None


lines = st.one_of(
    texts,
    st.sampled_from(["", "-", "yes", "Yes.", "no", "N", "back", "1", "2", "1,2", "9,x", "²,2"]),
    st.sampled_from(["31/02/2012", "14/03/2012", "fourteen-ish", "14", "\x1b[31m", "\x07"]),
)


@FUZZ
@given(typed=st.lists(lines, max_size=40))
def test_random_lines_at_the_console_prompt_never_crash(bot, typed: list[str]) -> None:  # noqa: ANN001
    """Whatever is typed, the console asks again or moves on; running out ends it politely."""
    queue = list(typed)
    said: list[str] = []

    def ask(_prompt: str) -> str:
        if not queue:
            raise EOFError  # Ctrl-D: the form keeps its draft and the console ends
        return queue.pop(0)

    console = ConsoleSession(bot, BEN, ask=ask, say=said.append)
    for command in ("/concern resume", "/concern"):
        with contextlib.suppress(EOFError):
            console.run(command)
    assert not any("Something went wrong" in line for line in said)
    assert not any("\x1b" in line or "\x07" in line for line in said)
