"""Checks across a partnership's settings, each naming the setting at fault so its line can be shown.

A location is the path to the setting, as pydantic gives one: `("people", 3, "agency")`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from workflows.partnership import Partnership

Located = tuple[tuple[Any, ...], str]
PLATFORM_ID = {"slack": "slack_channel_id", "teams": "teams_channel_id"}


def _repeats(
    kind: str, items: Iterable[tuple[tuple[Any, ...], str | None]], key: Callable[[str], str] = str
) -> list[Located]:
    """Each value given a second time, located at the repeat and naming the first."""
    first: dict[str, tuple[Any, ...]] = {}
    found: list[Located] = []
    for loc, value in items:
        if not value:
            continue
        if key(value) in first:
            earlier = ".".join(str(p) for p in first[key(value)])
            found.append((loc, f"{kind} '{value}' is given twice (also at {earlier})"))
        else:
            first[key(value)] = loc
    return found


def reference_problems(p: Partnership) -> list[Located]:
    """Repeated ids and e-mails, and names of channels, agencies, areas and bands that do not exist."""
    found: list[Located] = []
    found += _repeats("area id", ((("areas", i, "id"), a.id) for i, a in enumerate(p.areas)))
    found += _repeats(
        "agency id", ((("agencies", i, "id"), a.id) for i, a in enumerate(p.agencies))
    )
    found += _repeats("person id", ((("people", i, "id"), x.id) for i, x in enumerate(p.people)))
    found += _repeats(
        "e-mail",
        ((("people", i, "email"), x.email) for i, x in enumerate(p.people)),
        key=str.lower,
    )
    found += _repeats(
        "slack_user_id",
        ((("people", i, "slack_user_id"), x.slack_user_id) for i, x in enumerate(p.people)),
    )
    found += _repeats(
        "teams_user_id",
        ((("people", i, "teams_user_id"), x.teams_user_id) for i, x in enumerate(p.people)),
    )
    found += _repeats(
        "indicator id",
        (
            (("screening", "groups", g, "indicators", i, "id"), ind.id)
            for g, group in enumerate(p.screening.groups)
            for i, ind in enumerate(group.indicators)
        ),
    )
    if p.fallback_mash_channel not in p.channels:
        found.append(
            (("fallback_mash_channel",), f"'{p.fallback_mash_channel}' is not one of the channels")
        )
    for i, area in enumerate(p.areas):
        if area.mash_channel not in p.channels:
            found.append(
                (
                    ("areas", i, "mash_channel"),
                    f"area '{area.id}': mash_channel '{area.mash_channel}' is unknown",
                )
            )
        contact = area.out_of_hours_contact
        if contact and contact.channel and contact.channel not in p.channels:
            found.append(
                (
                    ("areas", i, "out_of_hours_contact", "channel"),
                    f"area '{area.id}': out_of_hours_contact channel '{contact.channel}' is unknown",
                )
            )
        if contact and contact.person and contact.person not in {x.id for x in p.people}:
            found.append(
                (
                    ("areas", i, "out_of_hours_contact", "person"),
                    f"area '{area.id}': out_of_hours_contact person '{contact.person}' is unknown",
                )
            )
    agenda_channel = p.meetings.agenda_channel
    if agenda_channel and agenda_channel not in p.channels:
        found.append(
            (
                ("meetings", "agenda_channel"),
                f"meetings.agenda_channel '{agenda_channel}' is not a channel",
            )
        )
    for i, agency in enumerate(p.agencies):
        if agency.channel and agency.channel not in p.channels:
            found.append(
                (
                    ("agencies", i, "channel"),
                    f"agency '{agency.id}': channel '{agency.channel}' is unknown",
                )
            )
    agency_ids = {a.id for a in p.agencies}
    area_ids = {a.id for a in p.areas}
    for i, person in enumerate(p.people):
        if person.agency not in agency_ids:
            found.append(
                (
                    ("people", i, "agency"),
                    f"person '{person.id}': agency '{person.agency}' is unknown",
                )
            )
        for j, area in enumerate(person.areas):
            if area not in area_ids:
                found.append(
                    (("people", i, "areas", j), f"person '{person.id}': area '{area}' is unknown")
                )
    bands = {b.name for b in p.screening.bands}
    for i, level in enumerate(p.triage.risk_levels):
        for j, band in enumerate(level.screening_bands):
            if band not in bands:
                found.append(
                    (
                        ("triage", "risk_levels", i, "screening_bands", j),
                        f"risk level '{level.id}' names the unknown screening band '{band}'",
                    )
                )
    return found


def platform_problems(p: Partnership, platform: str) -> list[Located]:
    """Channels messages would be sent to that have no address on the platform in use."""
    field = PLATFORM_ID.get(platform)
    if field is None:
        return []
    return [
        (
            ("channels", key),
            f"channel '{key}' has no {field}, so nothing can be sent to it on {platform.title()}; "
            f"add its {field}",
        )
        for key, channel in p.channels.items()
        if not getattr(channel, field)
    ]
