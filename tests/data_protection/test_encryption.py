"""Encryption at rest: raw SQL sees ciphertext only; rotation re-encrypts; old keys retire."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select, text

from bot.app import Mashbot
from storage import crypto, rotation
from storage.keys import parse
from storage.models import Concern, ConcernDraft
from tests.support import INVENTED_CHILD, INVENTED_NARRATIVE, TEST_DATA_KEY, report_concern

NEW_KEY = "a-new-invented-data-key-0123456789abcdef-0123"


def _raw(bot: Mashbot, sql: str) -> list[tuple]:
    with bot.engine.connect() as connection:
        return [tuple(row) for row in connection.execute(text(sql))]


def test_a_raw_select_shows_no_name_and_no_narrative(bot: Mashbot) -> None:
    reference = report_concern(bot)
    concerns = _raw(bot, "SELECT * FROM concerns")
    drafts = _raw(bot, "SELECT * FROM concern_drafts")
    dump = repr(concerns) + repr(drafts)
    assert reference in dump  # the row is there...
    for secret in (INVENTED_CHILD, "Kayla", "Testperson", INVENTED_NARRATIVE, "2011-05-02"):
        assert secret not in dump  # ...but nothing about the child reads in clear
    names = _raw(bot, "SELECT child_name, what_happened, child_dob FROM concerns")[0]
    key_id = parse(TEST_DATA_KEY, source="t").current.id
    assert all(value.startswith(f"v1:{key_id}:") for value in names)
    with bot.sessions() as session:
        concern = session.scalar(select(Concern))
        draft = session.scalar(select(ConcernDraft))
    assert (concern.child_name, concern.child_dob) == (INVENTED_CHILD, date(2011, 5, 2))
    assert draft.answers["child_name"] == INVENTED_CHILD


def test_a_value_moved_to_another_column_does_not_decrypt(bot: Mashbot) -> None:
    cipher = crypto.cipher_of(bot.engine)
    sealed = cipher.encrypt(INVENTED_CHILD, "concerns.child_name")
    assert cipher.decrypt(sealed, "concerns.child_name") == INVENTED_CHILD
    try:
        cipher.decrypt(sealed, "concerns.what_happened")
    except crypto.CipherError as error:
        assert "altered" in str(error)
    else:
        raise AssertionError("a value read under another column's label")


def test_the_same_child_is_matched_across_referrals_without_decrypting(bot: Mashbot) -> None:
    report_concern(bot)
    report_concern(bot, child_name="  kayla   TESTPERSON ")
    report_concern(bot, child_name="Kayla Otherperson")
    cipher = crypto.cipher_of(bot.engine)
    wanted = cipher.child_matches(INVENTED_CHILD, date(2011, 5, 2))
    with bot.sessions() as session:
        found = session.scalars(select(Concern.reference).where(Concern.child_match.in_(wanted)))
        assert len(list(found)) == 2


def test_rotation_re_encrypts_in_batches_and_the_old_key_can_then_retire(bot: Mashbot) -> None:
    reference = report_concern(bot)
    report_concern(bot)
    old_id = crypto.cipher_of(bot.engine).keys.current.id
    both = parse(f"{TEST_DATA_KEY}\n{NEW_KEY}", source="test")
    crypto.install(bot.engine, both)
    done = rotation.rotate(bot.sessions, bot.engine, batch_size=1)
    assert done.rows >= 4 and done.batches >= 4  # two concerns and two drafts, one per batch
    use = rotation.key_use(bot.engine)
    assert old_id not in use and set(use) == {both.current.id}
    assert rotation.rotate(bot.sessions, bot.engine).rows == 0  # nothing left: resumable
    crypto.install(bot.engine, parse(NEW_KEY, source="test"))  # the old key retired
    with bot.sessions() as session:
        concern = session.scalar(select(Concern).where(Concern.reference == reference))
        assert concern.what_happened == INVENTED_NARRATIVE
        wanted = crypto.cipher_of(bot.engine).child_matches(INVENTED_CHILD, date(2011, 5, 2))
        assert concern.child_match in wanted
    crypto.install(bot.engine, parse(TEST_DATA_KEY, source="test"))


def test_keys_status_and_rotate_from_the_command_line(
    bot: Mashbot, settings, monkeypatch, capsys
) -> None:  # type: ignore[no-untyped-def]
    from bot import cli

    report_concern(bot)
    monkeypatch.setenv("MASHBOT_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("MASHBOT_DATA_KEY", f"{TEST_DATA_KEY}\n{NEW_KEY}")
    assert cli.main(["keys", "rotate", "--batch", "1"]) == 0
    out = capsys.readouterr().out
    assert "Re-encrypted" in out and "unused: you may retire it" in out


def test_every_protected_column_holds_only_ciphertext_after_a_whole_case(bot: Mashbot) -> None:
    from sqlalchemy import type_coerce
    from sqlalchemy.types import Text

    from tests.data_protection.support import decided_referral
    from tests.triage.support import AMIRA, NINA, step
    from workflows.triage import answers, requests

    reference = decided_referral(bot)
    (sent,) = step(bot, AMIRA, requests.send, reference, ["health"])
    step(bot, NINA, answers.answer, sent.request_id, "held", "Two invented clinic visits.")
    seen = set()
    with bot.engine.connect() as connection:
        for model, names in rotation.protected_columns().items():
            for name in names:
                column = type_coerce(model.__table__.c[name], Text)
                for value in connection.scalars(select(column).where(column.is_not(None))):
                    assert value.startswith("v1:"), f"{model.__tablename__}.{name} in clear"
                    seen.add(f"{model.__tablename__}.{name}")
    assert {
        "concerns.child_name",
        "concerns.child_dob",
        "concerns.what_happened",
        "concern_drafts.answers",
        "information_requests.question",
        "information_requests.search_details",
        "information_answers.text",
        "triage_decisions.rationale",
    } <= seen
