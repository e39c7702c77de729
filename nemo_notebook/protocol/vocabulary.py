"""The words a draft and a render speak beyond API.md's table: roles, metadata keys, qualities and render states.

Planning writes drafts in this form, the agent edits them, the renderer draws exactly what they say, and the client
and the notebook read them back. Every word is a ``str`` enum, so it travels as its plain value on the wire
(``json.dumps(Role.MUSIC) == '"music"'``) and compares equal to it (``Role.MUSIC == "music"``).

Draft ``m`` (:class:`DraftMeta`): ``aspect`` (an :class:`Aspect`), ``fps`` (30 by default), ``bpm``, ``beats_ms``,
``downbeats_ms`` (where music was analysed or composed), ``loudnorm`` (bool, default true), and, once the user set a
cut rate, ``beats_per_cut`` (int) and ``cut_on_downbeats`` (bool), so that "faster cuts" knows where it starts from.
Draft ``d`` is the length of the export.

Video tracks (``tt`` 0):

- the **visuals** lane (track ``m.role`` = :attr:`Role.VISUALS`): segments back to back from 0 to ``d``. A segment
  with ``src`` shows a video (from ``in`` ms) or a picture (an audio file's cover picture, where ``src`` is audio with
  one); a picture's ``m.motion`` is a :class:`Motion`, its ``m.framing`` (one of :data:`FRAMINGS`; none: the whole
  picture) with ``m.zoom``, and ``m.reframe`` where it continues the showing of the segment before. A segment without ``src`` and ``m.role`` =
  :attr:`Role.BACKGROUND` is a generated background (``m.effect`` a :class:`Background`, ``m.colors`` a list of
  "#rrggbb"). A clip's own sound plays at ``m.volume`` (default 1.0, 0 mutes),
  levelled against the score under it where ``m.sound`` names its kind ("speech" or "ambience"). ``m.fade_in_ms`` and
  ``m.fade_out_ms`` fade the picture from and to black.
- a **visualizer** lane (track ``m.role`` = :attr:`Role.VISUALIZER`): one segment, ``src`` the audio it draws,
  ``m.effect`` a :class:`Visualizer`, ``m.color`` "#rrggbb", ``m.position`` a :class:`Position`, ``m.opacity`` 0..1;
  a colour or position :data:`AUTO` ("auto", or none) is chosen by the renderer from the pictures beneath (a palette hue with
  contrast, a place off the subject).

Audio tracks (``tt`` 1): track ``m.role`` :attr:`Role.MUSIC` (the piece the video is made for, full level),
:attr:`Role.BGM` (a score under clips) or :attr:`Role.VOICE`; track ``m.volume`` 0..1 (default 1.0); segments with
``src``, ``in``, and ``m.fade_in_ms``, ``m.fade_out_ms``; track ``m.duck`` (bool): lower this track further where the
clips' own sound has speech.

Text tracks (``tt`` 7): segments with ``m.text``, ``m.role`` :attr:`Role.TITLE` or :attr:`Role.TEXT`, ``m.style`` a
:class:`TextStyle`, and ``m.fade_in_ms``, ``m.fade_out_ms``.

The ``TypedDict`` records below give each level's keys with their types; every key is optional on the wire.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from typing import TypedDict


class _Word(str, enum.Enum):
    """A word of the vocabulary: its ``str()`` and ``format()`` are its value on every Python version."""

    def __str__(self) -> str:
        return str(self.value)

    def __format__(self, spec: str) -> str:
        return format(str(self.value), spec)


class Role(_Word):
    """``m.role`` of a track or a segment: what it is for."""

    VISUALS = "visuals"
    VISUALIZER = "visualizer"
    BACKGROUND = "background"
    MUSIC = "music"
    BGM = "bgm"
    VOICE = "voice"
    TITLE = "title"
    TEXT = "text"


class Aspect(_Word):
    """Draft ``m.aspect``: the frame's shape."""

    WIDE = "16:9"
    TALL = "9:16"
    SQUARE = "1:1"


class Visualizer(_Word):
    """A visualizer segment's ``m.effect``."""

    WAVES = "waves"
    SPECTRUM = "spectrum"
    CQT = "cqt"
    VECTORSCOPE = "vectorscope"
    MIRRORED = "mirrored"
    LINE = "line"
    CIRCULAR = "circular"
    GLOW = "glow"


