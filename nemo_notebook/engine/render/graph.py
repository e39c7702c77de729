"""A filter graph being written: the inputs ffmpeg opens and the chains between labelled pads.

The renderer's modules each add the chains of one layer (visuals, visualizer, text, audio) to one ``Graph``; the
finished graph goes to ffmpeg as a script file, so that a long timeline never meets the command line's length limit.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ...protocol import MediaInfo, Segment
from .strip_threads import one_thread

READ_OVERLAP_MS = 400  # a read of a copy that starts this much before the last one's end still shares its input
READ_GAP_MS = 1000  # or this much after it: decoding a second of a 1080p copy (2 ms a frame) costs less than a seek

MediaMap = Mapping[str, tuple[Path, MediaInfo]]


@dataclass(frozen=True)
class Canvas:
    """What every layer draws onto: frame size (pixels), rate, length, and the beat grid for things that pulse."""

    width: int
    height: int
    fps: int
    frames: int
    duration_ms: int
    bpm: float = 120.0
    first_beat_ms: int = 0
    fast: bool = False
    """A preview: the sound is limited, not loudness-normalised (and the draft comes at half its frame rate)."""

    @property
    def duration_s(self) -> float:
        return self.duration_ms / 1000

    @property
    def scale_1080(self) -> float:
        """Sizes in the draft are given for 1080 lines; this is the factor to the canvas."""
        return min(self.width, self.height) / 1080


@dataclass(frozen=True)
class ClipCopy:
    """A clip's used stretch, decoded once before the render and kept at the frame's size and rate (``sources``):
    the file, where in the clip it starts, and its frame size in pixels."""

    path: Path
    start_ms: int
    width: int
    height: int


@dataclass
class Graph:
    """Inputs (each a list of ffmpeg arguments ending in ``-i path``) and filter chains, built in order."""

    inputs: list[list[str]] = field(default_factory=list)
    chains: list[str] = field(default_factory=list)
    clip_inputs: dict[int, int] = field(default_factory=dict)  # shot number → input index of a video clip
    leads: dict[int, int] = field(default_factory=dict)  # a clip's input index → ms it starts before the in-point
    grade_target: tuple[float, float] | None = None  # the median look of the visuals (brightness, saturation)
    copies: Mapping[str, ClipCopy] = field(default_factory=dict)  # media id → its copy, read instead of the clip
    swept: set[str] = field(default_factory=set)  # pictures panned across at the frame's height (``panorama``)
    _labels: int = 0
    _serial: set[int] = field(default_factory=set)  # chains whose filters run on one thread (``strip_threads``)
    _sounds: dict[tuple[str, int], tuple[int, list[str]]] = field(default_factory=dict)  # (file, lead) → input, pads
    _reads: dict[str, tuple[int, int, int, int]] = field(default_factory=dict)  # file → input, from, last end, end
    _splits: dict[int, list[str]] = field(default_factory=dict)  # a shared read's input → its readers' pads

    def add_input(self, *args: str) -> int:
        """Add an input and return its index (as used in ``[3:v]``)."""
        self.inputs.append(list(args))
        return len(self.inputs) - 1

    def sound(self, path: Path | str, lead_ms: int = 0) -> str:
        """A pad of the whole decoded sound of the file at ``path``, opened once for every chain that reads it
        ``lead_ms`` ahead of the timeline (its in-point less its start: the visualizer and the mix of a song):
        each gets a copy from one ``asplit``, the file decoded once. Readers at another lead open it again, so
        that no copy waits in memory for its reader to come to it."""
        index, pads = self._sounds.setdefault((str(path), lead_ms), (len(self.inputs), []))
        if not pads:
            self.add_input("-i", str(path))
        pads.append(self.label(f"snd{index}_"))
        return pads[-1]

    def shared_read(self, path: str, from_ms: int, length_ms: int) -> tuple[int, str, int]:
        """A pad of the pictures of the file at ``path`` (a clip's copy) read from ``from_ms`` for ``length_ms``: the
        input of the read before it in the file, stretched, where this one starts near that one's end
        (``READ_OVERLAP_MS`` before it to ``READ_GAP_MS`` after), else an input of its own. Its index, the pad (one
        ``split`` of the input for all its readers) and where the input starts (ms). Each shot of a clip video read
        its part of the copy by an input of its own, decoded from the keyframe before it: a shot of 1 s decoded 1.3
        to 1.8 s of the copy, and each input held its decoder's frames (a segment of 12 such shots: 307 MB, 203 MB
        sharing one)."""
        index, start, last, end = self._reads.get(path, (-1, 0, 0, 0))
        if index < 0 or not last - READ_OVERLAP_MS <= from_ms <= last + READ_GAP_MS:
            index, start, end = self.add_input("-threads", "1", *_read(from_ms, length_ms), "-i", path), from_ms, 0
        end = max(end, from_ms + length_ms)
        self.inputs[index][2:6] = _read(start, end - start)
        self._reads[path] = (index, start, from_ms + length_ms, end)
        pads = self._splits.setdefault(index, [])
        pads.append(f"[read{index}_{len(pads)}]")
        return index, pads[-1], start

    def label(self, prefix: str) -> str:
        """A fresh pad label such as ``[v12]``."""
        self._labels += 1
        return f"[{prefix}{self._labels}]"

    def add(self, chain: str) -> None:
        self.chains.append(chain)

    def one_thread_from(self, first: int) -> None:
        """Hold every filter of the chains from number ``first`` on, as written to the script, to one thread
        (``strip_threads``: a layer much smaller than the frame)."""
        self._serial.update(range(first, len(self.chains)))

    def script(self) -> str:
        splits = [f"[{index}:a]asplit={len(pads)}{''.join(pads)}" for index, pads in self._sounds.values()]
        splits += [f"[{index}:v]split={len(pads)}{''.join(pads)}" for index, pads in self._splits.items()]
        chains = [one_thread(chain) if i in self._serial else chain for i, chain in enumerate(self.chains)]
        return ";\n".join([*splits, *chains]) + "\n"

    def input_args(self) -> list[str]:
        return [arg for spec in self.inputs for arg in spec]


def _read(from_ms: int, length_ms: int) -> list[str]:
    return ["-ss", seconds(from_ms), "-t", seconds(length_ms)]


def seconds(ms: int | float) -> str:
    """Milliseconds as ffmpeg seconds text, without float noise (``1500`` → ``1.5``)."""
    return f"{ms / 1000:.3f}".rstrip("0").rstrip(".") or "0"


def fade_seconds(segment: Segment) -> tuple[float, float]:
    """A text segment's fade in and out (``m.fade_in_ms``, ``m.fade_out_ms``), in seconds, 1 ms at least."""
    fade_in, fade_out = (max(_number(segment.meta.get(key)), 1) / 1000 for key in ("fade_in_ms", "fade_out_ms"))
    return fade_in, fade_out


