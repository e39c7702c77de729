"""A score under a clip's own voice levelled inside the mix to the loudness of other posts, before the one encode.

A clip whose sound is levelled as speech (``m.sound`` "speech", ``clip_level``) plays 2 dB under the music's
loudness with the music 12 dB under it (the bgm at 25 %): the mix sits about 2-3 LU under the composed music alone,
and the single-pass ``loudnorm`` of a full-quality export does not close that (its dynamic gain follows the voice's
short-term loudness and its limiter the voice's sharp peaks). A 12 s clip of the LibriVox reader under "add
background music to my video" came out at -16.0 LUFS (full quality) and -17.2 (preview, not normalised), where the
same music over a clip's ambience read -13.6 and -13.9.

So before the render, the mix alone is measured: the same audio chains (``audio_mix.build_audio``) over the same
inputs, up to the mix before its level, run through ffmpeg's ebur128 with no picture decoded. The gain that brings it
to ``TARGET_LUFS`` (plus what the limiter takes off) goes into the mix's own chain, ahead of the true-peak limiter
(``audio_mix``), so the export's sound is encoded once. Until stop 54 the finished MP4 was measured and its sound
encoded a second time with the gain (and by ``peak_guard`` sometimes a third). Levelled in the mix, 12 s clips under
"add background music to my video" read, preview and full quality alike: the reader -14.1 LUFS at -1.5 dBTP, JFK
-13.8 at -1.7, a woman reading -14.0 at -1.4, the reader then a street's ambience -13.9 at -1.2 (the second encode had
given the same within 0.1 LU and 0.1 dB); measuring the mix alone took 0.11-0.17 s of CPU, where measuring the
finished file and encoding its sound again took 0.28-0.42 s (a preview's render itself takes about 0.1 s more: the
4x-oversampled limiter now runs in it).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from ...protocol import Draft, TrackType
from ...protocol.loudness import TARGET_LUFS
from ...protocol.vocabulary import Role
from ..analysis.ebur128 import integrated_lufs_of_command
from ..errors import MediaError
from ..ffmpeg import ffmpeg_exe
from .audio_mix import build_audio
from .graph import Canvas, Graph, MediaMap
from .timeline import Shot

OVER_LIMITER_DB = 0.2
"""Added to the shortfall: what the true-peak limiter after the gain takes off the loudness."""


def speaks_under_music(draft: Draft) -> bool:
    """Whether the draft plays a clip levelled as speech under background music that the render normalises."""
    if draft.meta.get("loudnorm", True) is False:
        return False
    music = any(t.meta.get("role") == Role.BGM and t.segments for t in draft.tracks_of(TrackType.AUDIO))
    said = any(sg.meta.get("sound") == "speech" for t in draft.tracks_of(TrackType.VIDEO) for sg in t.segments)
    return music and said


def voice_lift_db(
    graph: Graph, draft: Draft, media: MediaMap, canvas: Canvas, clips: Sequence[tuple[int, Shot]]
) -> float:
    """The gain (dB) that brings the mix of ``draft`` to ``TARGET_LUFS``, measured on the mix alone before its level:
    its clips' sound read from ``graph``'s own inputs for them (each clip's input index in ``clips``), its tracks
    from their files. 0.0 where it has no sound to measure."""
    alone = Graph(copies=graph.copies)
    heard = []
    for index, shot in clips:
        own = alone.add_input(*graph.inputs[index])
        if index in graph.leads:
            alone.leads[own] = graph.leads[index]
        heard.append((own, shot))
    mixed = build_audio(alone, draft, media, canvas, heard, lift_db=None)
    inputs = [ffmpeg_exe(), "-hide_banner", "-nostdin", "-nostats", *alone.input_args()]
    try:
        lufs = integrated_lufs_of_command(inputs, f"{alone.script().rstrip()};{mixed}anull")
    except MediaError:
        return 0.0
    return round(TARGET_LUFS - lufs + OVER_LIMITER_DB, 2) if math.isfinite(lufs) else 0.0
