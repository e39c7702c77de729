"""What the agent can do to a draft, as values: one frozen dataclass per operation, and their unions.

``Edit`` is every operation a turn runs: the pure ones (``PureEdit``, applied by ``edits.apply`` without files) and
the ones that need files and analysis (``Making``, run by ``making``). The parser also hears ``Ask`` (something is
missing before it can act) and ``Cannot`` (a request the engine cannot do yet); together they are ``Parsed``.

Each operation has a ``name`` and ``to_json()``: the tool call the user sees (``ToolStarted.name``, ``.args``).

Examples
--------
>>> SetCutRate(beats_per_cut=2).to_json()
{'beats_per_cut': 2}
>>> AddText("Fin", start=AT_END, duration_ms=2000).to_json()
{'text': 'Fin', 'role': 'title', 'start_ms': 'end', 'duration_ms': 2000}
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any, ClassVar, Literal, NoReturn

from ...protocol.loudness import TARGET_LUFS
from ...protocol.vocabulary import Aspect, Position, Role, Visualizer
from .unanswered import Ask, Cannot

__all__ = [
    "AT_END", "AddCaptions", "AddText", "Ask", "AtEnd", "BuildMusicVideo", "Cannot", "ComposeMusic", "Edit",
    "FadeTarget", "HoldLastShot", "Making", "MatchLoudness", "Parsed", "PureEdit", "RemoveClip", "RemoveText", "RemoveTrack", "Replan", "Resync",
    "SetAspect", "SetBackdrop", "SetCoverDesign", "SetCredit", "SetCutRate", "SetEndCard", "SetFade", "SetGrade", "SetLength",
    "SetPalette", "SetPictureMotion", "SetText", "SetVisualizer", "SetVolume", "Start", "TextRef", "Trim", "VolumeTarget",
    "unreachable"
]  # fmt: skip


@dataclass(frozen=True)
class AtEnd:
    """A start that ends the text where the video ends."""


AT_END = AtEnd()
Start = int | AtEnd
"""Where a text starts: milliseconds from the start of the video, or ``AT_END``."""
TextRef = int | str | None
"""Which text an edit means: its index in time order, its words, or None (every title, else every text)."""
VolumeTarget = Literal["music", "clip", "all"]
FadeTarget = Literal["all", "music", "video", "title"]


def _json(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, AtEnd):
        return "end"
    if isinstance(value, tuple):
        return [_json(v) for v in value]
    return value


@dataclass(frozen=True)
class _Operation:
    """``to_json()`` from the dataclass fields: None left out (but for ``_always``), tuples as lists, words plain."""

    name: ClassVar[str]
    _always: ClassVar[frozenset[str]] = frozenset()
    _wire: ClassVar[Mapping[str, str]] = {}

    def to_json(self) -> dict[str, Any]:
        """The operation's arguments as the tool call shows them (JSON-friendly)."""
        out = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if value is not None or f.name in self._always:
                out[self._wire.get(f.name, f.name)] = _json(value)
        return out


# --- titles and text ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AddText(_Operation):
    """Add a title (or a caption, ``role`` TEXT); ``duration_ms`` None: 3 s, or the whole video when shorter.
    ``size_factor`` is heard but only restyles an existing text (``SetText``)."""

    name: ClassVar[str] = "add_text"
    _wire: ClassVar[Mapping[str, str]] = {"start": "start_ms"}
    text: str
    role: Role = Role.TITLE
    start: Start | None = None
    duration_ms: int | None = None
    color: str | None = None
    position: Position | None = None
    size: int | None = None
    size_factor: float | None = None


@dataclass(frozen=True)
class AddCaptions(_Operation):
    """Captions from ``text``: SRT, WebVTT or LRC at its times, or words spread over the speech (``captions``)."""

    name: ClassVar[str] = "add_captions"
    text: str

    def to_json(self) -> dict[str, Any]:
        return {"lines": sum(1 for line in self.text.splitlines() if line.strip())}


@dataclass(frozen=True)
class SetText(_Operation):
    """Change the texts ``which`` means: their words, timing (ms), size (px or a factor), colour, position."""

    name: ClassVar[str] = "set_text"
    _wire: ClassVar[Mapping[str, str]] = {"start": "start_ms"}
    which: TextRef = None
    text: str | None = None
    color: str | None = None
    position: Position | None = None
    size: int | None = None
    size_factor: float | None = None
    start: Start | None = None
    duration_ms: int | None = None


