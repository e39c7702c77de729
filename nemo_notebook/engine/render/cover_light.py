"""A band of light sweeps across a cover video's background where a new scene of the song begins (``cover_scenes``):
a soft slanted band of the cover's own light (``cover_backdrop.light_tint``'s hue, nearly white), left to right, faster
and brighter into the loudest sections (a drop) than into a calm one, after a flash of the same light over the whole
background on the scene's first frame, fading over ``FLASH_MS`` (brightest into the loudest): the layout cuts there
(``cover_stage``), and the flash makes the cut one move on the downbeat. The flash is as strong as the song lifts
there (``flash_share``: the music's level over the 3 s after the turn against the 3 s before, ``beat_loudness.lift_db``):
full from ``FULL_LIFT_DB`` louder, none (a plain cut) where it goes on as loud or falls. It lies on the background, under the cover,
the visualizer and the type, which stay as sharp and legible through it.

The band is one picture made once (small, then enlarged) and repeated over its sweep's frames only, laid by
``overlay`` where it moves: no frame outside a sweep costs anything.
"""

from __future__ import annotations

import colorsys
from pathlib import Path

from ...protocol import Draft
from .beat_loudness import lift_db
from .cover_scenes import scene_numbers, scene_sections
from .graph import Canvas, Graph, MediaMap, even
from .sections import CALM, LOUDEST, MIDDLE
from .timeline import frame_at

SWEEP_S = {CALM: 2.4, MIDDLE: 2.0, LOUDEST: 1.5}  # how long the band takes to cross the frame
SWEEP_ALPHA = {CALM: 0.1, MIDDLE: 0.14, LOUDEST: 0.18}  # its light at its middle
BAND_SHARE = 0.6  # the band's picture, of the frame's width (the band and its slant inside it)
BAND_SPREAD = 0.09  # the band's soft half width (a Gaussian's sigma), of the frame's width
SLANT = 0.3  # across per row down: the band leans right
LIGHT_SATURATION = 0.15  # the light's colour: the cover's hue, this saturated
# the flash's light on a new scene's first frame. At 0.15/0.25/0.4 (s56) held-out 04's bars stood 1.5-1.8 to 1 against
# the lit background on the loudest cuts' frames (4.0-5.2 once faded), the title 3.4-3.6 (WCAG contrast ratios, 720p):
# the wave washed out on the drop. Here (predicted from those frames) the bars 2.4-2.9, the title 5.0-5.5 there, and the
# background still lit by about 30 levels of 255 on them
FLASH_ALPHA = {CALM: 0.1, MIDDLE: 0.15, LOUDEST: 0.2}
FLASH_MS = 400  # it fades out over this
# the flash's share of ``FLASH_ALPHA`` for the music's lift at the turn (dB): none up to ``NO_LIFT_DB`` (a song that
# goes on as loud, where a blind reviewer of held-out 04 saw the same flash fire "where the song doesn't lift"), full
# from ``FULL_LIFT_DB``, in between as far as it lies
NO_LIFT_DB, FULL_LIFT_DB = 1.0, 4.0


def sweeps(draft: Draft) -> list[tuple[float, str]]:
    """Where each sweep begins (s) and the level of the section it brings in: every scene's start but the first."""
    spans = scene_sections(draft)
    numbers = scene_numbers(spans)
    return [
        (span.start_ms / 1000, span.level)
        for n, span in enumerate(spans)
        if n and numbers[n] != numbers[n - 1] and span.start_ms < draft.duration_ms
    ]


def flash_share(lift: float | None) -> float:
    """The flash's share of its level's ``FLASH_ALPHA`` for the music's lift at a turn (dB; None: not known, full).

    >>> flash_share(-3.0), flash_share(1.0), flash_share(2.5), flash_share(6.0), flash_share(None)
    (0.0, 0.0, 0.5, 1.0, 1.0)
    """
    if lift is None:
        return 1.0
    return min(1.0, max(0.0, (lift - NO_LIFT_DB) / (FULL_LIFT_DB - NO_LIFT_DB)))


def flash_alphas(draft: Draft, media: MediaMap, found: list[tuple[float, str]]) -> list[float]:
    """Each turn's flash (of ``found``, ``sweeps``): its level's ``FLASH_ALPHA`` times ``flash_share`` of the lift."""
    return [FLASH_ALPHA[level] * flash_share(lift_db(draft, media, round(start_s * 1000))) for start_s, level in found]


