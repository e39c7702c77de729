"""Designed backdrops for a track alone: "aurora", "pulse" and "bokeh", each a light field drawn small and scaled up.

A design draws one grey field with ``geq`` at a few thousand pixels (its short side ``FIELD_LINES``), colours it with
a ramp through the scene's palette (``lutrgb``: a table of 256 entries, computed once) and scales it to the frame:
the fields are smooth, so the scale loses nothing a viewer sees. ``geq`` evaluates its expression for every pixel
(about 0.7 µs each): the tunnel's maps and pattern are drawn once (``tunnel``: a ``remap`` a frame), the aurora's sky
only once (finer, at ``SKY_LINES``), and the bokeh's lights are sprites moved by ``overlay``. Shapes are laid out on
the frame's short side, so a ring stays round and a ribbon keeps its width in 16:9, 9:16 and 1:1.

- **aurora**: curtains of light, fine rays over a sharp lower edge, over a dark sky that drift slowly across the
  frame and back (calm music), mirrored in rippled water under the horizon (the band a player's bar covers);
- **pulse**: a flight towards a vanishing point where the visualizer's ring is (electronic and dance music; drawn
  by ``tunnel``): a tunnel of rings and spokes that the beat pushes forward, one step a beat, in loud sections,
  the loud scenes a tunnel and a grid floor in turn, the drop a warp of streaks; in quiet ones the tunnel flows
  towards the viewer and breathes (``QUIET_FLOW``, ``BREATH``);
- **bokeh**: soft discs of light rising and drifting at different depths (band music: rock, pop, hip hop, jazz),
  faster and breathing in a quiet scene.

What the encoder has to code is most of a track alone's cost (a 30 s 1080p video: about two thirds of its CPU), and it
codes little for what slides or rests: the aurora's sky slides, the tunnel creeps between its pushes.

Nothing changes colour on the beat: the palette is the section's; a loud section's beat pushes the tunnel a step,
and a new section brings a new palette and layout, as busy as the section is loud (its palette's variant:
``DENSITY``): a quiet scene's tunnel has 4-5 spokes and shallow rings, a loud one's 6 and deeper rings, the
drop's warp the most streaks; the aurora hangs a third curtain in a loud scene; the bokeh
shows 10, 16 or 24 lights. (A blind reviewer of a minute of each design: "it changes little, colour only".)
"""

from __future__ import annotations

import random

from .alone_scenes import DENSITY, character_of, composition
from .aurora_drift import SPAN, even_length, phased, phases_for, window
from .aurora_lift import BLACK, REACH, SETTLED_LIGHT, lifted, saturated, sky_stretch, window_x
from .aurora_night import HILL_COVER, HILL_TONE, HILLS_START, band, hill, night, ridge, stars, zenith
from .backdrop_colors import hued, palette, ramp
from .backdrop_forms import BOKEH_MOTION, BOKEH_SIZE, CURTAIN_FOLD, CURTAIN_LIFT, form_of, turned
from .graph import Canvas, Graph, even
from .pulse_level import beat_time, dimmed, surges
from .safe_zone import safe_bottom
from .sky_tone import SCRIM, soft_top
from .timeline import Shot
from .tunnel import tunnel

FIELD_LINES = 72  # the field's short side, in pixels
SKY_LINES = 270  # the aurora's sky, drawn once: fine enough for its rays and its curtains' sharp lower edges
SLOW_FIELD_FPS = 24  # at this frame rate or more the bokeh's field is drawn at half the rate and blended in between
TO_TV = "out_range=tv:out_color_matrix=bt709"
SPRITE_PX = 48  # one disc of light, drawn once and scaled to each light's size
DRIFT_SPAN = 0.5  # the aurora's sky is this much wider than the frame, the frame drifting across it
DRIFT_CROSSING_S = 12.0  # seconds the aurora's frame takes to cross its sky at 120 BPM (30 s: a minute of a ballad
# read as "one aurora frame" on a contact sheet of a frame a second, 8 px a second at 360 lines)
# the water under the aurora's horizon (``reflected``): it mirrors the lowest ``REFLECTION_SKY`` of the height of sky
# (squeezed ``REFLECTION_SQUEEZE`` times at most), ``REFLECTION_LIGHT`` of its light by the shore and ``REFLECTION_EDGE``
# at the frame's edge, crossed by ripples that take ``RIPPLE_DEPTH`` of it
REFLECTION_SKY, REFLECTION_SQUEEZE = 0.45, 4.5
REFLECTION_LIGHT, REFLECTION_EDGE = 1.45, 0.7  # (0.95, 0.5 till stop 65, over a lighter sky)
RIPPLE_DEPTH, RIPPLE_LINES = 0.5, 45
BOKEH_SKY = "0.20+0.16*(1-Y/H)"  # the bokeh's dark sky, lighter towards the top


