"""Sentences for the triage workflows' own rules (`FieldProblem(Code.RULE, {"rule": …})`).

The workflows say which rule an answer broke and the facts it needs; these say it in the
reader's language, for a form field and for a typed command alike. `{name}` placeholders are
filled after translation.
"""

from __future__ import annotations

from messages.i18n import _


def rule_words() -> dict[str, str]:
    """Every rule's sentence, made when shown (never at import: it would freeze English)."""
    return {
        "answer_kind": _("Choose: information held, nothing known, or confidential information."),
        "answer_text": _("Say what you hold that is relevant, or choose 'nothing known'."),
        "answer_held_by": _(
            "Say who holds the confidential information, so the MASH can ask them."
        ),
        "owner_not_mash": _("Choose someone with a MASH role in the partnership file."),
        "owner_other_area": _(
            "{person} does not cover this referral's area; choose someone who does."
        ),
        "owner_already": _("{person} already owns {ref}."),
        "reassign_reason": _("Say why you are reassigning it; the reason goes on the record."),
        "outcome_needed": _("Choose at least one outcome."),
        "outcome_unknown": _("Choose only the listed outcomes."),
        "outcome_nfa_alone": _("'No further action' cannot be combined with another outcome."),
        "crime_team_needed": _("Say who investigates the crime: {teams}."),
        "crime_team_unwanted": _(
            "Choose 'crime to investigate' as an outcome, or leave the team out."
        ),
        "decision_rationale": _("Say why you decided this; the reason goes on the record."),
        "correction_reason": _(
            "This referral already has a decision. Say why you are correcting it."
        ),
        "agency_needed": _("Choose at least one agency to ask."),
        "agency_unknown": _(
            "Not an agency in the partnership file: {unknown}. Choose from the list."
        ),
        "share_unknown": _("Share only these details: {keys}."),
        "share_needed": _("Share at least one detail the agency can search its records with."),
        "agency_no_lead": _(
            "Nobody at {agency} can answer: the partnership file lists no safeguarding lead for "
            "it. Ask them by phone and record what they say, or ask the admin to add one."
        ),
        "agency_already_asked": _("{agency} already has an unanswered request on this referral."),
        "choose_level": _("Choose one of: {choices}."),
        "level_floor": _(
            "This partnership never rates a child under {age} below {level}: choose {level} or "
            "higher."
        ),
        "override_rationale_suggested": _(
            "The signs checklist suggests {suggested}. To record {level}, say why in the rationale."
        ),
        "override_rationale_none": _(
            "The signs checklist does not suggest a level. To record {level}, say why in the "
            "rationale."
        ),
        "urgency_decided": _("{ref} has been decided, so its urgency no longer applies."),
        "urgency_same": _("{ref} is already {level}."),
        "urgency_reason": _("Say why the urgency has changed; it goes on the record."),
    }
