"""DataFrames as small HTML tables in the theme's colours (the Studio's timeline and exports)."""

from __future__ import annotations

import html
from typing import Any

TABLE_STYLE = (
    "<style>.nemo-table{border-collapse:collapse;font-size:12px;margin:6px 0}"
    ".nemo-table th{text-align:left;font-weight:600;padding:3px 10px;"
    "border-bottom:1px solid var(--jp-border-color1,rgba(128,128,128,.6))}"
    ".nemo-table td{padding:2px 10px;border-bottom:1px solid var(--jp-border-color3,rgba(128,128,128,.2))}"
    ".nemo-table tbody tr:nth-child(even){background:var(--jp-layout-color2,rgba(128,128,128,.08))}</style>"
)


def styled_table(frame: Any, columns: tuple[str, ...], *, empty: str) -> str:
    """``frame``'s ``columns`` as an HTML table in the theme's colours; ``empty`` when it has no rows."""
    if not len(frame):
        return f"<i>{html.escape(empty)}</i>"
    shown = frame[[c for c in columns if c in frame.columns]].astype(object)
    shown = shown.where(shown.notna(), "")  # blank cells rather than None and NaN
    return TABLE_STYLE + str(shown.to_html(max_rows=12, border=0, index=False, classes="nemo-table"))