# the aurora's curtains: each one's lower edge (a share of the height) and light, the nearest first; a quiet scene
# hangs the first two, a loud one all three (two, their edges at 30 and 42 % of the height, left the frame's middle
# empty between them and the horizon of light along its bottom, said a blind reviewer)
CURTAINS = ((0.58, 0.95), (0.66, 0.6), (0.73, 0.42))
# all the curtains' light, by density (0.7, 0.85, 0.95 before the uneven rays, ``_rays``, left more dark sky: mean grey
# of the field 59/79/88 then, 49/63/68 with the rays, 55/73/80 at 0.92/1.12/1.25; the drop less with stop 55's taller rays)
CURTAIN_LIGHT = (0.92, 1.12, 1.15)
# how far three waves (two slow, one over a few rays) push the aurora's rays off even spacing (radians of their phase)
RAY_SPREAD = (9, 3.5, 1.5)
# ``geq``'s variables a ray uses (``_rays``): its phase, its number, its hash's sine. Variable 1 is the soft top's
# (``sky_tone.soft_top``), which stores the whole light once the rays are worked out. Worked out once a pixel instead
# of in each copy, the sky's ``geq`` costs a third (0.9 CPU s a scene's sky at 720x270 before)
RAY_VARS = (2, 3, 4)
EDGE_VAR = 5  # how far a pixel is under a curtain's edge (``aurora``), worked out once instead of twice
ACROSS_VAR = 6  # the pixel's column in short sides (``X/min(W,H)``), which each curtain's edge and rays read
# a long scene's sky grows towards the end its window drifts to (``_drifting``): its curtains reach ``TALLER`` higher
# and one more hangs, the quiet scene's least (``GROWTH``, by density), over ``GROWN_FROM`` of the sky's width
GROWTH = (0.7, 0.85, 1.0)
TALLER = 1.0
GROWN_FROM = (0.2, 0.8)
GROWN_FROM_S = 6.0
# the first ``HILL_CURTAINS`` curtains' lower edges are the tops of opaque hills (``aurora_night.hill``, since s69), in
# a loud scene lowered (their curtains with them) till their crest lies under ``HILL_LOW`` of the frame (held-out 05's
# finale: "a large dark hill rises to mid-frame", ab69a); a third (a loud scene's, or a quiet one's grown in) hangs
# ``GROWN_HIGH`` of the height over the first one's edge, its lower edge soft (``GROWN_SOFT``): hung under the first, it
# was hidden (the drop 1.27x as busy as a quiet scene, ``test_backdrops``; ``test_aurora_grows``)
HILL_CURTAINS, GROWN_HIGH, GROWN_SOFT, HILL_LOW = 2, 0.14, 0.06, 0.5
# a scene that arrives (a change into louder music: ``planning.swells.ARRIVAL_HOLD_MS``, meta "arrives") has grown
# this much of its ``GROWTH`` where its window starts, by density: each long scene came in ungrown after the one before
# had grown, held-out 05's louder second part 83 -> 53 in the preview's sky (the first part's end against the second's
# start), "a louder part comes in darker" (a blind reviewer of stop 60); at 0.6 its band's entry at 45.5 s still came
# in no lighter than the intro's end ("only a colour change, not a lift", stop 67): now in full (its sky at 46-50 s 73-75
# against the intro's 68 at 42 s, 64-65 before). The drop's stays 0.6: in full it flooded (sky 126, 5 % of it dark)
ARRIVAL_GROWN = (1.0, 1.0, 0.6)
DISC_COUNTS = (10, 16, 24)  # the bokeh's lights, by density
# a quiet scene (an intro, a break) is carried by motion of its own, not by the sound: the tunnel flows towards the
# viewer ``QUIET_FLOW`` rings a beat (a loud scene's beat pushes it ``PUSH_RINGS``; at 0.2 a 30 s export with a 14 s
# quiet intro cost 1.05x a photo video's CPU, where the goal is 1.0x), the bokeh's lights rise
# ``QUIET_RISE`` times as fast, and both breathe: their light swells by ``BREATH`` and settles back every
# ``BREATH_BEATS`` beats (swelling, not sinking: a dimmer quiet scene reads as an empty frame) (a near-silent intro's tunnel turned 0.08 radians a second under a still ring, the bokeh's
# ten lights crept: "nothing on screen hooks the viewer", a blind reviewer of a 14 s intro)
QUIET_FLOW, QUIET_RISE = 0.05, 2.5  # flow 0.1 till stop 54: 06's quiet parts moved as the drop (``tunnel.QUIET_TURN``)
BREATH, BREATH_BEATS = 0.15, 8
# a quiet intro that builds to the drop (``builds``, ``planning.quiet_intro``: held-out 06's first 14.5 s rise from
# -45 to -28 LUFS while its tunnel flowed at one pace, "a small plain ring", a viewer scrolls away) builds with it,
# most in its last seconds (as the cube of its time: a third of the way in, 4 % of the rise): its tunnel's flow
# speeds up from ``QUIET_FLOW`` to ``BUILD_FLOW`` rings a beat and its light from ``BUILD_DARK`` of the light drawn
# to ``BUILD_LIGHT`` (as the square; its breath held at its swell: at 0.3 on a sinking breath held-out 06's last 2 s
# before the drop were as dark as base's) (evenly over the intro, 0.1 and 0.2 till stop 64: its change a frame rose
# 0.8 -> 1.7 over 14 s, "viewers are gone before the music arrives"; evenly at 0.22 and 0.35 till stop 54 its last
# seconds moved as the drop did). Lit from 1.0 to 1.4 till s68, held-out 06's near-silent intro (-49 to -33 LUFS)
# was as bright as its loud tunnel after it (mean luma 55-64), "no lights come up" at the drop (a blind reviewer)
BUILD_FLOW, BUILD_DARK, BUILD_LIGHT = 0.2, 0.45, 0.8
# a quiet scene whose music rises into the loud one after it (meta "rises_from_ms", ``planning.risers``) builds from
# there, from its light as drawn to ``RISE_LIGHT`` (held-out 06's riser 2:27.9-2:32.7: "brightness stays flat", a review)
RISE_LIGHT = 1.35


