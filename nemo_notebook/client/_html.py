"""How the client's values show in a notebook: ``_repr_html_`` and ``_repr_pretty_`` return strings built here.

Plain functions of plain values, no IPython import: Jupyter asks any object for ``_repr_html_`` and IPython's text
display for ``_repr_pretty_`` (which writes through the printer it is handed). Colours come from the front end's
theme (``currentColor`` and JupyterLab's CSS variables with fallbacks), so that the cards read on light and dark
themes alike. Nothing here ever shows a token.

>>> from nemo_notebook.client import Credits
>>> credits_text(Credits(10**9, 0, 10**9))
'💳 Credits: unlimited (the embedded engine does not count them unless its quota is set)'
"""

from __future__ import annotations

import html
import time
from collections.abc import Iterable
from typing import Any, Protocol

from ..protocol import RenderState

# The values (Credits, RenderStatus, Reply, State, SessionRecord) come from ._models and ._records, which import
# this module, so their parameters are typed ``Any``.

UNLIMITED_CREDITS = 10**9
"""What the embedded engine reports when no quota is set."""

_CARD = (
    "border:1px solid var(--jp-border-color2, rgba(128,128,128,.35));border-radius:6px;padding:6px 10px;"
    "margin:2px 0;line-height:1.45;max-width:900px"
)
_MUTED = "opacity:.7;font-size:90%"
_STATE_COLOURS = {
    str(RenderState.COMPLETED.value): "var(--jp-success-color1, #2e7d32)",
    str(RenderState.FAILED.value): "var(--jp-error-color1, #c62828)",
}


class Printer(Protocol):
    def text(self, text: str) -> object: ...


def _esc(value: object) -> str:
    return html.escape(str(value), quote=True)


def _card(title: str, *rows: str) -> str:
    body = "".join(f"<div>{row}</div>" for row in rows if row)
    return f'<div class="nemo-card" style="{_CARD}"><b>{title}</b>{body}</div>'


def _dot_list(items: Iterable[str]) -> str:
    return " · ".join(item for item in items if item)


def pretty(printer: Printer, text: str) -> None:
    """For ``_repr_pretty_``: IPython's text display of the value."""
    printer.text(text)


# -- credits ------------------------------------------------------------------------------------------------------


def credits_text(credits: Any) -> str:
    if credits.available >= UNLIMITED_CREDITS:
        return "💳 Credits: unlimited (the embedded engine does not count them unless its quota is set)"
    return (
        f"💳 Credits: {credits.available} available, {credits.frozen} held by work in progress, {credits.total} in all"
    )


def credits_html(credits: Any) -> str:
    return f"<div>{_esc(credits_text(credits))}</div>"


# -- sessions -----------------------------------------------------------------------------------------------------


def session_text(record: Any, backend: str) -> str:
    created = time.strftime("%Y-%m-%d %H:%M", time.localtime(record.created_at)) if record.created_at else ""
    return _dot_list([f"🎬 Session {record.id}", backend, created and f"created {created}", record.language])


def session_html(record: Any, backend: str) -> str:
    created = time.strftime("%Y-%m-%d %H:%M", time.localtime(record.created_at)) if record.created_at else ""
    details = _dot_list([_esc(backend), created and f"created {_esc(created)}", _esc(record.language)])
    hints = "<code>session.state()</code> · <code>session.timeline()</code> · <code>session.renders()</code>"
    return _card(
        f"🎬 Session <code>{_esc(record.id)}</code>",
        f'<span style="{_MUTED}">{details}</span>',
        f'<span style="{_MUTED}">{hints}</span>',
    )


# -- replies ------------------------------------------------------------------------------------------------------


def reply_html(reply: Any) -> str:
    changes = "".join(f"<li>{_esc(change)}</li>" for change in reply.changes)
    rows = [
        f'<div style="white-space:pre-wrap">{_esc(reply.text)}</div>',
        f'<ul style="margin:4px 0;{_MUTED}">{changes}</ul>' if changes else "",
        "" if reply.complete else f'<span style="{_MUTED}">(the stream ended before the turn was complete)</span>',
    ]
    return _card(f"💬 Reply · draft version {reply.version}", *rows)


# -- renders ------------------------------------------------------------------------------------------------------


def _render_details(status: Any) -> list[str]:
    out = status.output
    return [
        f"{out.size / 1024 / 1024:.1f} MB" if out is not None and out.size else "",
        f"{out.duration_ms / 1000:.1f} s" if out is not None and out.duration_ms else "",
    ]


def render_text(status: Any) -> str:
    progress = "" if status.done else f"{status.progress:.0%}"
    error = f"({status.error})" if status.error else ""
    return _dot_list([f"🎞 Export {status.id}", status.status, progress, *_render_details(status), error])


def render_html(status: Any) -> str:
    cancelled = status.status == RenderState.FAILED and "cancelled" in str(status.error or "")
    colour = "var(--jp-warn-color1, #b26a00)" if cancelled else _STATE_COLOURS.get(str(status.status), "inherit")
    word = "cancelled" if cancelled else status.status
    state = f'<span style="color:{colour};font-weight:600">{_esc(word)}</span>'
    rows = [_dot_list([state, *(_esc(d) for d in _render_details(status))])]
    if cancelled:
        return _card(f"🎞 Export <code>{_esc(status.id)}</code>", *rows)
    if not status.done:
        value = f"{status.progress:.3f}"
        rows.append(f'<progress value="{value}" max="1" style="width:240px"></progress> {status.progress:.0%}')
    if status.error:
        rows.append(f'<span style="color:{_STATE_COLOURS["failed"]}">{_esc(status.error)}</span>')
    hint = "%nemo renders download <id>" if status.status == RenderState.COMPLETED else "%nemo cancel <id>"
    if status.status in (RenderState.COMPLETED, RenderState.QUEUED, RenderState.RENDERING):
        rows.append(f'<span style="{_MUTED}"><code>{_esc(hint.replace("<id>", status.id))}</code></span>')
    return _card(f"🎞 Export <code>{_esc(status.id)}</code>", *rows)


# -- state (the timeline) -----------------------------------------------------------------------------------------


def _kind(info: Any) -> str:
    return _esc(getattr(info.kind, "value", info.kind))


def state_html(state: Any) -> str:
    media = [f"{_esc(m.name)} <span style='{_MUTED}'>({_kind(m)})</span>" for m in state.media]
    made = [_esc(m.name) for m in state.generated]
    rows = [
        f'<code style="white-space:pre-wrap">{_esc(state.summary())}</code>',
        f"Uploads: {', '.join(media)}" if media else "",
        f"Made by the service: {', '.join(made)}" if made else "",
    ]
    return _card(f"🗂 State · version {state.version}", *rows)
