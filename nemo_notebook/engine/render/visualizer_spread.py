"""The cover video's wave: the constant-Q silhouette mirrored four ways, the low notes in the middle and the high
ones fading out to both ends, growing up and down from a centre line (``visualizer_draw``'s "spread"): a shape of
the sound, where a waveform of its low notes read as "a synthetic sine squiggle" to a blind reviewer."""

from __future__ import annotations

from .graph import Graph, even

SPREAD_SHRINK = 4  # the spread is drawn at a quarter of its box's half width and enlarged smoothly (at a sixth its
# edges were 6 px steps at 1080p)
SPREAD_MIN_PX = 160  # a quarter this wide at least: a preview's wave across the frame was a quarter of 72 columns,
# enlarged to steps of 4 px a viewer saw
SPREAD_FADE = 0.35  # its ends fade out over this share of each half
BARS_ONLY = "sono_h=0:axis_h=0:bar_h=-1:count=1"  # showcqt's bars alone, one transform a frame: its default (6)
# computes five more for a sonogram that is not drawn (the same frames; the music_video benchmark's 60 s showcqt
# alone took 0.61-0.62 s of CPU, 0.34-0.43 s with one)


def spread_quarter(width: int, height: int) -> tuple[int, int]:
    """The size (width, height) one quarter of the spread is drawn at, for a box of ``width`` x ``height``: half the
    box's height, 1/``SPREAD_SHRINK`` of its half width (``SPREAD_MIN_PX`` at least, or the half width)."""
    return max(2, even(width / 2 / SPREAD_SHRINK), min(even(width / 2), SPREAD_MIN_PX)), max(2, even(height / 2))


def spread_filter(width: int, height: int, fps: int, solid: str) -> str:
    """The ffmpeg filter drawing one quarter: the low notes on the left, growing up from the bottom, white on black
    (``solid`` makes showcqt's fading bars solid shapes)."""
    qw, qh = spread_quarter(width, height)
    return (
        f"showcqt=s={qw}x{qh}:r={fps}:{BARS_ONLY}:bar_g=4:bar_v=9:basefreq=40:endfreq=2400:cscheme=1|1|1|1|1|1,{solid}"
    )


def _spread_fade(quarter_w: int, quarter_h: int, fps: int) -> str:
    """A source of one still frame, repeated, at twice the quarter's width: white, fading to black over
    ``SPREAD_FADE`` of each end."""
    w, fade = 2 * quarter_w, max(1.0, SPREAD_FADE * quarter_w)
    ramp = f"255*min(1,min(X,{w - 1}-X)/{fade:.1f})"
    return f"nullsrc=s={w}x{quarter_h}:r={fps}:d=1,format=gray,geq=lum='{ramp}',trim=end_frame=1,loop=loop=-1:size=1"


def spread_chains(graph: Graph, drawn: str, width: int, height: int, fps: int, out: str) -> None:
    """Add the chains that make the spread from ``drawn`` (a chain drawing one quarter) into the label ``out``: the
    quarter on a line along its base, mirrored to a half (the low notes meeting in the middle), faded at its ends,
    mirrored downwards and enlarged smoothly to ``width`` x ``height``. Gray again after ``drawbox``, which draws in
    full-range YUV: its black became video black, 16, a faint box of colour as alpha."""
    qw, qh = spread_quarter(width, height)
    left, right, flipped, joined, fade = (graph.label(p) for p in ("vizt", "vizu", "vizv", "vizh", "vizf"))
    upper, lower, below = (graph.label(p) for p in ("vizp", "vizl", "vizb"))
    line = max(1, round(height / 80))
    graph.add(f"{drawn},drawbox=x=0:y=ih-{line}:w=iw:h={line}:color=white:t=fill,format=gray,split{left}{right}")
    graph.add(f"{left}hflip{flipped}")
    graph.add(f"{_spread_fade(qw, qh, fps)}{fade}")
    graph.add(f"{flipped}{right}hstack{joined}")
    graph.add(f"{joined}{fade}blend=all_mode=multiply:shortest=1,split{upper}{lower}")
    graph.add(f"{lower}vflip{below}")
    graph.add(f"{upper}{below}vstack,scale={width}:{height}:flags=bicubic{out}")
