"""Wording lives in messages/: workflows say why (a reason and facts), each platform says it in its
own words, and a refusal names commands and screens as that platform has them."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from messages.problems import TASKS, WORDING, field_errors, say, wording
from messages.render import Platform
from messages.vocabulary import VOCABULARIES, Command
from tests.support import report_concern
from tests.triage.support import AMIRA, BEN, NINA, OLA, PRIYA, TOM, claimed_referral, step
from workflows.concerns import drafts
from workflows.errors import AccessDenied, InvalidInput, NotFound, Problem, Reason, Task
from workflows.triage import assessment, decisions, queries, urgency

ROOT = Path(__file__).resolve().parent.parent

# Commands and screens that belong to one platform: no workflow may spell them.
PLATFORM_WORDS = re.compile(
    r"/(mash|concern|actions|mase|map|home)\b|Home tab|personal tab|slash command", re.I
)

# Sample facts for every reason, as the workflows raise them.
SAMPLES: dict[Reason, dict[str, Any]] = {
    Reason.REFERRAL_NOT_FOUND: {"ref": "CSE-2026-00042"},
    Reason.NOT_MASH: {},
    Reason.NOT_MASH_REPORTER: {"ref": "CSE-2026-00042"},
    Reason.NOT_MASH_AGENCY_LEAD: {},
    Reason.DECISION_MAKERS_ONLY: {
        "ref": "CSE-2026-00042",
        "task": Task.ASSESS,
        "names": ["Priya Shah"],
    },
    Reason.CLAIM_FIRST: {"ref": "CSE-2026-00042", "task": Task.SET_URGENCY},
    Reason.OWNED_BY_OTHER: {"ref": "CSE-2026-00042", "owner": "Priya Shah", "task": Task.DECIDE},
    Reason.ASSESS_FIRST: {"ref": "CSE-2026-00042"},
    Reason.DETAILS_NOT_FOUND: {"ref": "CSE-2026-00042"},
    Reason.REQUEST_NOT_FOUND: {"number": "7"},
    Reason.REQUESTS_LEADS_ONLY: {},
    Reason.MASE_ONLY: {},
    Reason.MASE_AREA_NOT_COVERED: {"area": "Riverton City"},
    Reason.MASE_LIST_NOT_COVERED: {"ref": "CSE-2026-00042", "area": "Riverton City"},
    Reason.DRAFT_GONE: {},
    Reason.DRAFT_NOT_YOURS: {},
    Reason.CONCERN_ALREADY_SENT: {"ref": "CSE-2026-00042"},
    Reason.PLAN_NOT_FOUND: {"name": "cse-2026"},
    Reason.PLAN_REFUSED: {"name": "cse-2026"},
    Reason.ACTION_NOT_IN_PLAN: {"plan": "cse-2026", "number": "1.2a"},
    Reason.ACTION_NOT_LED: {"number": "1.2a"},
    Reason.ACTION_AMBIGUOUS: {"number": "1.2a", "choices": ["cse-2026:1.2a", "map-07:1.2a"]},
    Reason.ACTION_GONE: {},
    Reason.NOT_THE_LEAD: {"ref": "cse-2026:1.2a", "lead": "Nina Lowe"},
    Reason.ACTION_CLOSED: {"ref": "cse-2026:1.2a", "status": "completed"},
    Reason.NO_EARLIER_RATING: {"ref": "cse-2026:1.2a"},
    Reason.ONLY_REMINDERS_SNOOZE: {"ref": "cse-2026:1.2a"},
    Reason.NO_REMINDER: {"ref": "cse-2026:1.2a"},
    Reason.ALREADY_SNOOZED: {"ref": "cse-2026:1.2a", "earlier_reason": "on leave"},
    Reason.IMPORT_REJECTED: {"problems": ["row 4: the action has no lead"]},
    Reason.MEETING_CHAIRS_ONLY: {"task": Task.POST_AGENDA},
    Reason.MEETING_MEMBERS_ONLY: {"task": Task.DOWNLOAD_AGENDA},
    Reason.NO_SERIES: {},
    Reason.SERIES_AREA_NEEDED: {"areas": ["city", "shire"]},
    Reason.NO_MEETING_ON_DATE: {},
    Reason.MEETING_GONE: {},
    Reason.NO_MASE_HELD: {},
    Reason.NO_MAP: {"ref": "CSE-2026-00042"},
    Reason.NO_MAP_HELD: {"ref": "CSE-2026-00042"},
    Reason.NO_DATES_ASKED: {"ref": "CSE-2026-00042"},
    Reason.INVALID_INPUT: {"fields": ["level"]},
    Reason.BREAK_GLASS_NEEDS_REASON: {"ref": "CSE-2026-00042"},
    Reason.DPO_ONLY: {"doing": "run retention"},
    Reason.RETENTION_REPORT_FIRST: {},
    Reason.RETENTION_REPORT_STALE: {"days": 14},
    Reason.HOLD_REFUSED: {"ref": "CSE-2026-00042"},
    Reason.HOLD_NEEDS_REASON: {"doing": "set", "least": 10},
    Reason.ALREADY_HELD: {"ref": "CSE-2026-00042"},
    Reason.NOT_HELD: {"ref": "CSE-2026-00042"},
    Reason.ACCESS_REVIEW_MANAGERS_ONLY: {},
    Reason.PERIOD_BACKWARDS: {},
    Reason.SAR_NEEDS_CHILD: {},
    Reason.SAR_NOTHING_FOUND: {},
    Reason.LANGUAGE_UNKNOWN: {"choices": ("cy", "en")},
}


def test_no_string_in_workflows_names_a_platform_command_or_screen() -> None:
    offenders = [
        f"{path.relative_to(ROOT)}:{n}: {line.strip()}"
        for path in sorted((ROOT / "workflows").rglob("*.py"))
        for n, line in enumerate(path.read_text().splitlines(), 1)
        if PLATFORM_WORDS.search(line)
    ]
    assert offenders == []


def test_every_reason_and_task_has_wording() -> None:
    assert set(WORDING) == set(Reason) == set(SAMPLES)
    assert set(TASKS) == set(Task)


@pytest.mark.parametrize("platform", list(Platform))
@pytest.mark.parametrize("reason", list(Reason))
def test_every_reason_reads_plainly_on_every_platform(reason: Reason, platform: Platform) -> None:
    said = wording(Problem(reason, SAMPLES[reason]), platform)
    assert said and "{" not in said and "}" not in said
    assert said.endswith(".") or "\n" in said  # a whole sentence (or a list after a colon)
    for value in SAMPLES[reason].values():
        if isinstance(value, str) and value not in set(Task):
            assert value in said, f"{reason}: the fact {value!r} is not said"
    template = WORDING[reason]
    for words in re.findall(r"\{cmd\[([^\]]+)\]\}", template if isinstance(template, str) else ""):
        assert VOCABULARIES[platform].command(words) in said
        if platform == Platform.TEAMS:
            assert f"/{words}" not in said
    if platform != Platform.TEXT:
        assert "/home" not in said  # only the console has a /home command


@pytest.mark.parametrize(
    ("platform", "claim", "home"),
    [
        (Platform.SLACK, "(/mash claim CSE-2026-00042)", "on your mashbot Home tab in Slack"),
        (Platform.TEXT, "(/mash claim CSE-2026-00042)", "by typing /home"),
        (Platform.TEAMS, "(mash claim CSE-2026-00042)", "by typing home to mashbot in Teams"),
    ],
)
def test_a_refusal_names_commands_and_screens_as_the_platform_has_them(
    platform: Platform, claim: str, home: str
) -> None:
    first = AccessDenied(Reason.CLAIM_FIRST, ref="CSE-2026-00042", task=Task.SET_URGENCY)
    assert say(first, platform) == f"Claim CSE-2026-00042 first {claim}, then set its urgency."
    reporter = AccessDenied(Reason.NOT_MASH_REPORTER, ref="CSE-2026-00042")
    assert f"so you can follow its status {home}." in say(reporter, platform)


def test_the_vocabulary_knows_only_real_commands() -> None:
    assert {v.prefix for p, v in VOCABULARIES.items() if p != Platform.TEAMS} == {"/"}
    assert VOCABULARIES[Platform.TEAMS].command("mash case CSE-2026-00042") == (
        "mash case CSE-2026-00042"
    )
    assert {c.value for c in Command} == {"concern", "mash", "actions", "mase", "map"}
    with pytest.raises(ValueError):
        VOCABULARIES[Platform.SLACK].command("frobnicate now")


def test_field_errors_word_problems_and_keep_the_forms_own_sentences() -> None:
    invalid = InvalidInput(
        {
            "outcomes": Problem(Reason.ASSESS_FIRST, {"ref": "CSE-2026-00042"}),
            "rationale": "Say why you decided this; the reason goes on the record.",
        }
    )
    assert field_errors(invalid, Platform.TEAMS) == {
        "outcomes": "Record the risk assessment first (mash assess CSE-2026-00042), then decide.",
        "rationale": "Say why you decided this; the reason goes on the record.",
    }
    assert say(invalid, Platform.SLACK).startswith("Record the risk assessment first (/mash")
    assert str(invalid) == "invalid_input"  # a log line carries the code, never what was typed


# Each refusal that used to spell a Slack command: the allowed person gets through, the others
# get the reason, worded in each platform's vocabulary.
Attempt = Callable[[Any, str], Any]


def _case(bot: Any, email: str, reference: str) -> Any:
    return step(bot, email, queries.case, reference)


def _prepare(bot: Any, email: str, reference: str) -> Any:
    return step(bot, email, assessment.prepare, reference)


def _urgency(bot: Any, email: str, reference: str) -> Any:
    return step(bot, email, urgency.set_urgency, reference, "amber")


def _decide(bot: Any, email: str, reference: str) -> Any:
    return step(bot, email, decisions.decide, reference, ["early_help"], "Family support.")


REFUSALS = [
    # (attempt, allowed, refused, reason, the words in Slack, in Teams)
    # Outside the area, a MASH worker may still open it in an emergency with a reason.
    (_case, AMIRA, TOM, Reason.BREAK_GLASS_NEEDS_REASON, "type /mash case", "type mash case"),
    (_prepare, PRIYA, AMIRA, Reason.DECISION_MAKERS_ONLY, "Ask Priya Shah", "Ask Priya Shah"),
    (
        _case,
        AMIRA,
        BEN,
        Reason.NOT_MASH_REPORTER,
        "Home tab in Slack",
        "typing home to mashbot in Teams",
    ),
    (_case, AMIRA, NINA, Reason.NOT_MASH_AGENCY_LEAD, "Type /mash requests", "Type mash requests"),
    (_case, AMIRA, OLA, Reason.NOT_MASH, "Home tab in Slack", "typing home to mashbot in Teams"),
    (_urgency, PRIYA, AMIRA, Reason.CLAIM_FIRST, "(/mash claim CSE-", "(mash claim CSE-"),
]


@pytest.mark.parametrize(("attempt", "allowed", "refused", "reason", "slack", "teams"), REFUSALS)
def test_the_allowed_person_gets_through_and_others_get_the_platforms_words(
    bot: Any, attempt: Attempt, allowed: str, refused: str, reason: Reason, slack: str, teams: str
) -> None:
    reference = report_concern(bot)  # not claimed yet
    with pytest.raises(AccessDenied) as denied:
        attempt(bot, refused, reference)
    assert denied.value.reason == reason
    assert slack in say(denied.value, Platform.SLACK)
    assert teams in say(denied.value, Platform.TEAMS)
    assert "/" not in say(denied.value, Platform.TEAMS).replace("/home", "")
    assert attempt(bot, allowed, reference) is not None


def test_a_decision_before_the_assessment_says_how_to_assess_on_each_platform(bot: Any) -> None:
    reference = claimed_referral(bot)
    with pytest.raises(InvalidInput) as early:
        _decide(bot, PRIYA, reference)
    assert field_errors(early.value, Platform.TEXT)["outcomes"] == (
        f"Record the risk assessment first (/mash assess {reference}), then decide."
    )
    assert f"(mash assess {reference})" in field_errors(early.value, Platform.TEAMS)["outcomes"]
    step(bot, PRIYA, assessment.assess, reference, "medium")
    assert _decide(bot, PRIYA, reference).reference == reference


def test_a_discarded_draft_says_how_to_start_again(bot: Any) -> None:
    def discard(ctx: Any, who: Any) -> str:
        draft = drafts.start(ctx, who)
        drafts.discard(ctx, who, draft.id)
        return draft.id

    draft_id = step(bot, BEN, discard)
    with pytest.raises(NotFound) as gone:
        step(bot, BEN, drafts.load, draft_id)
    assert say(gone.value, Platform.SLACK).endswith("To start a new concern, type /concern.")
    assert say(gone.value, Platform.TEAMS).endswith("To start a new concern, type concern.")
