"""Storage guarantees: no query values in error messages, one writer at a time where it matters."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from tests.support import INVENTED_CHILD


def test_database_errors_never_carry_the_values(bot) -> None:
    with pytest.raises(DBAPIError) as error, bot.sessions() as session:
        session.execute(
            text("INSERT INTO no_such_table (name) VALUES (:name)"), {"name": INVENTED_CHILD}
        )
    assert INVENTED_CHILD not in str(error.value)


def test_references_are_unique_when_many_are_issued_at_once(bot) -> None:
    from workflows.references import next_reference

    issued: list[str] = []
    errors: list[BaseException] = []

    def issue() -> None:
        try:
            for _ in range(5):
                with bot.unit_of_work("test") as ctx:
                    issued.append(next_reference(ctx.session, "CSE", 2031))
        except BaseException as failure:  # noqa: BLE001 - collected and asserted below
            errors.append(failure)

    threads = [threading.Thread(target=issue) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(issued) == [f"CSE-2031-{n:05d}" for n in range(1, 31)]
