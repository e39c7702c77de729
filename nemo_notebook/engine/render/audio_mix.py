"""The sound of the export: the draft's audio tracks and the clips' own sound, mixed, ducked and levelled.

Every source is cut, brought to 48 kHz stereo float, given its volume and fades, and delayed to its place on the
timeline; ``amix`` adds them without ``normalize`` (which would lower each source by the number of inputs, so a track
at full volume would not be at full volume). Tracks with ``m.duck`` go through ``sidechaincompress`` keyed by the
clips' sound and any voice track, band by band: the voice's band (250 Hz-5 kHz) ducks from a quieter voice and
further than the lows and the top, the pulse (``_duck``). A segment with ``m.crossfade_ms`` that follows another of
its track without a gap (a song's parts played back to back) fades in over that many ms before its start while the
one before fades out, with equal power (``_crossfades``), so that the join does not click.

Then the level. A user's own recording (``m.loudnorm`` false, as a music video of their song is planned) plays as
mastered: never normalised, compressed or limited, only lowered by one fixed gain where its true peak would otherwise
pass the ceiling, or raised by one toward the loudness of other posts where the user asked (``master_level``), or,
asked to keep its loudness, its overs alone held by a true-peak limiter (``peak_limit``); its
loudness range is kept, and no limiter follows (until stop 42 one at -2.5 dBTP did, under the -1.5 its gain aimed at:
it shaved a held-out song's peaks by 0.9 dB); ``peak_guard`` corrects the encoder's overshoot by one more gain.
Composed music and a clip's score get single-pass ``loudnorm`` to -14 LUFS, then a 4×-oversampled limiter at -2.5
dBTP (a preview only limits its sample peaks: ``Canvas.fast``). The target is -1 dBTP *in the MP4*: the AAC
encoder adds up to about 1.5 dB of true peak on dense music even at 256 kb/s (3 dB at 128 kb/s), so the mix leaves it
that headroom (measured on the shared drum and bass excerpt: -14.6 LUFS, -1.9 dBTP after AAC 256k; it read +1.8 dBTP
with loudnorm TP=-1 alone). Every MP4 the test suite renders is measured for it (``tests/conftest.py``). A mix with
a levelled voice in it (below) skips ``loudnorm``: the mix alone is measured before the render and raised by one gain
to -14 LUFS in its own chain, through the 4×-oversampled limiter at -1.5 dBTP (``voice_level``, ``peak_limit``), so
that its sound is encoded once.

A clip marked with the kind of its sound (``m.sound``, a score's clips) is levelled against the music under it
(``clip_level``), and the music's level under it is the planner's: such a clip is no key to the duck, which under a
voice raised to the music's loudness took an 80 Hz pulse a further 15.1 dB down (2.4 dB under the voice as recorded).
A levelled voice (``m.sound`` "speech") keys the music's voice band alone, gently (``DIP_UNDER_SPEECH``), so that its
words stand out where they sit and the pulse stays as the planner set it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from ...protocol import Draft, Segment, Track, TrackType
from ...protocol.loudness import TARGET_LUFS
from ...protocol.vocabulary import Role
from .clip_level import clip_gain_db, music_lufs
from .graph import Canvas, Graph, MediaMap, seconds
from .master_level import master_gain_db, raise_asked_db
from .peak_limit import PEAK_LIMITER, limits_peaks
from .segment_fades import segment_fades
from .timeline import Shot

FORMAT = "aresample=48000,aformat=sample_fmts=fltp:sample_rates=48000:channel_layouts=stereo"
# Music under a voice ducks where the voice lives. Its lows and its top (kick, bass, hats and shaker: the pulse) duck
# as the whole of it did; the band between, where speech's formants and consonants sit, from a voice 20 dB quieter and
# further. Held-out export 07's score at 35 % under Megamind.avi's dialogue (3-11 s), ducked as under a clip read as
# speech: its 300-3400 Hz band -31.3 -> -34.9 dB RMS (the voice's own -35.3), its lows -32.6 -> -33.0
# The three bands are cut as ``acrossover=split=250 5000`` cut them (Linkwitz-Riley: two Butterworth 2-pole filters
# in a row, 24 dB/octave), each from its own copy of the sound: ``acrossover``'s three outputs, read at different
# paces downstream, sometimes spun ffmpeg's filter thread forever (9 of 40 runs of one 12 s travel video's graph, and
# CI's acceptance render of it); the same graph with the bands cut here, 0 of 50.
CROSSOVER_HZ = (250, 5000)
DUCK = "sidechaincompress=threshold=0.03:ratio=6:attack=20:release=350"
DUCK_VOICE_BAND = "sidechaincompress=threshold=0.003:ratio=8:attack=20:release=350"
# A score at 25 % under a levelled deep man's voice (the LibriVox reader, tests/media/speech) had its 300-3400 Hz band
# only 4 dB under his (-27.1 against -23.1 dB RMS over his words); dipped, 9 dB (-32.2), unchanged in his pauses.
DIP_UNDER_SPEECH = "sidechaincompress=threshold=0.05:ratio=2:attack=20:release=300"
LOUDNORM = f"loudnorm=I={TARGET_LUFS:g}:TP=-2:LRA=11"
# A true-peak limiter: alimiter only sees samples, so it runs on the signal oversampled 4× (where the peaks between
# samples are samples), with its delay compensated so the sound stays on the picture, and no auto-level (which would
# raise the whole mix back to 0 dBFS).
CEILING_DBTP = -2.5
TRUE_PEAK_LIMITER = (
    f"aresample=192000,alimiter=limit={10 ** (CEILING_DBTP / 20):.4f}:attack=1:release=60:level=0:latency=1,"
    "aresample=48000"
)


# A preview's sound is not loudness-normalised (single-pass loudnorm, oversampled 4× inside, and the 4× limiter took
# 3–4 s of CPU on a minute of music): a sample-peak limiter at the same ceiling only keeps it from clipping.
PREVIEW_LIMITER = f"alimiter=limit={10 ** (CEILING_DBTP / 20):.4f}:attack=1:release=60:level=0:latency=1"

_RAMP_FRAME = 240  # samples (5 ms at 48 kHz) a level ramp's volume is worked out for: 85 ms decoded frames stepped a
# 250 ms ramp 3.0-3.4 dB at a time
END_FADE_MS = 40  # every export's sound ends in a fade this long: a song's faint tail left out is not cut mid-wave


def build_audio(
    graph: Graph,
    draft: Draft,
    media: MediaMap,
    canvas: Canvas,
    clips: Sequence[tuple[int, Shot]],
    lift_db: float | None = 0.0,
) -> str:
    """Add the audio chains; return the label of the finished 48 kHz stereo mix, exactly the draft's length.
    ``lift_db``: the gain of a mix with a levelled voice in it (``voice_level``); None: the mix before its level
    (what that gain is measured on)."""
    music = music_lufs(draft, media) if any("sound" in shot.segment.meta for _, shot in clips) else None
    clip_labels: list[str] = []
    plain: list[str] = []  # a levelled clip's sound is not a key: its music's level is already set under it
    said: list[str] = []  # … except a levelled voice's, to the music's voice band alone (``_dip_under_speech``)
    for index, shot in (c for c in clips if _plays(c[1].segment, 1.0)):
        gain = _clip_gain(shot, media, music)
        levelled = music is not None and "sound" in shot.segment.meta
        speech = levelled and shot.segment.meta.get("sound") == "speech"
        (said if speech else plain if levelled else clip_labels).append(_clip_sound(graph, index, shot, canvas, gain))
    ducked: list[str] = []
    for track in draft.tracks_of(TrackType.AUDIO):
        played = [sg for sg in sorted(track.segments, key=lambda sg: sg.start_ms) if _usable(track, sg, media)]
        labels = [_segment(graph, track, sg, media, overlap) for sg, overlap in _crossfades(played)]
        if track.meta.get("duck"):
            ducked.extend(labels)
        elif track.meta.get("role") == Role.VOICE:
            clip_labels.extend(labels)  # a voice-over is heard like a clip's own speech: music ducks under it
        else:
            plain.extend(labels)
    ducked, said = _dip_under_speech(graph, ducked, said, canvas)
    sources = plain + said + _duck(graph, ducked, clip_labels, canvas)
    return _finish(graph, draft, canvas, sources, media, lift_db if said else None, levelled=lift_db is not None)


def _usable(track: Track, segment: Segment, media: MediaMap) -> bool:
    return bool(segment.src) and segment.src in media and segment.duration_ms > 0 and _plays(segment, track.meta)


def _plays(segment: Segment, track_volume: object) -> bool:
    volume = track_volume.get("volume", 1.0) if isinstance(track_volume, dict) else track_volume
    return _volume(volume) > 0 and _volume(segment.meta.get("volume", 1.0)) > 0


def _volume(value: object) -> float:
    return max(0.0, float(value)) if isinstance(value, (int, float)) and not isinstance(value, bool) else 1.0


def _crossfades(segments: Sequence[Segment]) -> list[tuple[Segment, tuple[int, int]]]:
    """Each segment with how long it crossfades in from the one before and out into the one after (ms). A segment
    with ``m.crossfade_ms`` that starts where the one before it ends starts that much earlier (with the sound
    before its in-point) and fades in while the one before fades out, both done by the join: a join on a downbeat
    keeps its downbeat whole (the outgoing part's own next downbeat is never heard) and does not click."""
    out: list[tuple[Segment, tuple[int, int]]] = [(sg, (0, 0)) for sg in segments]
    for k in range(1, len(out)):
        (before, (into, _)), (after, _) = out[k - 1], out[k]
        wanted = after.meta.get("crossfade_ms")
        if not isinstance(wanted, (int, float)) or wanted <= 0 or before.end_ms != after.start_ms:
            continue
        overlap = min(int(wanted), after.start_ms, after.in_ms or 0, before.duration_ms // 2, after.duration_ms // 2)
        if overlap <= 0:
            continue
        out[k - 1] = (before, (into, overlap))
        early = replace(
            after,
            start_ms=after.start_ms - overlap,
            in_ms=(after.in_ms or 0) - overlap,
            duration_ms=after.duration_ms + overlap,
        )
        out[k] = (early, (overlap, 0))
    return out


def _crossfade(overlap: tuple[int, int], duration_ms: int) -> str:
    """Equal-power fades (quarter sines: the powers of the two sides add up to one) over the overlaps."""
    into, onward = overlap
    out = f",afade=t=in:st=0:d={seconds(into)}:curve=qsin" if into else ""
    if onward:
        out += f",afade=t=out:st={seconds(duration_ms - onward)}:d={seconds(onward)}:curve=qsin"
    return out


def _segment(graph: Graph, track: Track, segment: Segment, media: MediaMap, overlap: tuple[int, int]) -> str:
    sound = graph.sound(media[str(segment.src)][0], (segment.in_ms or 0) - segment.start_ms)
    volume = _volume(track.meta.get("volume", 1.0)) * _volume(segment.meta.get("volume", 1.0))
    label = graph.label("a")
    graph.add(
        f"{sound}atrim=start={seconds(segment.in_ms or 0)}:duration={seconds(segment.duration_ms)},"
        f"asetpts=PTS-STARTPTS,{FORMAT},{_level(segment, volume)}{_crossfade(overlap, segment.duration_ms)}"
        f"{segment_fades(segment)},adelay=delays={segment.start_ms}:all=1{label}"
    )
    return label


def _level(segment: Segment, volume: float) -> str:
    """The segment's volume filter: ``volume``, moving evenly in dB over its last ``m.rise_ms`` to ``m.rise_to``
    times its track's level where it has them (music under a clip's speech coming back up after a line or before the
    next clip, or going down before a line), evaluated every ``_RAMP_FRAME`` samples."""
    rise_ms, rise_to = segment.meta.get("rise_ms"), segment.meta.get("rise_to")
    quiet = _volume(segment.meta.get("volume", 1.0))
    if not isinstance(rise_ms, (int, float)) or rise_ms <= 0 or volume <= 0 or quiet <= 0:
        return f"volume={volume:.4f}"
    ratio = _volume(rise_to) / quiet
    start = seconds(max(0, segment.duration_ms - int(rise_ms)))
    rise = f"pow({ratio:.4f},clip((t-{start})/{seconds(int(rise_ms))},0,1))"
    # t is NaN when ffmpeg sets the filter up, before any sound: the level then is the segment's own
    ramp = f"volume='{volume:.4f}*if(isnan(t),1,{rise})':eval=frame"
    return f"asetnsamples=n={_RAMP_FRAME},{ramp}"  # 5 ms frames: a 250 ms ramp in 50 steps, not the decoder's 3


def _clip_gain(shot: Shot, media: MediaMap, music: float | None) -> float:
    """The level a clip's sound is given against the music under it (``clip_level``), as a factor."""
    source = media.get(str(shot.segment.src)) if shot.segment.src else None
    if source is None or music is None:
        return 1.0
    return float(10 ** (clip_gain_db(shot.segment.meta.get("sound"), source[0], music) / 20))


def _clip_sound(graph: Graph, index: int, shot: Shot, canvas: Canvas, gain: float = 1.0) -> str:
    """A clip's own sound, from the same (already seeked) input that shows its picture, from its in-point, at its
    volume times ``gain``. A sound that starts later than the picture keeps its place, silence before it
    (``aresample``'s ``first_pts``): moved to the start, Megamind.avi's copy's sound, 0.45 s late, played its
    dialogue 0.45 s ahead of the lips."""
    duration_ms = shot.frames * 1000 // canvas.fps
    start_ms = shot.start_frame * 1000 // canvas.fps
    lead = seconds(graph.leads.get(index, 0))
    label = graph.label("c")
    graph.add(
        f"[{index}:a]atrim=start={lead}:duration={seconds(duration_ms)},"
        f"asetpts=PTS-{lead}/TB,aresample=async=1:first_pts=0,{FORMAT},"
        f"volume={_volume(shot.segment.meta.get('volume', 1.0)) * gain:.4f}{segment_fades(shot.segment)},"
        f"adelay=delays={start_ms}:all=1{label}"
    )
    return label


def _mix(graph: Graph, labels: Sequence[str], prefix: str) -> str:
    if len(labels) == 1:
        return labels[0]
    out = graph.label(prefix)
    graph.add(f"{''.join(labels)}amix=inputs={len(labels)}:normalize=0:duration=longest:dropout_transition=0{out}")
    return out


def _duck(graph: Graph, ducked: list[str], clips: list[str], canvas: Canvas) -> list[str]:
    """Ducked tracks under the clips' sound, in three bands (``_bands``): the voice's band under ``DUCK_VOICE_BAND``,
    the lows and the top under ``DUCK``; the clips' sound itself. Without both, nothing to duck."""
    if not ducked or not clips:
        return ducked + clips
    end = seconds(canvas.duration_ms)
    bus, key = _mix(graph, ducked, "bus"), _mix(graph, clips, "key")
    heard, side, out = graph.label("heard"), graph.label("side"), graph.label("duck")
    graph.add(f"{key}asplit=2{heard}{side}")
    bands = _bands(graph, f"{bus}apad,atrim=end={end}")
    sides = [graph.label(f"s{name}") for name in ("low", "voice", "top")]
    graph.add(f"{side}apad,atrim=end={end},asplit=3{''.join(sides)}")
    ducked_bands = []
    for band, band_side, duck in zip(bands, sides, (DUCK, DUCK_VOICE_BAND, DUCK), strict=True):
        ducked_bands.append(graph.label("d"))
        graph.add(f"{band}{band_side}{duck}{ducked_bands[-1]}")
    graph.add(f"{''.join(ducked_bands)}amix=inputs=3:normalize=0{out}")
    return [out, heard]


def _bands(graph: Graph, chain: str) -> list[str]:
    """``chain``'s sound in three bands split at ``CROSSOVER_HZ``: the lows, the voice's band, the top."""
    low_hz, top_hz = CROSSOVER_HZ
    copies, bands = (
        [graph.label(n) for n in ("tolow", "tovoice", "totop")],
        [graph.label(n) for n in ("low", "voice", "top")],
    )
    graph.add(f"{chain},asplit=3{''.join(copies)}")
    cuts = (_slope("lowpass", low_hz), f"{_slope('highpass', low_hz)},{_slope('lowpass', top_hz)}",
            f"{_slope('highpass', low_hz)},{_slope('highpass', top_hz)}")  # fmt: skip
    for copy, cut, band in zip(copies, cuts, bands, strict=True):
        graph.add(f"{copy}{cut}{band}")
    return bands


def _slope(kind: str, hz: int) -> str:
    """A Linkwitz-Riley 24 dB/octave ``kind`` (``lowpass`` or ``highpass``) at ``hz``: a Butterworth pair twice."""
    return f"{kind}=f={hz}:p=2,{kind}=f={hz}:p=2"


def _dip_under_speech(graph: Graph, ducked: list[str], said: list[str], canvas: Canvas) -> tuple[list[str], list[str]]:
    """Ducked tracks whose voice band (``_bands``) dips by ``DIP_UNDER_SPEECH`` while a levelled voice (``said``)
    speaks, their lows and top left as they are; and that voice's sound. Without both, nothing changes."""
    if not ducked or not said:
        return ducked, said
    end = seconds(canvas.duration_ms)
    heard, keys = [graph.label("said") for _ in said], [graph.label("saidkey") for _ in said]
    for label, one, key in zip(said, heard, keys, strict=True):
        graph.add(f"{label}asplit=2{one}{key}")
    bus, key = _mix(graph, ducked, "bus"), _mix(graph, keys, "key")
    side, dipped, out = (graph.label(n) for n in ("side", "dv", "dip"))
    low, voice, top = _bands(graph, f"{bus}apad,atrim=end={end}")
    graph.add(f"{key}apad,atrim=end={end}{side}")
    graph.add(f"{voice}{side}{DIP_UNDER_SPEECH}{dipped}")
    graph.add(f"{low}{dipped}{top}amix=inputs=3:normalize=0{out}")
    return [out], heard


def _finish(
    graph: Graph,
    draft: Draft,
    canvas: Canvas,
    sources: list[str],
    media: MediaMap,
    voice_lift_db: float | None = None,
    *,
    levelled: bool = True,
) -> str:
    """Mix, pad or cut to the draft's length; normalise loudness, or (``loudnorm`` false: a user's own recording)
    keep it as mastered, lowered by one gain only where its peaks would pass the ceiling. A mix with a levelled voice
    in it (``voice_lift_db`` given: a clip's voice levelled, its music dipped under it) is raised by that one gain,
    measured on this mix (``voice_level``), through the true-peak limiter: ``loudnorm``'s dynamic gain took 1.2 dB
    off the voice band's lead in words over pauses (4.1 dB against a preview's 5.3) and still left it at -16 LUFS.
    Not ``levelled``: the mix as its sources set it, for that measure."""
    end = seconds(canvas.duration_ms)
    out = graph.label("aout")
    if not sources:  # a silent track (loudnorm would divide by the silence's zero loudness: NaN)
        graph.add(f"anullsrc=r=48000:cl=stereo,atrim=end={end}{out}")
        return out
    mixed = _mix(graph, sources, "mix")
    if not levelled:
        level = ""
    elif draft.meta.get("loudnorm", True) is False:  # the artist's master: one fixed gain at most, the peaks kept under
        limited = limits_peaks(draft.meta)  # or, asked, its own loudness with only its overs limited
        gain = f"volume={master_gain_db(own_sources(draft, media), raise_asked_db(draft.meta), limited):.2f}dB"
        level = f",{gain},{FORMAT}" + (f",{PEAK_LIMITER},{FORMAT}" if limited else "")
    elif voice_lift_db is not None:  # the same in a preview: its loudness is the export's
        level = f",volume={voice_lift_db:.2f}dB,{PEAK_LIMITER},{FORMAT}"
    else:
        level = f",{LOUDNORM},{TRUE_PEAK_LIMITER},{FORMAT}"
        if canvas.fast:  # a preview, heard once to judge the cut: its sources' own loudness, never clipped
            level = f",{PREVIEW_LIMITER}"
    close = max(canvas.duration_ms - END_FADE_MS, 0)  # the last moment faded, never a cut waveform (a click)
    faded = f",afade=t=out:st={seconds(close)}:d={seconds(canvas.duration_ms - close)}"
    graph.add(f"{mixed}apad,atrim=end={end}{level}{faded}{out}")
    return out


def own_sources(draft: Draft, media: MediaMap) -> list[tuple[Path, int, int]]:
    """The audio the draft plays from files, as (path, in ms, duration ms): what the master gain is measured on."""
    return [
        (media[str(sg.src)][0], sg.in_ms or 0, sg.duration_ms)
        for track in draft.tracks_of(TrackType.AUDIO)
        for sg in track.segments
        if _usable(track, sg, media)
    ]