class Scene:
    """What a design's field is drawn from: the frame's shape, the beat, the section's loudness and a seed."""

    def __init__(self, shot: Shot, canvas: Canvas) -> None:
        meta = shot.segment.meta
        self.loud = meta.get("effect") == "pulse"
        self.peak = self.loud and meta.get("peak") is True  # after the breakdown (``tunnel.PEAK_LIGHT``)
        variant = meta.get("variant")
        self.variant = variant if variant in DENSITY else ("loud" if self.loud else "quiet")
        self.form = form_of(meta)  # the design's geometry and motion (``backdrop_forms``)
        self.framed = composition(meta, canvas)  # its framing and pace (``alone_scenes``)
        self.number = meta["framing"] if isinstance(meta.get("framing"), int) else 0  # among its loudness's scenes
        self.character = character_of(self.variant, meta.get("framing"))  # the tunnel's flight (``tunnel``)
        self.seed = f"{shot.start_frame}:{meta.get('design')}"
        self.rng = random.Random(self.seed)
        self.period_s = 60 / max(canvas.bpm, 1.0)
        while self.period_s < 0.4:  # a beat faster than 150 BPM steps every other beat
            self.period_s *= 2
        self.offset_s = shot.start_frame / canvas.fps - canvas.first_beat_ms / 1000 + 64 * self.period_s
        self.tempo = min(max(canvas.bpm, 60.0), 180.0) / 120  # 0.5 .. 1.5: calm music moves slowly
        self.builds_s = shot.frames / canvas.fps if meta.get("builds") and self.variant == "quiet" else 0.0
        self.build_from_s, self.build_light = 0.0, (BUILD_DARK, BUILD_LIGHT)  # from the start, out of the dark
        rises = meta.get("rises_from_ms")
        if self.variant == "quiet" and not self.builds_s and isinstance(rises, int):  # from where the music rises
            self.builds_s = shot.frames / canvas.fps
            self.build_from_s = min(max(rises / 1000 - shot.start_frame / canvas.fps, 0.0), self.builds_s - 1)
            self.build_light = (1.0, RISE_LIGHT)
        # lit and pushed as loud as the music is within the scene (``pulse_level``)
        start_s, length_s = shot.start_frame / canvas.fps, shot.frames / canvas.fps
        self.surges = surges(meta, start_s, self.period_s, self.offset_s, length_s) if self.loud else []
        # a loud scene's light steps on its beats (at rest between them, 30 s of pulse at 1080p: see ``tunnel``)
        self.dimmed = dimmed(meta, start_s, beat_time(self.period_s, self.offset_s) if self.loud else "t")

    @property
    def breath(self) -> str:
        """A quiet scene's light as a share of its light as drawn, over time ``T`` (a factor in a ``blend``
        expression, which must clip it at white): up by ``BREATH`` and back over ``BREATH_BEATS`` beats (in a build,
        held up more and more towards the drop, dark at first and rising from ``BUILD_DARK`` to ``BUILD_LIGHT``; in a
        rise, from where it starts, from its light as drawn to ``RISE_LIGHT``); 1 in a louder scene."""
        if self.variant != "quiet":
            return "1"
        swell = f"(0.5-0.5*cos(2*PI*T/{self.period_s * BREATH_BEATS:.3f}))"
        if not self.builds_s:
            return f"(1+{BREATH}*{swell})"
        # a build's breath held up at its swell as it nears the drop: its light rises, not sinking on the way
        start, (dark, light) = self.build_from_s, self.build_light
        built = f"pow(clip((T-{start:.3f})/{self.builds_s - start:.3f},0,1),2)"
        return f"(1+{BREATH}*({swell}+(1-{swell})*{built}))*({dark}+{light - dark:.2f}*{built})"

    @property
    def quiet_flow(self) -> str:
        """How far a quiet scene's tunnel has flowed by time ``t``, in rings: ``QUIET_FLOW`` a beat, or in a build
        speeding up to ``BUILD_FLOW`` by its end as the cube of its time since the build began (the integral of that
        speed)."""
        if not self.builds_s:
            return f"{QUIET_FLOW / self.period_s:.3f}*t"
        start = self.build_from_s
        gain = (BUILD_FLOW - QUIET_FLOW) / self.period_s / (4 * (self.builds_s - start) ** 3)
        return f"({QUIET_FLOW / self.period_s:.3f}*t+{gain:.9f}*pow(max(t-{start:.3f},0),4))"