class Motion(_Word):
    """A picture segment's ``m.motion``."""

    ZOOM_IN = "zoom_in"
    ZOOM_OUT = "zoom_out"
    PAN_LEFT = "pan_left"
    PAN_RIGHT = "pan_right"
    PAN_UP = "pan_up"
    PAN_DOWN = "pan_down"
    NONE = "none"


class Background(_Word):
    """A generated background segment's ``m.effect``."""

    GRADIENT = "gradient"
    PULSE = "pulse"


class Position(_Word):
    """Where a visualizer or a text sits in the frame."""

    TOP = "top"
    CENTER = "center"
    BOTTOM = "bottom"
    LOWER_THIRD = "lower_third"
    FULL = "full"


class Quality(_Word):
    """The ``quality`` of ``POST …/render``, best first: ``high`` 1080p, ``medium`` 720p, ``low`` 480p, and
    ``preview`` 360p at half the frame rate with a fast encoder, for iterating (the hosted service knows the first
    three)."""

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"
    PREVIEW = "preview"

    @property
    def lines(self) -> int:
        """The frame's short side in pixels: 1080, 720, 480 or 360."""
        return QUALITY_LINES[self]


class RenderState(_Word):
    """A render job's ``status``: ``queued`` → ``rendering`` → ``completed`` | ``failed``."""

    QUEUED = "queued"
    RENDERING = "rendering"
    COMPLETED = "completed"
    FAILED = "failed"

    @property
    def finished(self) -> bool:
        """True once the job will not change again."""
        return self in (RenderState.COMPLETED, RenderState.FAILED)


VISUALIZERS: tuple[str, ...] = tuple(v.value for v in Visualizer)
MOTIONS: tuple[str, ...] = tuple(m.value for m in Motion)
PICTURE_MOTIONS: tuple[str, ...] = tuple(
    m.value
    for m in (Motion.ZOOM_IN, Motion.PAN_RIGHT, Motion.PAN_UP, Motion.ZOOM_OUT, Motion.PAN_LEFT, Motion.PAN_DOWN)
)
"""The camera moves a picture takes in turn: push in, pans, pull out (planning's order, the agent's too)."""
PANS: tuple[str, ...] = tuple(m for m in PICTURE_MOTIONS if m.startswith("pan_"))
ZOOMS: frozenset[str] = frozenset({Motion.ZOOM_IN.value, Motion.ZOOM_OUT.value})
MIN_ZOOM_SHOT_MS = 2000
"""A picture shot shorter than this only pans: a zoom that short moves too little to see."""
FRAMINGS: tuple[str, ...] = ("close", "detail")
"""A picture segment's ``m.framing`` other than the whole picture: "close" on its subject, or "detail" (its second
subject, else nearer on the first), ``m.zoom`` times nearer than the wide view."""
REFRAME_KEYS: tuple[str, ...] = ("framing", "zoom", "reframe")
CLOSE_UPSCALE = 1.3
"""A close framing enlarges the picture's own pixels at most this much (planning at 1080 lines, the renderer at the
export's size): nearer, a photo's close view looks soft."""
MOTION_MARGIN = 1.12
"""Pictures are scaled to cover the frame and this much more: the room a pan or zoom moves in."""


PANORAMA_FROM = 2.5
"""Width to height: a picture at least this wide, and twice as wide as the frame's shape, is a panorama, panned
across at the frame's height (``render.panorama``)."""


def panorama_shape(width: int | None, height: int | None, frame_w: int, frame_h: int) -> bool:
    """Whether a ``width``×``height`` picture is a panorama in a ``frame_w``×``frame_h`` frame.

    >>> panorama_shape(8000, 1200, 1920, 1080), panorama_shape(4000, 3000, 1920, 1080)
    (True, False)
    """
    if not width or not height:
        return False
    return width / height >= PANORAMA_FROM and width / height >= 2 * frame_w / frame_h