def fade_in_from(segment: Segment) -> float:
    """Where a text ``segment``'s fade in starts (s): at its start, or a millisecond before it where it has none
    (``m.fade_in_ms`` 0 or unset: a short's title, whole in the first frame, where a fade of 1 ms from the segment's
    start left frame 0 without it)."""
    return segment.start_ms / 1000 - (0.0 if _number(segment.meta.get("fade_in_ms")) > 0 else 0.001)


def text_timing(segment: Segment) -> tuple[str, str]:
    """drawtext's ``alpha`` and ``enable`` expressions for a text ``segment``: faded in and out, shown only in its
    span."""
    start, end = fade_in_from(segment), segment.end_ms / 1000
    fade_in, fade_out = fade_seconds(segment)
    alpha = f"clip(min((t-{start:.3f})/{fade_in:.3f},({end:.3f}-t)/{fade_out:.3f}),0,1)"
    return alpha, f"between(t,{seconds(segment.start_ms)},{seconds(segment.end_ms)})"


def _number(value: object) -> float:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else 0.0


def even(value: float) -> int:
    """The even integer nearest above ``value``: yuv420p needs even frame sizes."""
    n = int(-(-value // 1))
    return n + (n % 2)


def hex_color(value: object, default: str = "#ffffff") -> str:
    """A "#rrggbb" colour from draft metadata as ``0xRRGGBB`` for ffmpeg; ``default`` when it is not one."""
    text = str(value) if isinstance(value, str) else default
    digits = text.lstrip("#")
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    if len(digits) != 6 or any(c not in "0123456789abcdefABCDEF" for c in digits):
        digits = default.lstrip("#")
    return "0x" + digits.lower()


def rgb(value: object, default: str = "#ffffff") -> tuple[float, float, float]:
    """A "#rrggbb" colour as three 0..1 floats."""
    code = int(hex_color(value, default), 16)
    return ((code >> 16) / 255, ((code >> 8) & 255) / 255, (code & 255) / 255)


def escape_value(text: str) -> str:
    """Escape ``text`` to stand as one option value inside a filter graph (see the module docstring)."""
    option_level = "".join("\\" + c if c in "\\':" else c for c in text)
    return "".join("\\" + c if c in "\\'[],;" else c for c in option_level)