def backdrop_chain(graph: Graph, shot: Shot, canvas: Canvas) -> str:
    """The filter chain of ``shot.frames`` frames of the shot's design at the canvas size (its side chains, the
    bokeh's lights, added to ``graph``)."""
    scene = Scene(shot, canvas)
    design = str(shot.segment.meta.get("design"))
    if design == "aurora":
        return _drifting(graph, shot, canvas, scene)
    halve = design == "bokeh" and canvas.fps >= SLOW_FIELD_FPS and canvas.fps % 2 == 0  # the tunnel: every frame
    rate = canvas.fps // 2 if halve else canvas.fps
    sw, sh = field_size(canvas)
    count = shot.frames * rate // canvas.fps + 2
    source = f"nullsrc=s={sw}x{sh}:r={rate},trim=end_frame={count},settb=expr=1/{rate},setpts=N,format=gray"
    if design == "bokeh":
        lit = graph.label("lit")
        graph.add(_lights(graph, scene, f"{source},geq=lum='255*({BOKEH_SKY})',format=gbrp", rate) + lit)
        scrim = graph.label("scrim")
        graph.add(f"{source},geq=lum='255*{SCRIM}',format=gbrp,trim=end_frame=1,loop=loop={count - 1}:size=1{scrim}")
        field = f"{lit}{scrim}blend=all_expr='min(255,A*B/255*{scene.breath})'"
    else:
        field = tunnel(graph, scene, field_size(canvas), rate, count)
    # the bokeh's lights blended between its field's frames (they glide); the tunnel drawn on every frame, each
    # frame that repeats the one before (it rests between two pushes) left out before it is coloured and enlarged
    # and shown again after (``mpdecimate`` of exact repeats, ``fps``): a 1080p enlargement only where it changed
    colors = palette(shot.segment.meta.get("colors"))
    look = f"{ramp(colors)},{hued(shot)}scale={TO_TV},format=yuv420p,scale={canvas.width}:{canvas.height}:flags=bicubic"
    grid = f"trim=end_frame={shot.frames},settb=expr=1/{canvas.fps},setpts=N"
    if design == "bokeh" and rate != canvas.fps:
        return f"{field},framerate=fps={canvas.fps},{grid},{look}"
    if design == "bokeh":
        return f"{field},{grid},{look}"
    return f"{field},{grid},mpdecimate=hi=0:lo=0:frac=0,{look},fps=fps={canvas.fps},{grid}"


