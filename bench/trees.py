"""Another commit's tree beside this one, so a benchmark can run both in one run (`--against`).

These machines are shared and noisy: a ratio between two commits means something only when both
ran at the same time, under the same load.
"""

from __future__ import annotations

import subprocess
import tarfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def export(rev: str, into: Path) -> Path:
    """The tree of commit `rev`, as files under `into`. A process started with it as its working
    directory (`python -m bot.cli ...`) imports that tree's packages, not this one's: the
    working directory comes first on the path, before the editable install's finder."""
    archive = into / "tree.tar"
    subprocess.run(["git", "archive", "-o", str(archive), rev], cwd=ROOT, check=True)
    with tarfile.open(archive) as tar:
        tar.extractall(into / "tree", filter="data")
    return into / "tree"