@dataclass(frozen=True)
class RemoveText(_Operation):
    """Remove the texts ``which`` means, or every text (``every``)."""

    name: ClassVar[str] = "remove_text"
    which: TextRef = None
    every: bool = False

    def to_json(self) -> dict[str, Any]:
        return {"which": "all" if self.every else self.which}


# --- look and sound ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SetAspect(_Operation):
    name: ClassVar[str] = "set_aspect"
    aspect: Aspect


@dataclass(frozen=True)
class SetVolume(_Operation):
    """The music's, the clips' own sound's, or both levels: to ``volume`` (0..1), then times ``factor``."""

    name: ClassVar[str] = "set_volume"
    target: VolumeTarget = "music"
    volume: float | None = None
    factor: float | None = None


@dataclass(frozen=True)
class SetFade(_Operation):
    """Fade ``edge`` over ``ms`` on the ``target`` ("all" is picture and music); 0 ms removes the fade."""

    name: ClassVar[str] = "set_fade"
    edge: Literal["in", "out"]
    ms: int
    target: FadeTarget = "all"


@dataclass(frozen=True)
class SetVisualizer(_Operation):
    """Turn the visualizer off, or on with the options given (the rest as they are, or the defaults)."""

    name: ClassVar[str] = "set_visualizer"
    enabled: bool = True
    kind: Visualizer | None = None
    color: str | None = None
    position: Position | None = None
    opacity: float | None = None


@dataclass(frozen=True)
class SetCoverDesign(_Operation):
    """Lay a cover video out in another design (one of ``COVER_DESIGNS``: "ring", "poster", "wave"), its visualizer."""

    name: ClassVar[str] = "set_cover_design"
    design: str


@dataclass(frozen=True)
class SetEndCard(_Operation):
    """An end card (the title and artist, and ``line`` where the user gave words, over the last seconds as the
    music ends), or none (``enabled`` False)."""

    name: ClassVar[str] = "set_end_card"
    enabled: bool = True
    line: str | None = None


@dataclass(frozen=True)
class SetCredit(_Operation):
    """The song's title and artist as the video names them (its opening title, or a cover's credit, and its end
    card): "call it 'Night Drive' by The Kites", "the artist is The Kites"; None keeps what the video has."""

    name: ClassVar[str] = "set_credit"
    title: str | None = None
    artist: str | None = None


@dataclass(frozen=True)
class SetBackdrop(_Operation):
    """The track alone's generated backdrop in ``design`` ("aurora", "pulse" or "bokeh")."""

    name: ClassVar[str] = "set_backdrop"
    design: str = "aurora"


@dataclass(frozen=True)
class SetPalette(_Operation):
    """The track alone's backdrop in the colours of ``palette`` (one of ``planning.palettes.PALETTES``)."""

    name: ClassVar[str] = "set_palette"
    palette: str = "neon"


@dataclass(frozen=True)
class SetGrade(_Operation):
    """Warmer (``step`` > 0) or cooler (< 0) colours on the pictures and clips, one step at a time, or neutral
    (``neutral``); a named ``look`` ("bw", "film", "vintage", "sepia"; "colour" takes it off), and ``contrast``,
    ``brightness`` and ``saturation`` steps."""

    name: ClassVar[str] = "set_grade"
    step: int = 0
    neutral: bool = False
    look: str | None = None
    contrast: int = 0
    brightness: int = 0
    saturation: int = 0


PictureMotion = Literal["no_zoom", "still", "moving"]


@dataclass(frozen=True)
class SetPictureMotion(_Operation):
    """How the pictures move: pans but no zooms ("no_zoom"), not at all ("still"), or zooms and pans ("moving")."""

    name: ClassVar[str] = "set_picture_motion"
    mode: PictureMotion


@dataclass(frozen=True)
class RemoveTrack(_Operation):
    """Remove the music, the visualizer, every text, or the tracks of another role."""

    name: ClassVar[str] = "remove_track"
    target: Role


# --- timing --------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SetLength(_Operation):
    """The video ``ms`` long; ``WHOLE_SONG``: as long as its song ("the whole song", ``song_length``)."""

    name: ClassVar[str] = "set_length"
    ms: int


WHOLE_SONG = 0


@dataclass(frozen=True)
class Trim(_Operation):
    """Cut ``ms`` from the start or the end; else the silent start (``silence``), the quiet intro up to where the
    music turns loud (``intro``, ``m.quiet_intro_ms``) or all before the chorus (``chorus``, ``agent.chorus_start``)."""

    name: ClassVar[str] = "trim"
    edge: Literal["start", "end"]
    ms: int
    silence: bool | None = None
    intro: bool | None = None
    chorus: bool | None = None