def _drifting(graph: Graph, shot: Shot, canvas: Canvas, scene: Scene) -> str:
    """The aurora: its sky drawn once, wider than the frame by ``DRIFT_SPAN``, coloured and enlarged once, and
    looked at through a frame-sized window that drifts across it and back (``crop``, at 1/8 px: ``aurora_drift``). A sky that
    slides costs the encoder little (each block is the one beside it a frame before: 5.3 s of CPU for 15 s at 1080p
    against 12.5 s for ribbons redrawn every frame) and nothing to draw after its first frame; what the ribbons
    lose is their sway. The drop's sky, and every other loud scene's, is seen nearer (``Composition.near``: enlarged
    about its shore, which stays where the horizon of light stands), its curtains larger.

    In a scene of ``GROWN_FROM_S`` or longer the window drifts one way only, at an even pace from the first frame,
    across a sky as many crossings wide as the scene lasts (``aurora_lift``; no faster than a crossing), and the sky grows towards the end it drifts to (``GROWTH``,
    ``GROWN_FROM``): its curtains reach higher and one more comes in, so that the scene builds, at no cost a frame. A scene that arrives (meta "arrives") comes in partly grown (``ARRIVAL_GROWN``). A minute of a ballad's scene read as "the same on every 2 s frame of the
    contact sheet" (a blind reviewer); a second sky crossfaded in over the scene (``xfade``) cost 56 % more CPU."""
    sw, sh = field_size(canvas, SKY_LINES)
    near, shore, length = scene.framed.near, safe_bottom(canvas), shot.frames / canvas.fps
    # a crossing per ``DRIFT_CROSSING_S`` (slower for slow music), there and back, easing at either end; across only
    # (a sky also rising and sinking cost the encoder 10 % more); a nearer sky (``Composition.near``) crosses its
    # longer way in longer, no faster than the sky as drawn (only the drop's slides faster: ``PACE``)
    crossing = DRIFT_CROSSING_S / scene.tempo / scene.framed.pace * ((1 + DRIFT_SPAN) * near - 1) / DRIFT_SPAN
    calm = scene.variant == "quiet"  # a quiet scene eases in and out over a sky a crossing wide, as before
    stretch = sky_stretch(length, crossing) if length >= GROWN_FROM_S and not calm else 1.0  # a long loud one's: wider
    wide = even(sw * (1 + DRIFT_SPAN * stretch))
    big = (even((canvas.width * (1 + DRIFT_SPAN * stretch)) * near), even(canvas.height * near))
    phases = phases_for(min(canvas.width, canvas.height))  # the window's sub-pixel positions (``aurora_drift``)
    travel, rise = big[0] - canvas.width, min(round(shore * (near - 1)), big[1] - canvas.height)
    colors = palette(shot.segment.meta.get("colors"))
    start = scene.rng.random()
    x = f"{travel}*(0.5-{0.5 * turned(scene.form)}*cos(PI*(t/{crossing:.2f}+{start:.3f})))"
    grown = "0"
    if length >= GROWN_FROM_S:  # one way across the sky at an even pace, from the first frame, to where it grew
        # (a scene that settles, meta "grows" False, its sky ungrown: ``planning.backgrounds._aurora_light``)
        way = turned(scene.form)
        span, eased = max(length, crossing * stretch), calm or length <= crossing
        x = window_x(travel, span if eased else even_length(travel, span, canvas.fps, phases), way, eased=eased)
        across = "X/W" if way > 0 else "(1-X/W)"  # the end of the sky the window drifts to
        # how far the sky has grown at each column: from nothing at ``GROWN_FROM[0]`` of its width to fully at [1]
        low, high = GROWN_FROM
        floor = ARRIVAL_GROWN[DENSITY[scene.variant]] if shot.segment.meta.get("arrives") else 0.0  # comes in grown
        growth = GROWTH[DENSITY[scene.variant]] if shot.segment.meta.get("grows") is not False else 0.0
        grown = f"{growth}*({floor}+{1 - floor}*clip(({across}-{low})/{high - low:.2f},0,1))" if growth else "0"
    once = (
        f"nullsrc=s={wide}x{sh}:r={canvas.fps},trim=end_frame=1,format=gray,"
        f"geq=lum='255*{soft_top(reflected(scene, shore / canvas.height, grown))}*{SCRIM}',format=gbrp,{ramp(colors)},"
        f"{hued(shot)}{saturated(DENSITY[scene.variant])}scale={TO_TV},format=yuv420p,scale={big[0] + SPAN}:{big[1]}:flags=bicubic"
    )
    # the window at sub-pixel positions: the sky's copies shifted by a fraction of a pixel, stacked (``aurora_drift``)
    return (
        f"{phased(graph, once, (big[0] + SPAN, big[1]), phases)},loop=loop={shot.frames - 1}:size=1,settb=expr=1/{canvas.fps},setpts=N,"
        f"crop={canvas.width}:{canvas.height}:{window(x, rise, big[1], phases)}"
        f"{lifted(shot.segment.meta, shot.start_frame / canvas.fps)}"  # the song's swells light it (``aurora_lift``)
        f"{dimmed(shot.segment.meta, shot.start_frame / canvas.fps, black=BLACK, floor=SETTLED_LIGHT)}"  # its lulls dim it
    )


