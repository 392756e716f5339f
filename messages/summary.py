"""The identifying details of a concern, in the order MASH staff read them."""

from __future__ import annotations

# The identifying details of a concern, in the order MASH staff read them (every platform).
DETAIL_ROWS = (
    ("child_name", "Child"),
    ("child_description", "Described as"),
    ("child_dob", "Date of birth"),
    ("child_age", "Approximate age"),
    ("child_gender", "Gender"),
    ("school_or_setting", "School or setting"),
    ("what_happened", "What happened"),
    ("when_happened", "When"),
    ("where_happened", "Where"),
    ("others_involved", "Others involved"),
    ("other_indicator", "Other sign"),
    ("family_aware", "Family aware"),
    ("consent", "Consent"),
    ("sharing_reason", "Reason for sharing without consent"),
    ("reporter_agency", "Reporting agency"),
    ("reporter_role", "Reporter's role"),
)
