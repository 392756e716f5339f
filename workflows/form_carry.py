"""A form's answers carried by the form itself, sealed, so a step can be answered before it is kept.

A form step is the busiest request there is, and Slack waits for its answer. Reading and writing
the draft in that wait was most of its cost. So the answers so far travel with the form (in a
Slack modal's metadata, a Teams dialog's button data), encrypted under the data key and bound to
the form, its key and its person: the next step is drawn from them alone, and the draft is
written just after the answer has gone (`bot/keeping.py`), many steps in one transaction.

Nothing typed rests on that later write. Every keep writes the whole of the answers, with the
revision it follows from, and a keep never replaces a later one; if a process dies before its
write, the next step, the Back button or closing the form writes the same answers from the
form's own copy. The person's last step is kept before it is answered, as it sends the concern.
"""

from __future__ import annotations

import json
import zlib

from storage.crypto import CipherError, cipher_of
from workflows.context import Actor, Context
from workflows.forms import Carried, Done, FormView

_COMPRESS_FROM = 512  # bytes of answers


def _label(actor: Actor, form_id: str, key: str) -> str:
    return f"mashbot form carry|{form_id}|{key}|{actor.person_id}"


def seal(ctx: Context, actor: Actor, form_id: str, key: str, carried: Carried) -> str:
    """The carried answers as text for the form to hold: compressed if long, then encrypted."""
    plain = json.dumps(
        [carried.answers, carried.step_id, carried.revision], separators=(",", ":"), default=str
    ).encode()
    # Compressed only when long (an account of what happened): a short one gains nothing, and
    # zlib lets go of the interpreter lock, which costs a wait under a burst of form steps.
    data = b"z" + zlib.compress(plain) if len(plain) > _COMPRESS_FROM else b"j" + plain
    return cipher_of(ctx.session.get_bind()).seal(data, _label(actor, form_id, key))


def unseal(ctx: Context, actor: Actor, form_id: str, key: str, sealed: str) -> Carried | None:
    """What `seal` sealed for this person, form and key; None if it was sealed for another,
    altered, or sealed under a data key since retired (the form then reads the draft)."""
    cipher = cipher_of(ctx.session.get_bind())
    try:
        data = cipher.unseal(sealed, _label(actor, form_id, key))
        plain = zlib.decompress(data[1:]) if data[:1] == b"z" else data[1:]
        answers, step_id, revision = json.loads(plain)
    except (CipherError, ValueError, TypeError, zlib.error):
        return None
    if not isinstance(answers, dict) or not isinstance(revision, int):
        return None
    return Carried(answers, str(step_id), revision)


def seal_shown(ctx: Context, actor: Actor, shown: FormView | Done) -> str | None:
    """The answers a shown step is to carry to its next request, sealed; None if it carries none
    (a finished form, or a step of a form that does not carry its answers)."""
    if not isinstance(shown, FormView) or shown.carried is None:
        return None
    return seal(ctx, actor, shown.form.id, shown.key, shown.carried)