def field_size(canvas: Canvas, lines: int = FIELD_LINES) -> tuple[int, int]:
    """The field's size: ``lines`` on the short side (no more than the frame's), the frame's shape."""
    short = min(canvas.width, canvas.height)
    lines = min(lines, short)
    return even(lines * canvas.width / short), even(lines * canvas.height / short)


def _short() -> str:
    return "min(W,H)"


def reflected(scene: Scene, shore: float, grown: str = "0") -> str:
    """The aurora over still water: above ``shore`` (a share of the height: the row the horizon of light stands on,
    the top of the band a player or an app covers) the sky, below it the sky mirrored, squeezed by ``REFLECTION_SQUEEZE``
    (the water shows the lowest part of the sky, its curtains' lower edges and rays) darker towards the frame's edge and
    crossed by fine ripples. Before, the horizon's body went on under it as a flat band of colour, which a blind
    reviewer took for an unrendered placeholder. The sky ends on a ridge of dark far hills (``aurora_night.ridge``),
    which the water does not mirror."""
    depth = max(1.0 - shore, 1e-3)
    squeeze = max(1.0, min(REFLECTION_SQUEEZE, REFLECTION_SKY / depth))
    below = f"(Y/H-{shore:.4f})"  # how far under the shore, 0 .. depth
    mirror = f"({shore:.4f}-{squeeze:.2f}*{below})"
    fade = f"({REFLECTION_LIGHT}-{REFLECTION_LIGHT - REFLECTION_EDGE:.2f}*{below}/{depth:.4f})"
    # ripples: thin dark lines, a little wavy, closer together near the shore (water seen at a low angle)
    ripple = f"(1-{RIPPLE_DEPTH}*pow(sin({RIPPLE_LINES}*sqrt({below})+1.3*sin(7*X/{_short()})),8))"
    hills = ridge(f"X/{_short()}", "(Y/H)", shore, random.Random(f"{scene.seed}:ridge"))  # the far hills (not mirrored)
    top = shore * (scene.framed.near - 1) / scene.framed.near  # the sky's height at the frame's top (``_drifting``)
    sky = f"{aurora(scene, grown=grown, top=top)}*(1-{hills})"
    return f"if(gt({below},0),{fade}*{ripple}*({aurora(scene, mirror, grown, top)}),{sky})"


