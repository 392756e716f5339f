"""Every sentence of messages/meetings_text.py in the pseudo-locale: nothing left in English but
facts and commands (the message kinds and screens are checked by tests/test_pseudo_locale.py)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from messages import meetings_text as words
from messages.i18n import PSEUDO_LOCALE, use_locale
from messages.meeting_samples import MEETING_SAMPLE_FACTS
from messages.render import Platform, render
from tests.test_pseudo_locale import _human, untranslated
from workflows.outgoing import MessageKind

MEETING = MEETING_SAMPLE_FACTS[MessageKind.MEETING_REMINDER]
SERIES = {
    "title": "Riverton City MASE",
    "area_name": None,
    "version": 2,
    "rule": "FREQ=MONTHLY;BYDAY=2TU",
    "first_date": "2026-12-01",
    "starts": "10:00",
    "ends": "12:00",
    "location": "",
    "online_link": "https://meet.example.org/x",
    "chair_name": "DCI Jo Harker",
    "deputy_name": "Sam Ito",
    "member_names": ["Nina Lowe"],
}
MAP_AGENDA = {
    **MEETING,
    "reference": "CSE-2026-00042",
    "area_name": "Riverton City",
    "age": None,
    "risk_label": "High",
    "agency_name": "Riverton Academy",
    "parent_carer_invited": False,
    "last_map_on": "2026-11-10T10:00:00+00:00",
    "chronology": [{"at": "2026-11-12T10:00:00+00:00", "what": "x", "by": "Nina Lowe"}],
    "actions": [{"ref": "a:1", "description": "d", "lead_name": "Nina Lowe", "overdue": True}],
}
DONE = SimpleNamespace(
    reference="CSE-2026-00042",
    invited=3,
    name="mase-city",
    version=2,
    created=False,
    updated=1,
    cancelled=0,
    action_refs=["mase-city-log:261208-1"],
    review_meeting_id=7,
)
SLOT = SimpleNamespace(
    number=1,
    starts_at="2026-12-15T14:00:00+00:00",
    ends_at="2026-12-15T15:30:00+00:00",
    available=["Nina Lowe"],
)
SAID = {
    "mase help": lambda p: words.mase_help(p),
    "map help": lambda p: words.map_help(p),
    "dates asked": lambda p: words.dates_asked(DONE, p),
    "date chosen": lambda p: words.date_chosen("CSE-2026-00042", p),
    "bad date": lambda p: words.bad_date(p),
    "thanks": lambda p: words.dates_thanks(),
    "slots": lambda p: "\n".join(words.slot_lines([SLOT, SLOT], "Europe/London")),
    "posted": lambda p: words.agenda_posted(),
    "map set": lambda p: words.map_set(DONE, p),
    "no meeting": lambda p: words.no_meeting(),
    "only in chat": lambda p: words.document_only_in_chat(),
    "document sent": lambda p: words.document_sent(),
    "pdf written": lambda p: words.pdf_written("/tmp/a.pdf"),
    "meeting line": lambda p: words.meeting_line(MEETING, "Europe/London"),
    "series": lambda p: "\n".join(words.series_lines(SERIES, MEETING, "Europe/London")),
    "series saved": lambda p: words.series_saved(DONE, p),
    "minutes recorded": lambda p: words.minutes_recorded(DONE, p),
    "MAP agenda": lambda p: "\n".join(words.map_agenda_lines(MAP_AGENDA, "Europe/London")),
}
FACTS = [
    *(str(v) for v in MEETING.values() if isinstance(v, str)),
    *(str(v) for v in SERIES.values() if isinstance(v, str)),
    "DCI Jo Harker",
    "Nina Lowe",
    "Sam Ito",
    "Riverton City",
    "Riverton Academy",
    "High",
    "mase-city",
    "mase-city-log:261208-1",
    "CSE-2026-00042",
    "/tmp/a.pdf",
]
COMMANDS = [f"{w} {x}" for w in ("mase", "map") for x in ("next", "schedule", "agenda", "minutes")]
COMMANDS += [f"map {x}" for x in ("propose", "available", "dates", "choose")]


@pytest.mark.parametrize("name", SAID)
@pytest.mark.parametrize("platform", [Platform.SLACK, Platform.TEAMS, Platform.TEXT])
def test_every_meetings_sentence_goes_through_the_catalogue(name: str, platform: Platform) -> None:
    with use_locale(PSEUDO_LOCALE):
        said = SAID[name](platform)
    facts = sorted(FACTS, key=len, reverse=True)
    prefix = "" if platform == Platform.TEAMS else "/"
    commands = [prefix + c for c in COMMANDS]
    left = untranslated([said], sorted([*facts, *commands], key=len, reverse=True))
    assert not left, f"English left in {name}: {sorted(set(left))}"


MASE_MINUTES_DUE = {
    **MEETING,
    "step": "minutes-late-1",
    "late": True,
    "left_to_minute": ["CSE-2026-00042", "CSE-2026-00043"],
}


@pytest.mark.parametrize("platform", [Platform.SLACK, Platform.TEAMS, Platform.TEXT])
def test_the_minutes_reminders_children_left_go_through_the_catalogue(platform: Platform) -> None:
    with use_locale(PSEUDO_LOCALE):
        rendered = render(MessageKind.MINUTES_DUE, MASE_MINUTES_DUE, platform)
    shown = [rendered.text or "", *_human(rendered.blocks or []), *_human(rendered.card or {})]
    assert any("CSE-2026-00043" in s for s in shown), "the children left are named"
    facts = sorted([*FACTS, "CSE-2026-00043", "Riverton City MASE"], key=len, reverse=True)
    commands = ["/mase minutes", "mase minutes", "/glossary", "/mash glossary", "glossary"]
    left = untranslated(shown, sorted([*facts, *commands], key=len, reverse=True))
    assert not left, f"English left: {sorted(set(left))}"
