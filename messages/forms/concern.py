"""The concern form's words: every question, hint, option and problem a reporter reads."""

from __future__ import annotations

from messages.actions import CallbackId
from messages.child_words import GENDER_WORDS
from messages.forms import FieldWords, FormWords, StepWords, answer_text, register
from messages.i18n import _
from messages.screen import Section, Text
from workflows.children import GENDERS
from workflows.concerns import form
from workflows.forms import Code, FormView


def yes_no() -> dict[str, str]:
    return {"yes": _("Yes"), "no": _("No")}


def not_known() -> str:
    return _("Not known")


def _not_known_box(label: str) -> FieldWords:
    return FieldWords(label, options={form.NOT_KNOWN_CODE: not_known()})


def fields() -> dict[str, FieldWords]:
    """Every question's words, in the reader's language (built when asked, never at import)."""
    return {
        "immediate_danger": FieldWords(
            _("Is the child in immediate danger?"),
            options=yes_no(),
            problems={"required": _("Choose yes if the child is in immediate danger, or no.")},
        ),
        "child_name": FieldWords(
            _("Child's name"),
            hint=_(
                "As you know them; a nickname is fine. If you do not know it, choose "
                "'Not known' and describe the child."
            ),
        ),
        "child_name_not_known": _not_known_box(_("If you do not know the child's name")),
        "child_description": FieldWords(
            _("Describe the child"),
            hint=_(
                "If you do not know their name: how old they look, what they look like or "
                "wear, anything that would help find them."
            ),
        ),
        "child_dob": FieldWords(
            _("Date of birth"),
            hint=_("If you know it. Otherwise give an approximate age."),
            placeholder=_("dd/mm/yyyy"),
        ),
        "child_age": FieldWords(
            _("Approximate age"),
            problems={
                "not_whole_number": _("Give the age as a whole number, for example 14."),
                "out_of_range": _("Give an age between {lowest} and {highest}."),
            },
        ),
        "child_gender": FieldWords(
            _("Gender"),
            options={code: _(GENDER_WORDS[code]) for code in GENDERS},
            problems={"required": _("Choose the child's gender, or 'Not known'.")},
        ),
        "area": FieldWords(
            _("Area where the child lives"),
            hint=_("This decides which MASH receives the concern."),
            problems={"required": _("Choose the area where the child lives.")},
        ),
        "school_or_setting": FieldWords(_("School or setting")),
        "what_happened": FieldWords(
            _("What happened"),
            hint=_("What you saw or were told, in the words used if you can."),
            problems={"required": _("Say what happened: what you saw or were told.")},
        ),
        "when_happened": FieldWords(
            _("When"),
            hint=_("For example: last Friday evening. If you do not know, choose 'Not known'."),
        ),
        "when_not_known": _not_known_box(_("If you do not know when")),
        "where_happened": FieldWords(
            _("Where"),
            hint=_("For example: the park on Mill Lane. If you do not know, choose 'Not known'."),
        ),
        "where_not_known": _not_known_box(_("If you do not know where")),
        "others_involved": FieldWords(
            _("Who else is involved"),
            hint=_("Adults, other young people, cars, addresses: anything you know."),
        ),
        "other_indicator": FieldWords(_("Other sign (describe)")),
        "family_aware": FieldWords(
            _("Does the family know you are raising this?"),
            options={
                "yes": _("Yes, the family knows"),
                "no": _("No, not yet"),
                "no_risk": _("No: telling them could put the child at risk"),
            },
            problems={"required": _("Choose whether the family knows you are raising this.")},
        ),
        "consent": FieldWords(
            _("Consent to share"),
            hint=_("You do not need consent to share to protect a child."),
            options={
                "given": _("Consent sought and given"),
                "refused": _("Consent sought and refused"),
                "not_sought": _("Consent not sought"),
            },
            problems={"required": _("Choose whether consent was sought.")},
        ),
        "sharing_reason": FieldWords(
            _("If shared without consent, why"),
            hint=_("For example: to protect the child from significant harm."),
        ),
        "reporter_agency": FieldWords(
            _("Your agency"), problems={"required": _("Choose your agency.")}
        ),
        "reporter_role": FieldWords(
            _("Your role"), problems={"required": _("Enter your role, for example class teacher.")}
        ),
        "spoke_to_lead": FieldWords(
            _("Have you spoken to your safeguarding lead?"),
            options=yes_no(),
            problems={
                "required": _("Choose yes if you have spoken to your safeguarding lead, or no.")
            },
        ),
    }


