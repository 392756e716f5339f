"""The concern's screens beyond its form: the details for MASH staff, and the Home tab."""

from __future__ import annotations

from typing import Any

from messages.actions import ActionId, CallbackId
from messages.child_words import child_named as named
from messages.forms.concern import fields, not_known
from messages.i18n import _, format_date
from messages.i18n import format_datetime as _when
from messages.labels import reporter_status
from messages.screen import Button, Buttons, Fact, Facts, Overflow, Screen, Surface, Text
from messages.screens.actions import action_section, actions_home_items  # noqa: F401
from messages.summary import DETAIL_ROWS
from workflows.children import name_known

CODED = ("child_gender", "family_aware", "consent")  # stored as codes, shown as the form's words
MAY_BE_NOT_KNOWN = ("when_happened", "where_happened")
ACTIONS_SHOWN = 15
CONCERNS_WITH_BUTTONS = 10


def _detail(key: str, value: Any) -> str:
    if key in CODED:
        return fields()[key].options.get(str(value), str(value))
    if key in MAY_BE_NOT_KNOWN and not name_known(str(value)):
        return not_known()
    if key == "child_dob":
        return _date_of_birth(str(value))
    return str(value)


def _date_of_birth(value: str) -> str:
    """An ISO date as people read it; anything else (a value typed elsewhere) as it is."""
    try:
        return format_date(value)
    except ValueError:
        return value


def child_named(facts: dict[str, Any]) -> str:
    """The child as the record names them, or "Name not known — described as: …"."""
    return named(facts.get("child_name"), facts.get("child_description"))


def _rows(facts: dict[str, Any]) -> tuple[Facts, ...]:
    """One labelled fact per detail given; a child without a name is named by the description."""
    unnamed = not name_known(facts.get("child_name"))  # the description is on the child's line
    rows = []
    for key, label in DETAIL_ROWS:
        if facts.get(key) in (None, "") or (key == "child_description" and unnamed):
            continue
        value = child_named(facts) if key == "child_name" else _detail(key, facts[key])
        rows.append(Facts((Fact(_(label), value),)))
    return tuple(rows)


def _signs(facts: dict[str, Any]) -> str:
    return ", ".join(facts["indicators"]) or _("none ticked")


def details_screen(facts: dict[str, Any], tz: str = "Europe/London") -> Screen:
    """The identifying details, for a MASH role (or, `own`, for the reporter who sent them);
    the caller has audited this view."""
    if facts.get("own"):
        return own_concern_screen(facts, tz)
    heading = _(
        "%(reference)s · %(area)s · received %(when)s",
        reference=facts["reference"],
        area=facts["area_name"],
        when=_when(facts["received_at"], tz),
    )
    checklist = _(
        "%(band)s (score %(score)s). It counts the signs ticked; it does not measure danger.",
        band=facts["screening_band"],
        score=facts["screening_score"],
    )
    head: tuple[Text, ...] = (Text(heading, "strong"),)
    if facts["immediate_danger"]:
        said = _("Immediate danger: the reporter said the child is in immediate danger.")
        head += (Text(said, "alarm"),)
    signs = Facts((Fact(_("Signs"), _signs(facts)), Fact(_("Signs checklist"), checklist)))
    view_command = f"`view {facts['reference']}`"
    return Screen(
        CallbackId.CONCERN_DETAILS.value,
        _("Concern details"),
        head=head,
        body=(*_rows(facts), signs),
        footer=_(
            "This view has been recorded in the audit log. Do not copy these details into a "
            "channel."
        ),
        close=_("Close"),
        overflow=Overflow(
            _("These details are too long to show here in full; the rest is not shown.")
            + "\n"
            + _(
                "Read them all in the console: %(console)s, then %(view)s.",
                console="`mashbot console`",
                view=view_command,
            )
        ),
    )


def own_concern_screen(facts: dict[str, Any], tz: str = "Europe/London") -> Screen:
    """What a reporter sent and where it is: never the MASH's work on it, nor other agencies'."""
    head: list[Text] = []
    if facts["immediate_danger"]:
        still = _(
            "You said the child was in immediate danger. If the child is still in danger, call "
            "%(emergency_number)s now.",
            emergency_number=facts["emergency_number"],
        )
        head.append(Text(still, "alarm"))
    head += [
        Text(
            _(
                "%(reference)s · sent to the %(area)s MASH %(when)s",
                reference=facts["reference"],
                area=facts["area_name"],
                when=_when(facts["received_at"], tz),
            ),
            "strong",
        ),
        Text(_("Where it is now: %(status)s.", status=_(reporter_status(facts["status"])))),
        Text(
            _(
                "This is what you sent. The MASH (multi-agency safeguarding hub) shares what it "
                "decides with you, not its notes or what other agencies told it."
            )
        ),
    ]
    return Screen(
        CallbackId.CONCERN_DETAILS.value,
        _("Your concern"),
        head=tuple(head),
        body=(*_rows(facts), Facts((Fact(_("Signs you ticked"), _signs(facts)),))),
        footer=_(
            "If anything new worries you, report it again or call the %(area)s MASH on "
            "%(phone)s. Do not copy these details into a channel.",
            area=facts["area_name"],
            phone=facts["mash_phone"],
        ),
        close=_("Close"),
        overflow=Overflow(
            _(
                "What you sent is too long to show here in full; the rest is not shown. To read "
                "all of it, call the MASH on %(phone)s.",
                phone=facts["mash_phone"],
            )
        ),
    )


def home_screen(
    concerns: list[dict[str, Any]],
    drafts: list[dict[str, Any]],
    actions: list[dict[str, Any]] | None = None,
    tz: str = "Europe/London",
) -> Screen:
    """The Home tab: a button to report, drafts to resume, the user's concerns and actions."""
    body: list[Any] = [
        Text(_("Worried about a child?"), "heading"),
        Text(_("If a child is in danger right now, call 999 first. Then report it here.")),
        Buttons(
            "home_actions",
            (Button(ActionId.START_CONCERN.value, _("Report a concern"), primary=True),),
        ),
    ]
    if drafts:
        body.append(Text(_("Unfinished concerns"), "heading"))
        for draft in drafts[:10]:
            saved = _("Started, last saved %(when)s", when=_when(draft["updated_at"], tz))
            resume = Button(ActionId.RESUME_DRAFT.value, _("Carry on"), draft["draft_id"])
            body.append((Text(saved), Buttons(f"draft_{draft['draft_id']}", (resume,))))
    body.append(Text(_("Your concerns"), "heading"))
    if not concerns:
        body.append(Text(_("You have not reported any concerns yet.")))
    for n, concern in enumerate(concerns[:20]):
        where = _(
            "%(area)s · sent %(when)s · %(status)s",
            area=concern["area_name"],
            when=_when(concern["received_at"], tz),
            status=_(reporter_status(concern["status"])),
        )
        fact = Facts((Fact(concern["reference"], where),))
        if n >= CONCERNS_WITH_BUTTONS:  # the Home tab's blocks are few: older ones say status
            body.append(fact)
            continue
        see = Button(
            ActionId.VIEW_CONCERN_DETAILS.value, _("See what you sent"), concern["reference"]
        )
        body.append((fact, Buttons(f"concern_{concern['reference']}", (see,))))
    if actions:  # only action leads see the section; a reporter's Home stays simple
        body += action_section(actions)
    return Screen(CallbackId.HOME.value, _("Home"), body=tuple(body), surface=Surface.HOME)