@dataclass(frozen=True)
class SetCutRate(_Operation):
    """A cut every ``beats_per_cut`` beats, every ``bars`` bars (on downbeats), or the current rate times ``factor``."""

    name: ClassVar[str] = "set_cut_rate"
    beats_per_cut: int | None = None
    bars: int | None = None
    factor: float | None = None


@dataclass(frozen=True)
class Resync(_Operation):
    """Lay the visuals on the beat again at the current rate."""

    name: ClassVar[str] = "resync"


@dataclass(frozen=True)
class RemoveClip(_Operation):
    """Take the ``index``-th shot (in time order; negative from the end) out of the visuals."""

    name: ClassVar[str] = "remove_clip"
    index: int


# --- generation ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BuildMusicVideo(_Operation):
    """A music video from the upload ``track`` over ``visuals`` (media ids), cut on the track's beats."""

    name: ClassVar[str] = "build_music_video"
    _always: ClassVar[frozenset[str]] = frozenset({"visualizer"})
    track: str
    track_name: str | None = None
    visuals: tuple[str, ...] = ()
    visualizer: Visualizer | None = None
    visualizer_color: str | None = None
    visualizer_position: Position | None = None
    beats_per_cut: int | None = None
    aspect: Aspect | None = None
    length_ms: int | None = None
    cover_design: str | None = None
    visualizer_named: bool | None = None
    """True: the words named the visualizer's kind ("spectrum bars", "a waveform"), kept whatever the music."""
    short: bool | None = None  # an app of shorts named, no length: a song over a minute made a short (``making``)


@dataclass(frozen=True)
class ComposeMusic(_Operation):
    """Compose music from ``words``: a score for ``video`` (or ``videos``), a replacement for the draft's music
    (``mode`` "replace"), or a track of ``duration_ms`` under a visualizer. ``restyle``: the words wish for a mood
    ("more cinematic") without asking for new music, so the user's own music stays (see ``restyle``)."""

    name: ClassVar[str] = "compose_music"
    words: str = ""
    moods: tuple[str, ...] | None = None
    mode: Literal["new", "replace"] = "new"
    video: str | None = None
    video_name: str | None = None
    sync_to_cuts: bool | None = None
    videos: tuple[str, ...] | None = None
    duration_ms: int | None = None
    aspect: Aspect | None = None
    restyle: bool = False
    awaits_video: bool = False
    """The words asked for a video's music ("a background track for my travel video") before any video was
    uploaded: the music is composed from the words, and the reply says how to fit it to the video later."""


@dataclass(frozen=True)
class Replan(_Operation):
    """Plan the music video again from the draft's own music and visuals, with the cuts in the loudest section
    (the chorus) ``chorus_factor`` times as long, or a clip's share of the screen time ``clip_factor`` times as
    large (the clip ``words`` name, else every clip), or a cut every ``beats_per_cut`` beats (on bars when
    ``bars``) where the plan has such options to keep, the rest of the draft's look kept."""

    name: ClassVar[str] = "replan_music_video"
    chorus_factor: float | None = None
    clip_factor: float | None = None
    words: str | None = None
    beats_per_cut: int | None = None
    bars: bool = False


@dataclass(frozen=True)
class HoldLastShot(_Operation):
    """The last shot held ``ms`` or more longer, from a beat: the shots that would begin there dropped."""

    name: ClassVar[str] = "hold_last_shot"
    ms: int = 3000


@dataclass(frozen=True)
class MatchLoudness(_Operation):
    """The user's own master raised by one gain toward ``target_lufs`` (as its peaks allow); None: as mastered, or
    with ``limit_peaks`` at its own loudness, its overs limited (True), or turned down by one gain again (False)."""

    name: ClassVar[str] = "match_loudness"
    target_lufs: float | None = TARGET_LUFS
    limit_peaks: bool | None = None


PureEdit = (
    AddText | SetText | RemoveText | SetAspect | SetVolume | SetFade | SetVisualizer | SetCoverDesign | SetEndCard
    | SetCredit | SetGrade | SetBackdrop | SetPalette | SetPictureMotion | RemoveTrack | SetLength | Trim | SetCutRate
    | Resync | RemoveClip | HoldLastShot
)  # fmt: skip
Making = BuildMusicVideo | ComposeMusic | Replan | AddCaptions | MatchLoudness
Edit = PureEdit | Making
Parsed = Edit | Ask | Cannot


def unreachable(value: NoReturn) -> NoReturn:
    """The fallthrough of a ``match`` over one of these unions: mypy reports a member the cases left out."""
    raise AssertionError(f"no case for {value!r}")