def nearest_zoom(width: int, height: int, box_w: float, box_h: float) -> float:
    """How much nearer than its wide view a close view of a ``width``×``height`` source covering a ``box_w``×``box_h``
    box may go before the source's own pixels are enlarged more than ``CLOSE_UPSCALE`` times; never under 1 (the
    wide view is what it is). The one limit planning's reframes and the renderer's framings both keep.

    Examples
    --------
    >>> round(nearest_zoom(2560, 1600, 1920 * MOTION_MARGIN, 1080 * MOTION_MARGIN), 2)
    1.55
    >>> nearest_zoom(640, 360, 1920, 1080)
    1.0
    """
    fill = max(box_w / max(width, 1), box_h / max(height, 1))
    return max(1.0, CLOSE_UPSCALE / fill)


def is_reframe(meta: Mapping[str, object]) -> bool:
    """Whether a visuals segment (its ``m``) is a reframe: a cut to another framing of the picture the segment
    before it shows, or (a picture's near view moved a few shots on, so that no picture is beside itself:
    ``planning.stills_apart``) one shown a few segments before (``m.reframe``, its number in that showing from 1).
    How often a picture is on screen is counted by ``protocol.showings`` for all (the planner's tests, the reply, a
    pace edit, the report card): there a near view right after its picture continues its showing and one a few shots
    on is a showing of its own, as a viewer sees it."""
    n = meta.get("reframe")
    return isinstance(n, int) and not isinstance(n, bool) and n > 0


LOOKS: tuple[str, ...] = ("bw", "film", "vintage", "sepia")
"""The named looks a draft's ``m.look`` may hold (black and white, a filmic grade, a faded vintage, a sepia tone)."""
MAX_CONTRAST = 3
"""How many contrast steps ``m.contrast`` goes either way; ``m.brightness`` and ``m.saturation`` as many."""
COVER_DESIGNS: tuple[str, ...] = ("ring", "poster", "wave")
"""The layouts of a video of one cover and a track (``m.cover_design``): the cover in a ring of bars, the cover
beside big type over spectrum bars, the cover over a mirrored wave of its sound."""
COVER_VISUALIZERS: dict[str, str] = {"ring": "circular", "poster": "spectrum", "wave": "line"}
"""Each cover design's visualizer."""
BACKDROPS: tuple[str, ...] = ("aurora", "pulse", "bokeh")
"""The designs of a track alone's generated backdrop (the draft's ``m.backdrop``, each scene's ``m.design``)."""
ALONE_CREDIT = "alone"
"""A text's ``m.layout`` for a track alone's credit ("Title — Artist", the whole video): its artist on a line of its
own under the title."""
CREDIT_SEPARATOR = " — "
"""Between a credit line's title and artist ("Title — Artist"): the text of an opening title, a cover's or a track
alone's credit."""


def credit_parts(text: object) -> tuple[str, str]:
    """A credit line's title and artist, each stripped ("" where absent).

    >>> credit_parts("Night Drive — The Kites ")
    ('Night Drive', 'The Kites')
    """
    title, _, artist = str(text).strip().partition(CREDIT_SEPARATOR)
    return title.strip(), artist.strip()


def credit_line(title: str, artist: str | None) -> str:
    """The credit line of ``title`` and ``artist`` (the title alone where no artist is known)."""
    return f"{title}{CREDIT_SEPARATOR}{artist}" if artist else title


DESIGN_LIGHT = "#fff4e0"
"""The colour of a visualizer a backdrop's design chose: a warm white light over the design's dark field."""
DESIGN_VISUALIZERS: dict[str, tuple[str, str]] = {
    "aurora": ("cqt", "bottom"),
    "pulse": ("circular", "center"),
    "bokeh": ("mirrored", "center"),
}
"""The visualizer (kind, position) each design draws where the user named none, each in its design's character
(``render.visualizer.designed``): under the aurora's ribbons a soft horizon of light whose hills are the notes; in the
tunnel's mouth a bold ring; over the drifting lights a band of bars mirrored about the middle."""
CALM_DESIGN, BARS_DESIGN = "calm", "bars"
"""A visualizer segment's ``m.design`` where the music chose its kind (the user named none): "calm", a thin, low wave
of the low notes, a little see-through, for calm music (``m.effect`` "line"); "bars" for the rest ("spectrum").
Without ``m.design`` the kind is the user's own."""
MUSIC_DESIGNS: tuple[str, ...] = (CALM_DESIGN, BARS_DESIGN)
AUTO = "auto"
"""A visualizer's ``m.color`` or ``m.position`` the renderer chooses from the pictures beneath."""
BACKGROUNDS: tuple[str, ...] = tuple(b.value for b in Background)
POSITIONS: tuple[str, ...] = tuple(p.value for p in Position)
QUALITIES: tuple[str, ...] = tuple(q.value for q in Quality)
QUALITY_LINES: dict[str, int] = {Quality.HIGH: 1080, Quality.MEDIUM: 720, Quality.LOW: 480, Quality.PREVIEW: 360}
"""Each quality's short side in pixels; the long side follows the aspect."""
ASPECT_SIZES: dict[str, tuple[int, int]] = {
    Aspect.WIDE: (1920, 1080),
    Aspect.TALL: (1080, 1920),
    Aspect.SQUARE: (1080, 1080),
}
"""The frame in pixels (width, height) for each aspect, at 1080 lines."""
DEFAULT_FPS = 30


