"""The words people meet in mashbot's messages, each in one plain line; and the hint that finds them.

Typed as `/mash glossary` in Slack, `glossary` in Teams and `/glossary` in the console. A message
sent to someone who may not work with these words daily ends with one small line saying so.
"""

from __future__ import annotations

import re

from messages.i18n import N_, _
from messages.render import Platform
from messages.vocabulary import glossary as glossary_command
from workflows.outgoing import MessageKind

# (the word as it appears, what it means), translated where shown. What a reporter meets first.
TERMS: tuple[tuple[str, str], ...] = (
    (N_("CSE"), N_("child sexual exploitation.")),
    (
        N_("MASH"),
        N_(
            "Multi-Agency Safeguarding Hub: social care, police, health and education staff "
            "who look at every concern together and decide what happens next."
        ),
    ),
    (N_("Triage"), N_("the MASH's first look at a concern, to decide how urgent it is.")),
    (
        N_("RAG"),
        N_(
            "Red, Amber or Green: how urgent a referral is, or how an action is going. "
            "Red is the most urgent, or the furthest behind."
        ),
    ),
    (
        N_("Strategy discussion"),
        N_(
            "a meeting of police, social care and health, held quickly when a child may be at "
            "risk of significant harm, to plan what to do."
        ),
    ),
    (N_("CID"), N_("the police's Criminal Investigation Department.")),
    (
        N_("MASE"),
        N_(
            "Multi-Agency Sexual Exploitation meeting: partners meet regularly to look at the "
            "children most at risk of exploitation."
        ),
    ),
    (
        N_("MAP"),
        N_("Multi-Agency Planning meeting: the people working with one child plan together."),
    ),
    (N_("DPO"), N_("data protection officer.")),
    (
        N_("SAR"),
        N_("subject access request: a person's right to a copy of the records held about them."),
    ),
)

# Kinds read by MASH staff and admins, who work with these words every day: no hint there.
EVERYDAY_KINDS = frozenset(
    {
        MessageKind.CONCERN_FOR_MASH,
        MessageKind.REFERRAL_CARD,
        MessageKind.REFERRAL_ASSIGNED,
        MessageKind.TRIAGE_UNRATED,
        MessageKind.TRIAGE_DEADLINE_REMINDER,
        MessageKind.TRIAGE_DEADLINE_PASSED,
        MessageKind.RED_OUT_OF_HOURS,
        MessageKind.INFORMATION_ANSWERED,
        MessageKind.DELIVERY_FAILED,
        MessageKind.AUDIT_CHECKPOINT,
        MessageKind.SWEEP_FAILING,
        MessageKind.CLOCK_STALE,
        MessageKind.BREAK_GLASS_ALERT,
    }
)

_USED = re.compile(r"\b(?:CSE|MASH|RAG|CID|MASE|MAP|DPO|SAR)\b|[Ss]trategy discussion")


def lines() -> list[str]:
    """The glossary, one term a line."""
    return [
        _("What these words mean:"),
        *(_("%(word)s: %(meaning)s", word=_(w), meaning=_(m)) for w, m in TERMS),
    ]


def hint(platform: Platform | str) -> str:
    """The one line that says where the glossary is."""
    return _(
        "New to words like MASH or RAG? Type %(command)s to see what they mean.",
        command=glossary_command(platform),
    )


def may_need_hint(kind: MessageKind | str) -> bool:
    """Whether a message of this kind is read by someone who may not use its words daily."""
    return MessageKind(kind) not in EVERYDAY_KINDS


def needs_hint(kind: MessageKind | str, rendered_words: str) -> bool:
    """A message that uses a glossary word, read by someone who may not use it daily."""
    return may_need_hint(kind) and bool(_USED.search(rendered_words))