def steps() -> dict[str, StepWords]:
    return {
        # The danger question is the field's label, asked once.
        form.DANGER: StepWords(_("Immediate danger"), submit=_("Next")),
        form.DANGER_ADVICE: StepWords(
            _("Call for help first"), submit=_("Carry on"), confirm=_("Press Enter to carry on")
        ),
        form.CHILD: StepWords(_("The child and what happened"), submit=_("Next")),
        form.INDICATORS: StepWords(
            _("Signs of exploitation"),
            _(
                "Tick every sign you have noticed. The absence of a complaint is not the "
                "absence of risk."
            ),
            submit=_("Next"),
        ),
        form.SHARING: StepWords(_("Sharing this information"), submit=_("Next")),
        form.REVIEW: StepWords(
            _("Check and send"),
            _("Check your answers, then send them to the MASH."),
            submit=_("Send to MASH"),
            confirm=_("Send this to the MASH now? (yes / save / back to change an answer)"),
            agree=("yes", "y", "send", _("yes")),
        ),
    }


def problems() -> dict[str, str]:
    """The concern's own rules, and the shared checks in this form's (translated) words."""
    return {
        "not_listed": _("Please tick only the listed signs."),
        "child_name_or_not_known": _(
            "Enter the child's name. If you do not know it, choose 'Not known' and describe "
            "the child."
        ),
        "describe_the_child": _(
            "Describe the child so the MASH can find them: for example how old they look, "
            "what they look like or wear."
        ),
        "when_happened_or_not_known": _(
            "Enter when it happened. If you do not know, choose 'Not known'."
        ),
        "where_happened_or_not_known": _(
            "Enter where it happened. If you do not know, choose 'Not known'."
        ),
        "dob_or_age": _("Give a date of birth or an approximate age."),
        "a_sign": _("Tick at least one sign, or describe what worried you here."),
        "why_without_consent": _(
            "Say why you are sharing without consent (for example, to protect the child)."
        ),
        Code.TOO_LONG.value: _("Please keep this under {limit} characters (it has {length})."),
        Code.BAD_DATE.value: _("Give the date as day/month/year, for example 14/03/2012."),
        Code.NO_SUCH_DATE.value: _(
            "{day} {month_name} {year} does not exist. Give the date as day/month/year."
        ),
        Code.FUTURE_DATE.value: _("That date is in the future; check the year."),
        Code.TOO_OLD.value: _("That date makes them over 25; check the year."),
        Code.NOT_WHOLE_NUMBER.value: _("Give a whole number, for example 14."),
        Code.OUT_OF_RANGE.value: _("Give a number between {lowest} and {highest}."),
        Code.NOT_AN_OPTION.value: _("Please choose one of the options."),
        Code.REQUIRED.value: _("Please answer this question."),
    }


def danger_first(emergency_number: str) -> str:
    return _(
        "If a child is in immediate danger, call %(emergency_number)s now.",
        emergency_number=emergency_number,
    )


def danger_reminder(emergency_number: str) -> str:
    return _(
        "You said the child is in immediate danger. If you have not called %(emergency_number)s, "
        "do it now.",
        emergency_number=emergency_number,
    )


