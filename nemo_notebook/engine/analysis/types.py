"""What analysis finds, as frozen values. Times are integer milliseconds from the start of the media."""

from __future__ import annotations

from dataclasses import dataclass, field

ENERGY_RANGE_DB = 40.0  # ``AudioAnalysis.energy`` spans this many dB: 1 at the loud passages, 0 this far below them


@dataclass(frozen=True)
class AudioAnalysis:
    """Rhythm and shape of a piece of music.

    ``energy`` is a loudness curve normalised to 0..1 (on a dB scale, ``ENERGY_RANGE_DB``), one value every
    ``energy_hop_ms``.
    ``sections_ms`` are the boundaries between sections (the first is 0).
    ``kicks_ms`` are where a kick drum hits (the start of its attack; empty for music without one), whereas
    ``onsets_ms`` are where any sound starts. ``talk_share`` (0..1) is the share of the track that sounds like talk
    (a podcast, a voice memo) rather than music (``speech.talk_share``); ``steady_noise`` says the sound is steady
    noise (rain, a hum, static: ``speech.is_steady_noise``). ``silent`` is true when nothing rises above -70 dBFS.
    ``drive`` is how much the music drives rather than flows, 0 (calm:
    ambient, ballad, orchestral) .. 1 (a beat on drums, hard attacks: rock, electronic), from ``character``; None
    where it was not measured (planning then paces it by loudness alone, as driving music). ``flatness`` (how
    noise-like its tone is, 0..1) and ``mode`` (major > 0.1, minor < -0.1) are from ``timbre``; None where not
    measured. ``bright_db`` is how much of each second's sound lies above 4 kHz, in dB of the whole
    (``brightness``): it falls where a filter closes or the hi-hats stop; empty in analyses made before it existed.
    """

    duration_ms: int
    tempo_bpm: float
    beats_ms: tuple[int, ...]
    downbeats_ms: tuple[int, ...]
    onsets_ms: tuple[int, ...]
    energy: tuple[float, ...]
    energy_hop_ms: int
    sections_ms: tuple[int, ...]
    beats_per_bar: int = 4
    kicks_ms: tuple[int, ...] = ()
    drive: float | None = None
    flatness: float | None = None
    mode: float | None = None
    talk_share: float = 0.0
    steady_noise: bool = False
    bright_db: tuple[float, ...] = ()

    @property
    def silent(self) -> bool:
        return not any(self.energy)

    def energy_at(self, t_ms: int) -> float:
        if not self.energy:
            return 0.0
        i = min(max(t_ms // max(self.energy_hop_ms, 1), 0), len(self.energy) - 1)
        return self.energy[i]


@dataclass(frozen=True)
class VideoAnalysis:
    """What a clip looks like over time and what that suggests for music.

    ``motion``, ``brightness`` and ``saturation`` are 0..1 curves sampled every ``hop_ms``.
    ``valence`` (sad 0 … happy 1) and ``arousal`` (calm 0 … excited 1) are the mood; ``pace`` is 0..1 from cuts
    a minute and motion. ``unfit`` (0..1 every ``hop_ms``) is the share of frames never to use as a shot: black or
    white frames, title cards and credits, letterboxes, fades and frozen pictures. ``looks`` (every ``hop_ms``) numbers
    the clip's different-looking moments: a static camera is one look however long it runs (``analysis.looks``).
    ``sharpness`` (every ``hop_ms``) is how sharp the full-size frames are (``analysis.sharpness``: 0.42-0.49 out of
    focus or smeared, 0.55-0.7 sharp footage; 0 without edges); empty in analyses made before it existed.
    """

    duration_ms: int
    width: int
    height: int
    fps: float
    rotation: int
    cut_points_ms: tuple[int, ...]
    cut_strengths: tuple[float, ...]
    motion: tuple[float, ...]
    brightness: tuple[float, ...]
    saturation: tuple[float, ...]
    hop_ms: int
    cuts_per_minute: float
    pace: float
    valence: float
    arousal: float
    has_audio: bool
    speech_ratio: float = 0.0
    # (start, end) ms of each line someone speaks in the clip (``speech_lines``); none where the clip was read in windows
    speech_lines_ms: tuple[tuple[int, int], ...] = field(default=(), repr=False)  # a score's seed hashes the repr
    # share of each hop's frames a music video must not show (black, white, title card, letterbox, fade, frozen)
    unfit: tuple[float, ...] = ()
    # which look (0, 1, … in order of appearance) each hop shows: moments alike to a viewer share one (``looks``)
    looks: tuple[int, ...] = ()
    # which framing each scene (before, between and after ``cut_points_ms``) shows: a shot / reverse shot's come back
    scene_looks: tuple[int, ...] = ()
    # how sharp the full-size frames are in each hop (``analysis.sharpness``)
    sharpness: tuple[float, ...] = ()
