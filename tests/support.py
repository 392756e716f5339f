"""Helpers for tests: complete answers for a concern, and acting as a named example person."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from bot.app import Mashbot
from bot.keeping import StepKeeper
from messages.problems import say
from messages.render import Platform
from workflows.concerns import drafts, form, report
from workflows.context import Actor
from workflows.errors import WorkflowError
from workflows.forms import Keep
from workflows.people import resolve

# The tests' audit key (invented): conftest puts it in the environment for every Settings.
TEST_AUDIT_KEY = "test-audit-key-0123456789abcdef-0123456789abcdef"
# The tests' data key (invented), also put in the environment by conftest.
TEST_DATA_KEY = "test-data-key-0123456789abcdef-0123456789abcdef"

INVENTED_CHILD = "Kayla Testperson"
INVENTED_DOB = "02/05/2011"
INVENTED_NARRATIVE = "Seen getting into a blue van with two adult men near the leisure centre."

ANSWERS: dict[str, dict[str, Any]] = {
    form.DANGER: {"immediate_danger": "no"},
    form.CHILD: {
        "child_name": INVENTED_CHILD,
        "child_dob": INVENTED_DOB,
        "child_gender": "female",
        "area": "city",
        "school_or_setting": "Riverton Academy",
        "what_happened": INVENTED_NARRATIVE,
        "when_happened": "Last Friday evening",
        "where_happened": "Leisure centre car park",
        "others_involved": "Two adult men, blue van",
    },
    form.INDICATORS: {"indicators_0": ["missing"], "indicators_1": ["older_boyfriend"]},
    form.SHARING: {
        "family_aware": "no",
        "consent": "not_sought",
        "sharing_reason": "To protect her from significant harm.",
        "reporter_agency": "education",
        "reporter_role": "Head of year",
        "spoke_to_lead": "yes",
    },
}


def actor(bot: Mashbot, email: str) -> Actor:
    with bot.unit_of_work("test") as ctx:
        return resolve(
            ctx.session,
            ctx.partnership,
            platform="console",
            external_id=email,
            email=email,
            now=ctx.now,
        )


def report_concern(bot: Mashbot, email: str = "ben.carter@example.org", **overrides: Any) -> str:
    """Walk every step with valid answers (plus `overrides`), send, and return the reference."""
    who = actor(bot, email)
    with bot.unit_of_work("test") as ctx:
        draft_id = drafts.start(ctx, who).id
    step_id: str | None = form.DANGER
    while step_id and step_id != form.REVIEW:
        answers = {**ANSWERS.get(step_id, {}), **overrides}
        with bot.unit_of_work("test") as ctx:
            result = drafts.submit_step(ctx, who, draft_id, step_id, answers)
        assert result.ok, result.errors
        step_id = result.next_step
    with bot.unit_of_work("test") as ctx:
        return report.submit(ctx, who, draft_id).reference


def told(error: WorkflowError, platform: Platform = Platform.TEXT) -> str:
    """What the person is told about a workflow's refusal or problem, as `platform` words it."""
    return say(error, platform)


def keyed_engine(url: str):  # type: ignore[no-untyped-def]
    """An engine with the tests' data key installed, as the application factory does."""
    from storage import crypto
    from storage.keys import parse
    from storage.session import make_engine

    engine = make_engine(url)
    crypto.install(engine, parse(TEST_DATA_KEY, source="tests"))
    return engine


# Run `mashbot ARGS...`, list the modules it holds once its /healthz answers, then stop it.
SERVE_THEN_LIST_MODULES = """
import json, os, signal, sys, threading, time, urllib.error, urllib.request
from bot.cli import main

port, out, args = int(sys.argv[1]), sys.argv[2], sys.argv[3:]

def list_modules_once_up():
    while True:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)
            break
        except urllib.error.HTTPError:
            break  # it answers
        except OSError:
            time.sleep(0.05)
    with open(out, "w") as file:
        json.dump(sorted(sys.modules), file)
    os.kill(os.getpid(), signal.SIGTERM)

threading.Thread(target=list_modules_once_up, daemon=True).start()
sys.exit(main(args))
"""


def packages_once_serving(
    args: list[str], port: int, env: dict[str, str], folder: Path
) -> set[str]:
    """The top-level packages `mashbot ARGS` (serving on `port`) has loaded once it answers."""
    out = folder / "modules.json"
    process = subprocess.run(
        [sys.executable, "-c", SERVE_THEN_LIST_MODULES, str(port), str(out), *args],
        env=env,
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert process.returncode == 0, process.stderr
    return {name.split(".")[0] for name in json.loads(out.read_text())}


class StoppedBeforeWriting(StepKeeper):
    """The keeper of a process that stops just after answering: it writes nothing."""

    def __init__(self) -> None:
        super().__init__(lambda entry_point: None)  # type: ignore[arg-type, return-value]
        self.dropped: list[Keep] = []

    def put(self, write, keep: Keep) -> None:  # noqa: ANN001
        self.dropped.append(keep)
