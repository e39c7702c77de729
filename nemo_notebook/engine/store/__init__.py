"""The engine's state: one SQLite file (`Store`), the records it keeps, and the home folder's claim and clean-up.

Offers `Store`, the frozen records (`TokenRecord`, `SessionRecord`, `History`, `NewVersion`, `MediaRecord`,
`JobRecord`), and `HomeClaim` with `clean_tmp` / `clean_orphan_media` / `make_private` for an engine's start.
"""

from __future__ import annotations

from .database import Store
from .home import HomeClaim, clean_orphan_media, clean_tmp, make_private
from .records import History, JobRecord, MediaRecord, NewVersion, SessionRecord, TokenRecord

__all__ = [
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
]