class DraftMeta(TypedDict, total=False):
    """Draft ``m``."""

    aspect: str
    fps: int
    bpm: float
    beats_ms: list[int]
    downbeats_ms: list[int]
    loudnorm: bool
    beats_per_cut: int
    cut_on_downbeats: bool
    sections: list[dict[str, object]]  # {"start_ms", "end_ms", "level": "loudest" | "middle" | "calm"}
    chorus_ms: list[int]  # [start, end] of the loudest section
    chorus_factor: float  # how much faster (> 1) or slower the chorus cuts than the music alone says
    clip_weight: float  # a clip's share of the shots against a picture's (1: equal)
    source_weights: dict[str, float]  # the same, per media id
    warmth: int  # the colour grade, -3 (cool) … +3 (warm)
    brightness: int  # the pictures' mid-tones, -3 (darker) … +3 (brighter)
    saturation: int  # the pictures' colour strength, -3 (muted) … +3 (vivid)
    picture_motion: str  # "moving", "no_zoom" or "still"
    cover_design: str  # one cover and a track: its layout, one of COVER_DESIGNS
    backdrop: str  # a track alone's design: "aurora", "pulse" or "bokeh" (BACKDROPS)


class TrackMeta(TypedDict, total=False):
    """A track's ``m``."""

    role: str
    volume: float
    duck: bool


class TextStyle(TypedDict, total=False):
    """A text segment's ``m.style``: ``size`` in pixels at 1080 lines, ``color`` "#rrggbb", ``position``."""

    size: int
    color: str
    position: str


class SegmentMeta(TypedDict, total=False):
    """A segment's ``m``: which keys apply depends on the lane (see the module docstring)."""

    role: str
    motion: str
    effect: str
    colors: list[str]
    color: str
    position: str
    opacity: float
    volume: float
    sound: str  # a clip's sound, levelled against the score under it: "speech" or "ambience"
    text: str
    style: TextStyle
    fade_in_ms: int
    fade_out_ms: int
    transition_in: str  # at a section change: "flash", "whip", "dissolve" or (a track alone) "dip"
    transition_ms: int  # at most one beat (a track alone's dip in calm music: up to 2 s)
    dip_depth: float  # how far a "dip" takes the picture towards black at its cut, 0..1
    dip_hold: float  # the share of a "dip" held at its depth around its cut, 0..1 (none where not set)
    dip_blend: float  # the share of a "dip" around its cut where the two scenes cross-dissolve, 0..1 (none: a cut)
    dissolve_lift: float  # a "dissolve"'s saturation at its middle frame, 1..1.5 (clashing colours: not olive)
    punch_ms: list[int]  # punch-ins, from the shot's start
    # a photo shot's gentle push-ins on its loud section's beat grid, from its start (planning.beat_pulses)
    pulse_ms: list[int]
    move_pace: float  # a picture's pan or zoom this many times its usual pace: loud driving music (driven_moves)
    mirror: (
        bool  # the shot shows its clip or picture mirrored left to right (a return: clip_spans_apart, mirrored_returns)
    )
    layout: str  # "cover": a cover video's credit ("Title — Artist"), set by its design's layout; "alone": a track
    # alone's credit, its artist on a line of its own
    design: str  # a generated scene's design: "aurora", "pulse" or "bokeh" (without one: a moving gradient)
    hue_deg: float  # a generated scene's palette turned this far round the colour wheel