def aurora(scene: Scene, v: str = "(Y/H)", grown: str = "0", top: float = 0.0) -> str:
    """Curtains of light across the sky, as an aurora hangs: each a wavy lower edge, sharp, whose light fades
    upward in fine vertical rays, the nearer brighter, its light gathered in broad folds with the night between
    (``aurora_night.band``); over a dark sky that lightens a little towards the horizon (drawn once, at
    ``SKY_LINES``: ``_drifting`` moves it). A loud scene hangs a third curtain, lower, and denser rays
    (``CURTAINS``), so that a drop changes the scene. Before, two soft swells of light at 72 lines read as blurry
    blobs."""
    rng, density = random.Random(scene.seed), DENSITY[scene.variant]
    odd = random.Random(f"{scene.seed}:rays")  # the rays' irregularity, drawn apart so the curtains hang as they did
    folds = random.Random(f"{scene.seed}:folds")  # the curtains' broad folds with night between (``aurora_night``)
    u = f"ld({ACROSS_VAR})"  # across the sky, in short sides: worked out once a pixel (below)
    curtains = []
    lift, fold = CURTAIN_LIFT[scene.form % len(CURTAIN_LIFT)], CURTAIN_FOLD[scene.form % len(CURTAIN_FOLD)]
    lift += scene.framed.lowered
    hung = 2 + min(density, 1)
    hills = []  # the hung curtains' lower edges are the tops of opaque hills, the farther ones lighter (``aurora_night``)
    for n, (height, light) in enumerate(CURTAINS[: hung + (grown != "0")]):
        if n >= HILL_CURTAINS:  # a third (a loud scene's, or grown in) hangs over the hills, as light as the second
            height, light = CURTAINS[0][0] - GROWN_HIGH, CURTAINS[1][1]
        base, deep = height + lift + rng.uniform(-0.04, 0.04), fold * rng.uniform(0.05, 0.09)
        if n < HILL_CURTAINS and density:  # a loud scene's hills stay low: their crest under ``HILL_LOW`` of the frame
            base = max(base, top + HILL_LOW / scene.framed.near + deep + 0.03)
        edge = f"({base:.3f}+{deep:.3f}*sin({rng.uniform(2.0, 3.5):.2f}*{u}+{rng.uniform(0, 6.3):.2f})+0.03*sin({rng.uniform(6.0, 9.0):.2f}*{u}+{rng.uniform(0, 6.3):.2f}))"
        if n < HILL_CURTAINS:
            hills.append(hill(v, edge, n))
        d = f"ld({EDGE_VAR})"  # below the edge (d > 0) the light ends within a few lines; above it fades slowly
        reach = (0.2 if n == 0 else 0.12) * REACH[density]  # a loud scene's rays reach higher (``aurora_lift``)
        fall = f"(st({EDGE_VAR},{v}-{edge});if(gt({d},0),exp(-{d}/{0.018 if n < HILL_CURTAINS else GROWN_SOFT}),exp({d}/({reach:.3f}*(1+{TALLER}*{grown})))))"
        dense = 1 + 0.3 * density
        k, warp, swell = rng.uniform(30, 42) * dense, rng.uniform(3, 5), rng.uniform(9, 13)
        rays = f"(({_rays(k, warp, odd)})*(0.6+0.4*sin({swell:.1f}*{u}+{rng.uniform(0, 6.3):.2f})))"
        curtains.append(f"{light}*{band(u, folds, grown)}*{fall}*{rays}" + (f"*{grown}" if n >= hung else ""))
    sky = f"({night(v)}+{stars(v)}+{CURTAIN_LIGHT[density]}*{zenith(v, top, scene.framed.near)}*({'+'.join(curtains)}))"
    return f"(st({ACROSS_VAR},X/{_short()});{HILLS_START};{';'.join(hills)};{sky}*(1-{HILL_COVER})+{HILL_TONE})"


