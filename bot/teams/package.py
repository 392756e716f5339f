"""The Teams app package: manifest.json (schema 1.24) and two icons, zipped, ready to upload.

The icons are drawn here (a white "shield" on the partnership blue, and its outline) so the
package needs no binary files in the repository.
"""

from __future__ import annotations

import json
import struct
import zipfile
import zlib
from pathlib import Path
from typing import Any

from messages.teams_cards import COMMANDS

MANIFEST_VERSION = "1.24"
SCHEMA_URL = (
    "https://developer.microsoft.com/en-us/json-schemas/teams/v1.24/MicrosoftTeams.schema.json"
)
ACCENT = (0x1F, 0x4E, 0x79)  # the colour behind the icon


def manifest(app_id: str, host: str, version: str = "1.0.0") -> dict[str, Any]:
    """The manifest: the bot in personal, team and group chat scopes, with its command lists."""
    site = f"https://{host}"
    commands = [{"title": name, "description": text} for name, text in COMMANDS]
    return {
        "$schema": SCHEMA_URL,
        "manifestVersion": MANIFEST_VERSION,
        "version": version,
        "id": app_id,
        "developer": {
            "name": "mashbot",
            "websiteUrl": site,
            "privacyUrl": f"{site}/privacy",
            "termsOfUseUrl": f"{site}/terms",
        },
        "name": {"short": "mashbot", "full": "mashbot: safeguarding partnership CSE workflow"},
        "description": {
            "short": "Report a child exploitation concern and work it through the MASH.",
            "full": (
                "mashbot runs a safeguarding partnership's child sexual exploitation workflow: "
                "staff report a concern, the MASH triages it, action plan leads give their "
                "updates. If a child is in danger now, call 999 first."
            ),
        },
        "icons": {"color": "color.png", "outline": "outline.png"},
        "accentColor": "#{:02X}{:02X}{:02X}".format(*ACCENT),
        "bots": [
            {
                "botId": app_id,
                "scopes": ["personal", "team", "groupChat"],
                "supportsFiles": False,
                "isNotificationOnly": False,
                "commandLists": [
                    {"scopes": ["personal", "team", "groupChat"], "commands": commands}
                ],
            }
        ],
        "permissions": ["identity", "messageTeamMembers"],
        "validDomains": [host],
        "webApplicationInfo": {"id": app_id, "resource": f"api://{host}/{app_id}"},
    }


def _png(size: int, pixel: Any) -> bytes:
    """An RGBA PNG of `size`×`size`, each pixel from `pixel(x, y)`."""
    rows = b"".join(
        b"\x00" + b"".join(bytes(pixel(x, y)) for x in range(size)) for y in range(size)
    )

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows, 9))
        + chunk(b"IEND", b"")
    )


def _in_shield(x: float, y: float) -> bool:
    """A simple shield shape in the unit square."""
    if not (0.25 <= x <= 0.75 and 0.2 <= y <= 0.85):
        return False
    return y <= 0.55 or abs(x - 0.5) <= (0.85 - y) * 0.83


def color_icon(size: int = 192) -> bytes:
    white, blue = (255, 255, 255, 255), (*ACCENT, 255)
    return _png(size, lambda x, y: white if _in_shield(x / size, y / size) else blue)


def outline_icon(size: int = 32) -> bytes:
    """White on transparent, as Teams requires of the outline icon."""
    white, clear = (255, 255, 255, 255), (0, 0, 0, 0)
    return _png(size, lambda x, y: white if _in_shield(x / size, y / size) else clear)


def write_package(out: Path, *, app_id: str, host: str) -> Path:
    out.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("manifest.json", json.dumps(manifest(app_id, host), indent=2))
        package.writestr("color.png", color_icon())
        package.writestr("outline.png", outline_icon())
    return out
