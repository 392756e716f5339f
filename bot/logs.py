"""No child's details in any log: a redacting filter on every logger, whatever its level.

Slack Bolt logs a badly signed request's whole body at INFO, slack_sdk every request and answer
at DEBUG, SQLAlchemy statement parameters and rows when echoing; any of them may carry a child's
name, date of birth or narrative. Every record, from every library, passes through `redact`
before a handler sees it: request and response bodies, form values, dumped structures and SQL
parameters are replaced by a marker, and what remains (what happened, to which URL, ids) stays.
"""

from __future__ import annotations

import logging
import re
from typing import Any

# Loggers that handle requests, payloads or SQL: each gets the filter (and the record factory
# below covers their children and every other logger too).
WATCHED_LOGGERS = (
    "slack_bolt",
    "slack_sdk",
    "uvicorn",
    "uvicorn.error",
    "uvicorn.access",
    "aiohttp",
    "microsoft_agents",
    "sqlalchemy",
    "sqlalchemy.engine",
    "starlette",
    "apscheduler",
    "mashbot",
)
REMOVED = "[removed: may hold a child's details]"

# "body: …", "json_body: …", "payload=…", "Request body: …", "[parameters: …]": the rest of the
# message after one of these is a payload.
_PAYLOAD_MARKER = re.compile(
    r"(?i)\b(request body|json_body|body_params|query_params|body|payload|parameters|params"
    r"|form|data|files|values|state)\s*[:=]\s*"
)
# a=1&b=2 (URL-encoded form), %7B...%7D (URL-encoded JSON)
_FORM = re.compile(r"[\w.\-\[\]%]+=[^\s&]*(?:&[\w.\-\[\]%]+=[^\s&]*)+")
_ENCODED = re.compile(r"\S*%(?:7[Bb]|22|5[Bb])\S*")
# A dumped dict or list with quoted keys or strings: Python repr or JSON.
_STRUCTURE = re.compile(r"[\{\[][^\n]*?['\"][^\n]*[\}\]]")
# SQLAlchemy's parameter and row lines: "[generated in 0.0001s] ('Kayla', …)", "Row ('Kayla',)".
_SQL_PARAMETERS = re.compile(r"^(\[[^\]]*\]\s*)(\(.*|\{.*|\[.*)$", re.DOTALL)
_SQL_ROW = re.compile(r"^(Row|Col)\s+.*$", re.DOTALL)


def redact(text: str, *, logger: str = "") -> str:
    """The text with every payload, form value, dumped structure and SQL parameter removed."""
    if logger.startswith("sqlalchemy"):
        text = _SQL_PARAMETERS.sub(lambda m: m.group(1) + REMOVED, text)
        text = _SQL_ROW.sub(lambda m: f"{m.group(1)} {REMOVED}", text)
    marker = _PAYLOAD_MARKER.search(text)
    if marker:
        text = text[: marker.end()] + REMOVED
    text = _FORM.sub(REMOVED, text)
    text = _ENCODED.sub(REMOVED, text)
    return _STRUCTURE.sub(REMOVED, text)


def _redact_exception(text: str) -> str:
    """Tracebacks keep their code lines; exception messages lose payloads and parameters."""
    lines = []
    for line in text.splitlines():
        if line.startswith("  "):  # a frame or its source line
            lines.append(line)
        else:
            lines.append(redact(line))
    return "\n".join(lines)


class RedactingFilter(logging.Filter):
    """Rewrites each record once: its message redacted and frozen, its arguments dropped."""

    def filter(self, record: logging.LogRecord) -> bool:
        scrub(record)
        return True


def scrub(record: logging.LogRecord) -> logging.LogRecord:
    if getattr(record, "mashbot_redacted", False):
        return record
    try:
        message = record.getMessage()
    except Exception:  # noqa: BLE001 - a malformed record: keep only its template
        message = str(record.msg)
    record.msg = redact(message, logger=record.name)
    record.args = ()
    if record.exc_info and not record.exc_text:
        record.exc_text = logging.Formatter().formatException(record.exc_info)
    if record.exc_text:
        record.exc_text = _redact_exception(record.exc_text)
    record.mashbot_redacted = True
    return record


_FILTER = RedactingFilter()


def install() -> None:
    """Put the filter on every watched logger and every root handler, and on record creation.

    A logger's filter sees only records logged on it, not its children's, so the record factory
    makes sure every record of every logger is redacted when it is made, whatever the level.
    """
    for name in WATCHED_LOGGERS:
        logger = logging.getLogger(name)
        if _FILTER not in logger.filters:
            logger.addFilter(_FILTER)
    for handler in logging.getLogger().handlers:
        if _FILTER not in handler.filters:
            handler.addFilter(_FILTER)
    previous = logging.getLogRecordFactory()
    if getattr(previous, "mashbot_redacting", False):
        return

    def make_record(*args: Any, **kwargs: Any) -> logging.LogRecord:
        return scrub(previous(*args, **kwargs))

    make_record.mashbot_redacting = True  # type: ignore[attr-defined]
    logging.setLogRecordFactory(make_record)
