"""A person's language: what it is now, and choosing one (or going back to the partnership's).

Locale-free like every workflow: it stores and returns codes; the adapter renders the reply in
the language just chosen.
"""

from __future__ import annotations

from storage.models import PersonRecord
from workflows.context import Actor, Context
from workflows.errors import Reason, WorkflowError
from workflows.language_codes import DEFAULT, SUPPORTED_LANGUAGES, LanguageSetting, normalise


def current(ctx: Context, actor: Actor) -> LanguageSetting:
    """The person's language as stored now (not as remembered with the actor)."""
    own = ctx.session.get_one(PersonRecord, actor.person_id).language
    return _setting(ctx, own)


def choose(ctx: Context, actor: Actor, code: str) -> LanguageSetting:
    """Set the person's own language (`default`: the partnership's again); audited."""
    wanted = code.strip().lower()
    chosen = None if wanted == DEFAULT else normalise(wanted)
    if chosen is None and wanted != DEFAULT:
        raise WorkflowError(Reason.LANGUAGE_UNKNOWN, choices=SUPPORTED_LANGUAGES)
    record = ctx.session.get_one(PersonRecord, actor.person_id)
    changed = record.language != chosen
    if changed:
        record.language = chosen
        ctx.audit(actor, "language_set", actor.person_id, language=chosen or DEFAULT)
    return _setting(ctx, chosen, changed=changed)


def _setting(ctx: Context, own: str | None, *, changed: bool = False) -> LanguageSetting:
    default = ctx.partnership.language
    return LanguageSetting(language=own or default, own=own, default=default, changed=changed)
