"""Who is acting: platform identities resolved once to mashbot people and their roles."""

from __future__ import annotations

import re
import secrets
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.counters import insert_missing
from storage.models import Identity, PersonRecord
from workflows.context import Actor
from workflows.partnership import Partnership, Person


def actor_for(partnership: Partnership, record: PersonRecord) -> Actor:
    """An actor with the roles the partnership file gives them (none for unlisted reporters)."""
    listed = partnership.find_person(record.id)
    if listed is None:
        return Actor(
            person_id=record.id,
            name=record.display_name,
            agency_id=record.agency_id,
            language=record.language,
        )
    return Actor(
        person_id=listed.id,
        name=listed.name,
        agency_id=listed.agency,
        roles=frozenset(listed.roles),
        areas=frozenset(listed.areas),
        language=record.language,
    )


def sync_partnership_people(session: Session, partnership: Partnership, now: datetime) -> None:
    """Make the people table and identity map match the partnership file (adds and updates).

    New rows go in with insert-if-missing, so replicas starting together on an empty database
    each add or find the same people instead of one failing on a duplicate key.
    """
    insert_missing(
        session,
        PersonRecord,
        [
            {"id": p.id, "display_name": p.name, "created_at": now, "from_partnership_file": True}
            for p in partnership.people
        ],
        ["id"],
    )
    insert_missing(
        session,
        Identity,
        [
            {"platform": platform, "workspace": "", "external_id": external, "person_id": p.id}
            for p in partnership.people
            for platform, external in _identities_of(p)
        ],
        ["platform", "workspace", "external_id"],
    )
    for person in partnership.people:
        record = session.get_one(PersonRecord, person.id)
        record.display_name = person.name
        record.email = person.email
        record.agency_id = person.agency
        record.from_partnership_file = True
        for platform, external in _identities_of(person):
            _link(session, platform, "", external, person.id)
    session.flush()


def _identities_of(person: Person) -> list[tuple[str, str]]:
    found = []
    if person.slack_user_id:
        found.append(("slack", person.slack_user_id))
    if person.teams_user_id:
        found.append(("teams", person.teams_user_id))
    if person.email:
        found.append(("email", person.email.lower()))
    return found


def _link(
    session: Session, platform: str, workspace: str, external_id: str, person_id: str
) -> None:
    existing = session.scalar(
        select(Identity).where(
            Identity.platform == platform,
            Identity.workspace == workspace,
            Identity.external_id == external_id,
        )
    )
    if existing is None:
        session.add(
            Identity(
                platform=platform,
                workspace=workspace,
                external_id=external_id,
                person_id=person_id,
            )
        )
    else:
        existing.person_id = person_id


def resolve(
    session: Session,
    partnership: Partnership,
    *,
    platform: str,
    external_id: str,
    now: datetime,
    workspace: str = "",
    display_name: str | None = None,
    email: str | None = None,
) -> Actor:
    """The actor behind a platform identity; an unknown one becomes a reporter with no role."""
    person_id = _lookup(session, platform, workspace, external_id) or _lookup(
        session, platform, "", external_id
    )
    if person_id is None and email:
        person_id = _lookup(session, "email", "", email.lower())
        if person_id is not None:
            _link(session, platform, workspace, external_id, person_id)
    if person_id is None:
        person_id = _new_person_id(display_name or email or "reporter")
        session.add(
            PersonRecord(
                id=person_id,
                display_name=display_name or email or "Unnamed reporter",
                email=email,
                created_at=now,
            )
        )
        session.flush()
        _link(session, platform, workspace, external_id, person_id)
        if email:
            _link(session, "email", "", email.lower(), person_id)
        session.flush()
    record = session.get_one(PersonRecord, person_id)
    return actor_for(partnership, record)


def addresses_of(session: Session, person_id: str, platform: str) -> list[str]:
    """A person's ids on one platform, for delivery."""
    return list(
        session.scalars(
            select(Identity.external_id).where(
                Identity.person_id == person_id, Identity.platform == platform
            )
        )
    )


def _lookup(session: Session, platform: str, workspace: str, external_id: str) -> str | None:
    return session.scalar(
        select(Identity.person_id).where(
            Identity.platform == platform,
            Identity.workspace == workspace,
            Identity.external_id == external_id,
        )
    )


def _new_person_id(hint: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", ".", hint.lower()).strip(".")[:40] or "reporter"
    return f"{slug}.{secrets.token_hex(3)}"