def danger_advice(facts: dict) -> list[str]:
    """What to do first, in order: the emergency number, then each area's MASH line."""
    lines = [
        _(
            "Call %(emergency_number)s now if you have not already done so.",
            emergency_number=facts["emergency_number"],
        )
    ]
    for area in facts["areas"]:
        lines.append(_mash_line(area, first=False))
    lines.append(_("When the child is safe you can carry on and record the concern here."))
    return lines


def _mash_line(area: dict, *, first: bool) -> str:
    """Whom to call in the child's area: its MASH, and its out-of-hours line if it has one."""
    values = {"area": area["name"], "phone": area["mash_phone"], "ooh": area["out_of_hours"]}
    if first and area["out_of_hours"]:
        return _(
            "The child is in %(area)s: call the %(area)s MASH on %(phone)s (out of hours: "
            "%(ooh)s) if you have not already.",
            **values,
        )
    if first:
        return _(
            "The child is in %(area)s: call the %(area)s MASH on %(phone)s if you have not "
            "already.",
            **values,
        )
    if area["out_of_hours"]:
        return _("Then call the %(area)s MASH on %(phone)s (out of hours: %(ooh)s).", **values)
    return _("Then call the %(area)s MASH on %(phone)s.", **values)


def review_lines(view: FormView) -> list[str]:
    """One line per answered question, option values shown as their labels."""
    words = fields()
    boxes = set(form.NOT_KNOWN_BOXES.values())  # said on their question's line instead
    lines = []
    for step in view.form.steps:
        for f in step.fields:
            value = view.answers.get(f.id)
            label = words[f.id].label if f.id in words else step.facts["labels"][f.id]
            if f.id in form.NOT_KNOWN_BOXES and form.said_not_known(view.answers, f.id):
                lines.append(f"{label}: {not_known()}")
            if value in (None, "", []) or f.id in boxes:
                continue
            lines.append(f"{label}: {answer_text(view, f, value)}")
    return lines


def top(view: FormView) -> list[Section]:
    """The 999 line before anything else on the first step, then where the reporter is."""
    n, total = view.position
    shown: list[Section] = []
    if view.step.id == form.DANGER:
        number = view.step.facts.get("emergency_number", "999")
        shown.append(Text(danger_first(number), "alarm"))
    return shown + [Text(_("Step %(n)s of %(total)s", n=n, total=total), "note")]


def head(view: FormView) -> list[Section]:
    if view.answers.get("immediate_danger") == "yes" and view.step.id != form.DANGER_ADVICE:
        facts = next((s.facts for s in view.form.steps if s.id == form.DANGER_ADVICE), {})
        number = facts.get("emergency_number", "999")
        return [Text(danger_reminder(number), "alarm"), *_mash_to_call(view, facts)]
    return []


def _mash_to_call(view: FormView, facts: dict) -> list[Section]:
    """Once the area is known, the one MASH to call (the advice step listed every area's)."""
    area = next(
        (a for a in facts.get("areas", []) if a.get("id") == view.answers.get("area")), None
    )
    if area is None:
        return []
    return [Text(_mash_line(area, first=True), "alarm")]


def more(view: FormView) -> list[Section]:
    shown: list[Section] = []
    if view.step.id == form.DANGER_ADVICE:
        shown += [Text(line, "strong") for line in danger_advice(view.step.facts)]
    if view.step.id == form.REVIEW:
        shown += [Text(line) for line in review_lines(view)]
    return shown


def concern_words() -> FormWords:
    """The concern form's words in the reader's language, made each time they are shown."""
    return FormWords(
        screen_id=CallbackId.CONCERN_STEP.value,
        title=_("Report a concern"),
        fields=fields(),
        steps=steps(),
        close=_("Save for later"),
        problems=problems(),
        check_again=_("Please check these answers, then press {submit}:"),
        back=_("Back to the previous step"),
        top=top,
        head=head,
        more=more,
        keep_on_close=True,
        saved=_("Saved. Type %(command)s to finish it later.", command="/concern resume"),
    )


FORM = register(concern_words, form.FORM_ID)
