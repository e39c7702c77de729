"""The engine's state: one SQLite file (`Store`), the records it keeps, and the home folder's claim and clean-up.

Offers `Store`, the frozen records (`TokenRecord`, `SessionRecord`, `History`, `NewVersion`, `MediaRecord`,
`JobRecord`), `render_file_name` (where an owner's render lives, `LOCAL_OWNER` being the engine token's owner), and
`HomeClaim` with `clean_tmp` / `clean_orphan_media` / `make_private` / `rename_upgraded_renders` for an engine's start.
"""

from __future__ import annotations

from .database import Store
from .home import HomeClaim, clean_orphan_media, clean_tmp, make_private, rename_upgraded_renders
from .records import (
    LOCAL_OWNER,
    History,
    JobRecord,
    MediaRecord,
    NewVersion,
    SessionRecord,
    TokenRecord,
    render_file_name,
)

__all__ = [
    "LOCAL_OWNER",
    "History",
    "HomeClaim",
    "JobRecord",
    "MediaRecord",
    "NewVersion",
    "SessionRecord",
    "Store",
    "TokenRecord",
    "clean_orphan_media",
    "clean_tmp",
    "make_private",
    "rename_upgraded_renders",
    "render_file_name",
]
