"""The identifying details of a concern, in the order MASH staff read them."""

from __future__ import annotations

from collections.abc import Iterator

from messages.i18n import N_, _

_ROWS = (
    ("child_name", N_("Child")),
    ("child_description", N_("Described as")),
    ("child_dob", N_("Date of birth")),
    ("child_age", N_("Approximate age")),
    ("child_gender", N_("Gender")),
    ("school_or_setting", N_("School or setting")),
    ("what_happened", N_("What happened")),
    ("when_happened", N_("When")),
    ("where_happened", N_("Where")),
    ("others_involved", N_("Others involved")),
    ("other_indicator", N_("Other sign")),
    ("family_aware", N_("Family aware")),
    ("consent", N_("Consent")),
    ("sharing_reason", N_("Reason for sharing without consent")),
    ("reporter_agency", N_("Reporting agency")),
    ("reporter_role", N_("Reporter's role")),
)


class _DetailRows:
    """(field, label) pairs, each label in the current locale as it is read."""

    def __iter__(self) -> Iterator[tuple[str, str]]:
        return ((key, _(label)) for key, label in _ROWS)

    def __len__(self) -> int:
        return len(_ROWS)


# The identifying details of a concern, in the order MASH staff read them (every platform).
DETAIL_ROWS = _DetailRows()