def lay_sweeps(graph: Graph, draft: Draft, canvas: Canvas, cover: Path, under: str, media: MediaMap) -> str:
    """The sweeps (``sweeps``) laid on ``under``, the background, each after its flash (as strong as ``flash_alphas``
    for the song read from ``media``); returns the label of the result."""
    found = sweeps(draft)
    if not found:
        return under
    w, h = canvas.width, canvas.height
    bw = even(BAND_SHARE * w)
    small = f"{max(2, even(bw / 8))}x{max(2, even(h / 8))}"
    red, green, blue = _light(cover)
    sigma, lean = BAND_SPREAD * w / bw, SLANT * h / bw  # in shares of the band's width, per its height
    profile = f"exp(-pow((X/W-0.5+{lean:.3f}*(Y/H-0.5))/{sigma:.3f},2)/2)"
    band = graph.label("clb")
    bands = [graph.label("clc") for _ in found]
    graph.add(
        f"color=s={small}:d=1,trim=end_frame=1,format=rgba,"
        f"geq=r={red}:g={green}:b={blue}:a='255*{profile}',scale={bw}:{h}:flags=bicubic{band}"
    )
    graph.add(f"{band}split={len(bands)}{''.join(bands)}")
    alphas = flash_alphas(draft, media, found)
    out = _flashes(graph, canvas, (red, green, blue), list(zip(found, alphas, strict=True)), under)
    for copy, (start_s, level) in zip(bands, found, strict=True):
        span_s, frames = SWEEP_S[level], round(SWEEP_S[level] * canvas.fps)
        first = round(start_s * canvas.fps)
        moving, lit = graph.label("cld"), graph.label("cle")
        graph.add(
            f"{copy}lutrgb=a=val*{SWEEP_ALPHA[level]},format=yuva420p,loop=loop={frames - 1}:size=1,"
            f"settb=expr=1/{canvas.fps},setpts=N+{first}{moving}"
        )
        p = f"clip((t-{start_s:.3f})/{span_s},0,1)"
        x = f"-{bw}+{w + bw}*{p}*{p}*(3-2*{p})"
        graph.add(f"{out}{moving}overlay=x='{x}':y=0:eof_action=pass:format=yuv420{lit}")
        out = lit
    return out


def _flashes(
    graph: Graph, canvas: Canvas, rgb: tuple[int, int, int], found: list[tuple[tuple[float, str], float]], under: str
) -> str:
    """A flash of the light (``rgb``) over the whole of ``under`` from each new scene's first frame (``timeline.frame_at``,
    where the layout cuts), of each one's alpha, fading out over ``FLASH_MS``: laid only over its frames; none where
    the alpha rounds to nothing (a plain cut)."""
    found = [((start_s, level), alpha) for (start_s, level), alpha in found if round(255 * alpha) > 0]
    if not found:
        return under
    frames = max(1, round(FLASH_MS * canvas.fps / 1000))
    colour = "0x{:02x}{:02x}{:02x}".format(*rgb)
    flat, out = graph.label("clf"), under
    copies = [graph.label("clg") for _ in found]
    graph.add(f"color=c={colour}:s=16x16:d=1,trim=end_frame=1,scale={canvas.width}:{canvas.height},format=rgba{flat}")
    graph.add(f"{flat}split={len(copies)}{''.join(copies)}")
    for copy, ((start_s, _), alpha) in zip(copies, found, strict=True):
        first = frame_at(round(start_s * 1000), canvas.fps)
        faded, lit = graph.label("clh"), graph.label("cli")
        graph.add(
            f"{copy}lutrgb=a={round(255 * alpha)},format=yuva420p,loop=loop={frames - 1}:size=1,"
            f"settb=expr=1/{canvas.fps},setpts=N,fade=t=out:s=0:n={frames}:alpha=1,setpts=PTS+{first}{faded}"
        )
        graph.add(f"{out}{faded}overlay=eof_action=pass:format=yuv420{lit}")
        out = lit
    return out


def _light(cover: Path) -> tuple[int, int, int]:
    """The light's colour (RGB, 0..255): the cover's most common vivid hue, ``LIGHT_SATURATION`` saturated; white
    for a grey cover."""
    import numpy as np

    from .framing import thumbnail
    from .visualizer_auto import Sample, palette_hues

    small = thumbnail(cover)
    hues = palette_hues([Sample(small, np.zeros(small.shape[:2]), 1.0)]) if small is not None else []
    rgb = colorsys.hsv_to_rgb(hues[0], LIGHT_SATURATION, 1.0) if hues else (1.0, 1.0, 1.0)
    red, green, blue = (round(255 * c) for c in rgb)
    return red, green, blue
