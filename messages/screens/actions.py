"""The Home tab's section of a lead's actions: each with its RAG word and buttons that name it."""

from __future__ import annotations

from typing import Any

from messages.action_words import button_labels, day, month, rag, rag_key
from messages.actions import ActionId
from messages.i18n import _, ngettext
from messages.screen import Button, Buttons, Fact, Facts, Text

ACTIONS_SHOWN = 15


def _line(item: dict[str, Any]) -> str:
    """Due date, RAG word and this period's answer, as one whole sentence to translate."""
    values = {
        "due": day(item["due_date"]) if item.get("due_date") else _("no due date"),
        "rag": rag(item["rag"]),
        "period": month(item["period"]) if item.get("period") else item["period_label"],
    }
    if item["overdue"] and item["answered"]:
        return _("Due %(due)s · Overdue · RAG status %(rag)s · %(period)s update given", **values)
    if item["overdue"]:
        return _("Due %(due)s · Overdue · RAG status %(rag)s · %(period)s update to do", **values)
    if item["answered"]:
        return _("Due %(due)s · RAG status %(rag)s · %(period)s update given", **values)
    return _("Due %(due)s · RAG status %(rag)s · %(period)s update to do", **values)


def action_section(actions: list[dict[str, Any]]) -> list[Any]:
    """The user's open actions with their buttons (items from `actions_home_items`)."""
    body: list[Any] = [Text(_("Your actions"), "heading")]
    if not actions:
        return body + [Text(_("You lead no open actions."))]
    for item in actions[:ACTIONS_SHOWN]:
        fact = Facts((Fact(f"{item['ref']} {item['description']}", _line(item)),))
        if item["answered"]:
            body.append(fact)
            continue
        labels = button_labels(item["ref"])
        buttons = Buttons(
            f"home_act_{item['id']}",
            tuple(
                Button(action.value, labels[action.value][0], item["value"], accessible=spoken)
                for action in (ActionId.ACTION_NO_CHANGE, ActionId.ACTION_UPDATE)
                for spoken in (labels[action.value][1],)
            ),
        )
        body.append((fact, buttons))
    more = len(actions) - ACTIONS_SHOWN
    if more > 0:
        body.append(
            Text(
                ngettext(
                    "And %(num)d more: type `/actions mine`.",
                    "And %(num)d more: type `/actions mine`.",
                    more,
                ),
                "note",
            )
        )
    return body + [Text(rag_key(), "note")]


def actions_home_items(lines: list[Any]) -> list[dict[str, Any]]:
    """`workflows.actions.queries.ActionLine`s as the facts the Home tab shows."""
    from workflows.actions.cadence import period_label
    from workflows.actions.form import button_value

    return [
        {
            "id": line.id,
            "ref": line.ref,
            "description": line.description,
            "due_label": line.due_label,
            "due_date": line.due_date.isoformat() if line.due_date else None,
            "period": line.period,
            "overdue": line.overdue,
            "rag": line.rag,
            "answered": line.answered,
            "period_label": period_label(line.period),
            "value": button_value(line.id, line.period, "home"),
        }
        for line in lines
    ]
