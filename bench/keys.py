"""Throwaway keys for a bench's throwaway database.

mashbot refuses to start without an audit key and a data key (`bot/app.py`), rightly; a bench
builds it on a database of invented records made for the run and deleted after, so the test
suite's invented keys do. Keys already set in the environment are left as they are.
"""

from __future__ import annotations

import os

from tests.support import TEST_AUDIT_KEY, TEST_DATA_KEY


def throwaway_keys() -> None:
    os.environ.setdefault("MASHBOT_AUDIT_KEY", TEST_AUDIT_KEY)
    os.environ.setdefault("MASHBOT_DATA_KEY", TEST_DATA_KEY)
