"""A clip's own sound levelled against the music under it, as a video editor sets dialogue and ambience.

A clip's sound is as loud as its camera made it: Megamind's dialogue in held-out export 07 reads -29.3 LUFS, a
windy street may read -12. Played at its own level under music at a fixed share, a quiet voice was lost and the whole
opening sat about 9 dB under the rest of the video, while a loud street drowned the music. So the score's planner
marks each clip with sound by kind (``m.sound``: "speech" or "ambience", ``planning.score``), and the render gives
that clip one gain, measured against the music the draft plays under it (its ``bgm`` sources at full level):

- speech is brought to ``SPEECH_UNDER_MUSIC_DB`` under the music's loudness (about as loud as the music is
  elsewhere), and the planner plays the music ``planning.score.BGM_UNDER_SPEECH_VOLUME`` (10 dB down) under it:
  about 8 dB under the voice (held-out 07: 8.5 LU; 10.6 at the 12 dB down used until stop 64);
- ambience (wind, a street, a crowd) is brought to ``AMBIENCE_UNDER_MUSIC_DB`` under the music, which leads at full
  level.

Loudness is BS.1770 integrated loudness of the music as the timeline plays it and of the clip's whole sound (``music.master.loudness_lufs``); a gain is
held within ``GAIN_RANGE_DB`` (a raise past it would lift the noise floor as much as the voice). A clip without
``m.sound``, a draft without music, or sound that cannot be read plays at its own level, as before.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from ...protocol import Draft, TrackType
from ...protocol.vocabulary import Role
from ..analysis.cache import known_key
from .graph import MediaMap

SPEECH_UNDER_MUSIC_DB = 2.0
"""A voice's loudness under the music's own (at full level): the music, 10 dB down under speech
(``planning.score.BGM_UNDER_SPEECH_VOLUME``), then plays about 8 dB under the voice."""
AMBIENCE_UNDER_MUSIC_DB = 12.0
"""A clip's sound that is not speech, under the music's loudness: heard, but the music leads."""
GAIN_RANGE_DB = (-30.0, 18.0)
"""The most a clip's sound is lowered and raised."""
_UNDER_DB = {"speech": SPEECH_UNDER_MUSIC_DB, "ambience": AMBIENCE_UNDER_MUSIC_DB}

Span = tuple[Path, int, int]
"""(path, in ms, duration ms; 0: to the end)."""


def music_lufs(draft: Draft, media: MediaMap) -> float | None:
    """The loudness (LUFS) of the draft's background music at full level, as the timeline plays it; None without."""
    spans = tuple(
        (media[str(sg.src)][0], sg.in_ms or 0, sg.duration_ms)
        for track in draft.tracks_of(TrackType.AUDIO)
        if track.meta.get("role") == Role.BGM
        for sg in track.segments
        if sg.src and str(sg.src) in media and sg.duration_ms > 0
    )
    return _loudness(spans) if spans else None


def clip_gain_db(kind: object, path: Path, music: float | None) -> float:
    """The gain (dB) for the sound of the clip at ``path``, of ``kind`` ("speech", "ambience"; else 0 dB), under
    music of loudness ``music``: one gain for the whole clip, measured on all of its sound, so that two shots of one
    clip keep one level."""
    under = _UNDER_DB.get(kind) if isinstance(kind, str) else None
    if under is None or music is None:
        return 0.0
    own = _loudness(((path, 0, 0),))
    if own is None:
        return 0.0
    low, high = GAIN_RANGE_DB
    return round(min(high, max(low, music - under - own)), 2)


def _loudness(spans: tuple[Span, ...]) -> float | None:
    """Integrated loudness of ``spans`` played one after another; None for silence or sound that cannot be read."""
    stamped = tuple((path, a, d, _content(path)) for path, a, d in spans)
    return _measured(stamped)


def _content(path: Path) -> str:
    """The file's content key (``cache.known_key``), as the rest of the render keys what it measures; "" where it
    cannot be read (the measure then says None)."""
    try:
        return known_key(path)
    except OSError:
        return ""


@lru_cache(maxsize=64)
def _measured(spans: tuple[tuple[Path, int, int, str], ...]) -> float | None:
    from ..analysis.played import played_sound

    sound = played_sound([(path, a, d or None) for path, a, d, *_ in spans])
    return None if sound is None or sound.loudness_lufs <= -69.9 else sound.loudness_lufs
