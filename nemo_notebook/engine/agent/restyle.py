"""What the user made stays when the agent changes something else.

A restyle keeps the user's own music: "more cinematic" or "more energetic" on a draft that plays a track the user
uploaded changes the picture's pace to the mood and says how to get new music; it never swaps the user's song for a
composed one unasked, and a new track asked for goes under the pictures there are. On music the engine composed, the same words compose again (nothing of the user's is lost).
A music video built again ("use vibe-ace.mp3") keeps the visualizer and the cut rate the draft has, unless the words
say otherwise, and a song asked back after other music replaced it comes back at the video's length then
(``song_swap``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from ...protocol import Draft, MediaInfo, TrackType
from ...protocol.vocabulary import MUSIC_DESIGNS, Position, Role, Visualizer
from .context import AgentContext
from .media import squash
from .operations import BuildMusicVideo, ComposeMusic, Parsed, SetCutRate
from .replies import t
from .requests import compose_op
from .song_swap import back_to_song, card_line, song_credit
from .tracks import indices, music_source
from .words import VISUALIZER_WORDS

SLOWER = frozenset(
    {"cinematic", "epic", "dramatic", "calm", "chill", "relaxed", "relaxing", "peaceful", "gentle", "soft", "dreamy",
     "ambient", "sad", "melancholic", "moody", "romantic", "warm", "slow", "orchestral", "piano", "acoustic",
     "安静", "舒缓", "史诗", "电影感", "悲伤", "浪漫", "温暖", "梦幻", "轻松"}
)  # fmt: skip
"""Moods a picture meets with longer shots."""
FASTER = frozenset(
    {"energetic", "upbeat", "exciting", "happy", "joyful", "cheerful", "fast", "driving", "groovy", "funky", "playful",
     "edm", "house", "techno", "uplifting", "欢快", "快乐", "动感", "激昂", "活泼"}
)  # fmt: skip
"""Moods a picture meets with shorter shots."""


def own_music(ctx: AgentContext) -> MediaInfo | None:
    """The user's upload that the draft's music plays, or None (no music, or music the engine composed)."""
    src = music_source(ctx.draft())
    return next((m for m in ctx.media() if m.id == src), None)


def keep_own_music(ops: Sequence[Parsed], ctx: AgentContext) -> tuple[list[Parsed], list[str]]:
    """``ops`` with each restyle of the user's own music turned into a change of pace, a new track made to replace
    the music there is, other music asked for where there is none made new, and the notes that say so."""
    own = own_music(ctx)
    has_music = music_source(ctx.draft()) is not None
    out: list[Parsed] = []
    notes: list[str] = []
    for op in ops:
        if isinstance(op, ComposeMusic) and op.mode == "replace" and not has_music:
            # "i want something upbeat" before there is music: a new piece (for the video there is), nothing to replace
            op = compose_op(op.words, ctx.media())
        if isinstance(op, ComposeMusic) and op.mode == "new" and has_music and _track_alone(op):
            # a new track for the video there is, not a new video without its pictures
            op = replace(op, mode="replace", video=None, video_name=None, videos=None, sync_to_cuts=None)
        if not (isinstance(op, ComposeMusic) and op.restyle and own is not None):
            out.append(op)
            if isinstance(op, ComposeMusic) and op.mode == "replace" and own is not None:
                credit = song_credit(ctx.draft())
                key = "replaced_own_credit" if credit else "replaced_own"
                line = card_line(ctx.draft())
                card = t(ctx.language, "card_keeps_line", line=line) if line and credit else ""
                notes.append(t(ctx.language, key, name=own.name, credit=credit or "", card=card))
            continue
        pace = picture_pace(op.moods or ())
        out += pace
        mood = (op.moods or ("different",))[0]
        key = "kept_music_paced" if pace else "kept_music"
        notes.append(t(ctx.language, key, name=own.name, mood=mood))
    return out, notes


def _track_alone(op: ComposeMusic) -> bool:
    """A piece asked for in words that name no video and no syncing ("compose an upbeat track")."""
    names_video = re.search(r"\b(video|clip|footage|montage|vlog|film|movie)s?\b|视频|片段", op.words.lower())
    # "a background track for tree.avi" names its clip: that clip scored alone, not the music of the draft replaced
    names_clip = bool(op.video_name) and squash(str(op.video_name).rsplit(".", 1)[0]) in squash(op.words)
    return bool(op.words) and not op.sync_to_cuts and names_video is None and not names_clip


def picture_pace(moods: Sequence[str]) -> list[Parsed]:
    """Longer shots for a slower mood, shorter for a livelier one, nothing for a mood that is only the music's."""
    slower = sum(m in SLOWER for m in moods)
    faster = sum(m in FASTER for m in moods)
    if slower == faster:
        return []
    return [SetCutRate(factor=2.0 if slower > faster else 0.5)]


def carry_look(build: BuildMusicVideo, draft: Draft, text: str) -> BuildMusicVideo:
    """``build`` with the draft's visualizer and cut rate where ``text`` says nothing of them."""
    lanes = indices(draft, Role.VISUALIZER, kind=TrackType.VIDEO)
    if lanes and build.visualizer is None and not re.search(VISUALIZER_WORDS, text) and draft.tracks[lanes[0]].segments:
        meta = draft.tracks[lanes[0]].segments[0].meta
        effect, color, position = meta.get("effect"), meta.get("color"), meta.get("position")
        chosen = meta.get("design") in MUSIC_DESIGNS  # the music's choice: the new plan's music chooses again
        build = replace(
            build,
            visualizer=Visualizer(effect) if effect in set(Visualizer) and not chosen else Visualizer.SPECTRUM,
            visualizer_named=True if build.visualizer_named or (effect in set(Visualizer) and not chosen) else None,
            visualizer_color=build.visualizer_color or (str(color) if color else None),
            visualizer_position=build.visualizer_position
            or (Position(position) if position in set(Position) else None),
        )
    beats = draft.meta.get("beats_per_cut")
    if build.beats_per_cut is None and isinstance(beats, int) and beats > 0:
        build = replace(build, beats_per_cut=beats)
    return back_to_song(build, draft)