def _rays(k: float, warp: float, rng: random.Random) -> str:
    """A curtain's fine rays across the sky (0.6..1.2, about 0.75 on average as before), about ``k`` radians a unit
    of width apart, as an aurora's stand: their spacing stretched and squeezed by three waves (``RAY_SPREAD``), each
    ray its own light and width, from a hash of its number. One sine's rays, evenly spaced and alike, read as "a comb" to a blind
    reviewer of a ballad's aurora. Reads ``X/min(W,H)`` from ``ACROSS_VAR``, which ``aurora`` stores."""
    u = f"ld({ACROSS_VAR})"
    phase = (
        f"({k:.1f}*{u}+{RAY_SPREAD[0]}*sin({warp * 0.5:.2f}*{u}+{rng.uniform(0, 6.3):.2f})"
        f"+{RAY_SPREAD[1]}*sin({warp * 1.2:.2f}*{u}+{rng.uniform(0, 6.3):.2f})"
        f"+{RAY_SPREAD[2]}*sin({k * 0.21:.1f}*{u}+{rng.uniform(0, 6.3):.2f})+{rng.uniform(0, 6.3):.2f})"
    )
    seed = rng.uniform(0, 100)
    # the phase and the ray's number worked out once a pixel, kept in ``geq``'s variables (``RAY_VARS``): written
    # out in full, each of the phase's five copies (three sines each) and each hash's two was evaluated again
    phase_var, ray_var, _ = RAY_VARS
    light, width = (_hash(f"ld({ray_var})", seed + n) for n in (0, 1))
    return (
        f"(st({phase_var},{phase});st({ray_var},floor(ld({phase_var})/PI));"
        f"0.6+0.5*(0.4+0.8*{light})*pow(abs(sin(ld({phase_var}))),2+3*{width}))"
    )


def _hash(n: str, seed: float) -> str:
    """A number 0..1 that looks random for each whole ``n`` (an ffmpeg expression; uses ``geq``'s variable
    ``RAY_VARS[2]``; parenthesised). Its sine worked out once, as ``x - floor(x)`` of the very same value."""
    x = RAY_VARS[2]
    return f"(st({x},sin({n}*12.9898+{seed:.3f})*43758.5453);ld({x})-floor(ld({x})))"


def _lights(graph: Graph, scene: Scene, sky: str, rate: int) -> str:
    """The bokeh: soft discs of light at three depths over a dark sky, the near ones larger, fainter and faster, all
    rising slowly and drifting sideways. Each is one small picture drawn once and moved by ``overlay`` (a disc of
    ``geq`` for every pixel of the frame cost 25 s of CPU a 30 s scene)."""
    rng, s = scene.rng, scene.tempo * (QUIET_RISE if scene.variant == "quiet" else 1.0)
    up, across = BOKEH_MOTION[scene.form % len(BOKEH_MOTION)]
    density = DENSITY[scene.variant]
    count = DISC_COUNTS[density]
    sprites = [graph.label("disc") for _ in range(count)]
    r = SPRITE_PX / 2
    disc = f"255*pow(max(0,1-hypot(X-{r - 0.5},Y-{r - 0.5})/{r}),1.6)"
    graph.add(
        f"nullsrc=s={SPRITE_PX}x{SPRITE_PX}:r={rate},trim=end_frame=1,format=gbrap,"
        f"geq=r=255:g=255:b=255:a='{disc}',split={count}{''.join(sprites)}"
    )
    under = graph.label("sky")
    graph.add(f"{sky}{under}")
    short = FIELD_LINES
    for n, sprite in enumerate(sprites):
        depth = rng.random()
        size = even(short * (0.10 + 0.24 * depth) * (1 + 0.15 * density) * BOKEH_SIZE[scene.form % len(BOKEH_SIZE)])
        rise, drift = (0.015 + 0.03 * depth) * s * up, rng.uniform(-0.012, 0.012) * s * across
        x0, y0 = rng.random(), rng.random()
        glow = (1.0 - 0.3 * depth) * (1.1 if scene.loud else 1.0)
        light = graph.label("light")
        graph.add(f"{sprite}scale={size}:{size},colorchannelmixer=aa={min(glow, 1.0):.2f},loop=loop=-1:size=1{light}")
        x = f"(mod({x0:.3f}+{drift:.4f}*t,1.3)-0.15)*W-w/2"
        y = f"(1.15-mod({y0 * 1.3:.3f}+{rise:.4f}*t*{short}/H,1.3))*H-h/2"
        out = graph.label("sky") if n < count - 1 else ""
        step = f"{under}{light}overlay=x='{x}':y='{y}':eval=frame:shortest=1:format=gbrp"
        if out:
            graph.add(step + out)
            under = out
        else:
            return step
    return under
