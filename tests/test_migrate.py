"""Start-up finds a database already at the newest revision without loading Alembic."""

from __future__ import annotations

import pytest

from storage import migrate
from tests.support import keyed_engine as make_engine


def test_the_newest_revision_is_read_from_the_scripts_as_alembic_reads_it() -> None:
    assert migrate.newest_revisions() == migrate.script_heads()


def test_only_a_database_at_the_newest_revision_is_left_alone(tmp_path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    assert not migrate.at_newest(engine)  # no version table yet
    migrate.upgrade(engine, "0001_initial")
    assert not migrate.at_newest(engine)
    migrate.upgrade(engine)
    assert migrate.at_newest(engine)
    assert migrate.current_heads(engine) == migrate.script_heads()
    engine.dispose()


@pytest.mark.parametrize(
    "script",
    [
        'revision = "0002_b"\ndown_revision = "0001_a"\nbranch_labels = ("b",)\n',
        'revision = "0002_b"\ndown_revision = "0001_a"\ndepends_on = "0001_x"\n',
        'revision = name("0002_b")\ndown_revision = "0001_a"\n',
        'down_revision = "0001_a"\n',
    ],
)
def test_a_script_it_cannot_read_leaves_the_decision_to_alembic(
    tmp_path, monkeypatch, script
) -> None:
    (tmp_path / "versions").mkdir()
    (tmp_path / "versions" / "0001_a.py").write_text('revision = "0001_a"\ndown_revision = None\n')
    (tmp_path / "versions" / "0002_b.py").write_text(script)
    monkeypatch.setattr(migrate, "MIGRATIONS", tmp_path)
    assert migrate.newest_revisions() is None


def test_two_heads_are_both_newest(tmp_path, monkeypatch) -> None:
    (tmp_path / "versions").mkdir()
    for name, down in (("0001_a", "None"), ("0002_b", '"0001_a"'), ("0002_c", '"0001_a"')):
        text = f'revision = "{name}"\ndown_revision = {down}\n'
        (tmp_path / "versions" / f"{name}.py").write_text(text)
    monkeypatch.setattr(migrate, "MIGRATIONS", tmp_path)
    assert migrate.newest_revisions() == {"0002_b", "0002_c"}
