"""The opening title in the timeline as long as the video shows it.

The render ends an automatic opening title at the cut before a close-up whose head every place of the title would
cover (``render.title_place.before_close_up``). Held-out 02 (9:16) showed its title 0.57-3.63 s while the reply,
the state and the DataFrame said "Title ... (0.6-6.1s)". The same measure now runs where the agent commits a draft,
on the shots under the title and the user's files, and the title's segment ends where the picture ends it; the
render then finds nothing more to shorten.
"""

from __future__ import annotations

from dataclasses import replace

from ...protocol import Draft, Segment, Track, TrackType
from ..render import canvas_for
from ..render.opening_title import is_opening
from ..render.title_place import placed_opening
from .context import AgentContext
from .tracks import replace_track


def title_as_shown(draft: Draft, ctx: AgentContext) -> Draft:
    """``draft`` with each automatic opening title ended where the render ends it over the shots under it (the
    module's docstring)."""
    for index, track in enumerate(draft.tracks):
        if track.type != TrackType.TEXT:
            continue
        segments = tuple(_shown(sg, draft, ctx) if is_opening(sg) else sg for sg in track.segments)
        if segments != track.segments:
            draft = replace_track(draft, index, Track(track.type, segments, track.meta))
    return draft


def _shown(title: Segment, draft: Draft, ctx: AgentContext) -> Segment:
    known = {m.id: m for m in (*ctx.media(), *ctx.generated())}
    media = {
        src: (path, known[src]) for src in draft.media_ids() if src in known and (path := ctx.media_path(src)).is_file()
    }
    shown, _ = placed_opening(draft, title, canvas_for(draft), media)
    return title if shown.duration_ms == title.duration_ms else replace(title, duration_ms=shown.duration_ms)
