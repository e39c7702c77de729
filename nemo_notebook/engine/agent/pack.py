"""A release pack from the music video there is: every version a release needs, each its own timeline.

"make a release pack" plans, from the draft's song and pictures, the full 16:9 video, 9:16 shorts of 15, 30 and 60 s
that start at the chorus (the song cut on its downbeats, ``planning.song_edit.short_edit``), a 1:1 cut, and a
Spotify Canvas (the 15 s short's first bars, silent, looping). The versions go into the draft's ``m.pack``
(``protocol.pack``), so that the client exports each one as its own render; the draft itself stays as it was.
Music the engine composed is cut on the composer's own grid (the draft's ``m.beats_ms`` and ``m.downbeats_ms``).
"""

from __future__ import annotations

import itertools
import re
import statistics
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from ...protocol import Draft, MediaKind, summarize
from ...protocol.pack import PACK_KEY, PackVersion, with_pack
from ...protocol.vocabulary import Aspect
from .context import AgentContext, AgentStep, Say, StateChanged
from .making import build_music_video, composer_grid, media_of, plan_options
from .operations import BuildMusicVideo
from .restyle import carry_look
from .tracks import music_source, visuals_index
from .whole_song import plays_whole_song, whole_song_ms

PACK_WORDS = re.compile(r"\brelease (pack|kit)\b|\b(all|every) (the )?versions\b|发布包|全套版本")


def asks_for_pack(text: str) -> bool:
    """True for a message that asks for a release pack ("make a release pack", "all the versions")."""
    return PACK_WORDS.search(text.lower()) is not None


def make_pack(ctx: AgentContext) -> Iterator[AgentStep]:
    """Plan every version of the release pack from the draft's music video, commit them in ``m.pack``, and say what
    the pack holds (and which shorts the song is too short for)."""
    from ..planning.release_pack import canvas_draft, canvas_length_ms, pack_specs

    draft = ctx.draft()
    track_id, v = music_source(draft), visuals_index(draft)
    if track_id is None or v is None:
        yield Say(_words(ctx, "none"))
        return
    song = media_of(ctx, track_id)
    song_ms = whole_song_ms(ctx, song) or draft.duration_ms  # as long as it sounds: its silent tail is no length
    shown = {sg.src for sg in draft.tracks[v].segments if sg.src}
    visuals = tuple(m.id for m in ctx.media() if m.id in shown and m.kind in (MediaKind.IMAGE, MediaKind.VIDEO))
    grid = composer_grid(draft, ctx, track_id)
    options = plan_options(draft) | ({"as_mastered": False} if track_id in {m.id for m in ctx.generated()} else {})
    specs, skipped = pack_specs(song_ms)
    base = {k: v for k, v in draft.meta.items() if k != PACK_KEY}
    versions: list[PackVersion] = []
    for spec in specs:
        yield Say(_words(ctx, "making", label=spec.label))
        if spec.length_ms is None and spec.aspect == draft.aspect and plays_whole_song(ctx, song, draft.duration_ms):
            made = replace(draft, meta=base)  # the video there is: the user's own edits kept
        else:
            build = BuildMusicVideo(
                track=track_id, visuals=visuals, aspect=Aspect(spec.aspect), length_ms=spec.length_ms
            )
            build = carry_look(build, draft, "")
            made = yield from build_music_video(
                build, draft, ctx, grid, again=True, from_hook=spec.from_hook, **options
            )
        versions.append(PackVersion(spec.name, spec.label, made))
    source = next((v.draft for v in versions if v.name.startswith("short_")), None)
    if source is None:  # a song too short for any short: the canvas from a vertical plan of the whole song
        build = carry_look(BuildMusicVideo(track=track_id, visuals=visuals, aspect=Aspect.TALL), draft, "")
        source = yield from build_music_video(build, draft, ctx, grid, again=True, **options)
    canvas = canvas_draft(source, canvas_length_ms(_bar_ms(source)))
    versions.append(PackVersion("canvas", "Spotify Canvas, 9:16 loop", canvas))
    yield from _commit(ctx, with_pack(draft, versions, skipped), versions, skipped)


def _commit(ctx: AgentContext, draft: Draft, versions: list[PackVersion], skipped: list[str]) -> Iterator[AgentStep]:
    if ctx.cancelled:
        yield Say(_words(ctx, "cancelled"))
        return
    version = ctx.commit(draft, note=f"release pack: {len(versions)} versions")
    yield StateChanged(version)
    listed = "\n".join(f"- {v.label}: {v.duration_ms / 1000:.1f} s. {_parts(v.draft)}".rstrip() for v in versions)
    missing = "".join(f"\n{s}." for s in skipped)
    yield Say(_words(ctx, "done", count=len(versions), listed=listed) + missing + "\n" + summarize(ctx.draft()))


def _parts(draft: Draft) -> str:
    from .song_length import parts_words

    said = parts_words(draft, zh=False).removeprefix(", using ")
    return f"Plays {said}." if said else ""


def _bar_ms(draft: Draft) -> float:
    """The bar's length in a draft's music (the median step between its downbeats); 0 where it has none."""
    downbeats = draft.meta.get("downbeats_ms")
    if not isinstance(downbeats, list) or len(downbeats) < 2:
        return 0.0
    return float(statistics.median(b - a for a, b in itertools.pairwise(downbeats)))


_WORDS = {
    "none": (
        "A release pack is made from a music video: upload a track and pictures or clips, ask for "
        '"a video from this music", then "make a release pack".',
        "发布包要从一个音乐视频做：先上传音乐和图片或视频，说“用这首音乐做视频”，再说“做发布包”。",
    ),
    "making": ("Making the {label}… ", "正在做{label}… "),
    "cancelled": ("Stopped: the release pack was not kept.", "已停止：发布包没有保存。"),
    "done": (
        "The release pack has {count} versions, each its own timeline:\n{listed}\n"
        "Render them all at once with `%nemo pack` or `session.release_pack()`.",
        "发布包有{count}个版本，各有自己的时间线：\n{listed}\n用 `%nemo pack` 或 `session.release_pack()` 一起导出。",
    ),
}


def _words(ctx: AgentContext, key: str, **values: Any) -> str:
    en, zh = _WORDS[key]
    return (zh if ctx.language.startswith("zh") else en).format(**values)
