"""`/mash` sub-commands answered in a reply (Slack, and Teams without the slash): their lines.

Platform-free, so that Teams answers them without loading Slack's packages.
"""

from __future__ import annotations

from bot.app import Mashbot
from messages import access_review as review_words
from messages import triage_text as words
from messages.render import Platform
from workflows.context import Actor
from workflows.data_protection import access_review
from workflows.triage import answers, assign, claim, queries, urgency

# Sub-commands answered in a reply (ephemeral in Slack), with how many words they need.
REPLIES = {
    "queue": 0,
    "mine": 0,
    "requests": 0,
    "claim": 1,
    "assign": 3,
    "urgency": 2,
    "access": 1,
}


def _plain_email(word: str) -> str:
    """Slack may send an email as `<mailto:a@b.org|a@b.org>`; the address itself."""
    if word.startswith("<mailto:"):
        word = word.removeprefix("<mailto:").split("|")[0].rstrip(">")
    return word


def answer_now(
    mashbot: Mashbot,
    actor: Actor,
    name: str,
    args: list[str],
    entry_point: str = "slack",
    platform: Platform = Platform.SLACK,
) -> list[str]:
    """The reply lines of a sub-command in REPLIES (given enough words); Teams shares it, and
    each names commands as `platform` types them."""
    tz = mashbot.partnership.timezone
    with mashbot.unit_of_work(entry_point) as ctx:
        if name == "queue":
            rows = queries.queue(ctx, actor)
            empty = words.queue_empty()
            return [words.queue_heading(len(rows)), *words.queue_lines(rows, tz, empty)]
        if name == "mine":
            rows = queries.mine(ctx, actor)
            empty = words.mine_empty(platform)
            return [words.mine_heading(len(rows)), *words.queue_lines(rows, tz, empty)]
        if name == "requests":
            return words.agency_requests(answers.for_my_agency(ctx, actor), tz, platform)
        if name == "claim":
            return [words.claimed(claim.claim(ctx, actor, args[0]), platform)]
        if name == "assign":
            reason = " ".join(args[2:])
            done = assign.reassign_to_email(ctx, actor, args[0], _plain_email(args[1]), reason)
            return [words.reassigned(done)]
        if name == "urgency":
            done = urgency.set_urgency(ctx, actor, args[0], args[1], " ".join(args[2:]))
            return [words.urgency_set(done, tz, platform)]
        if name == "access":
            found = access_review.recent(ctx, actor, args[0])
            return review_words.review_lines(found, tz)
    raise ValueError(f"/mash {name} is not answered in a reply")
