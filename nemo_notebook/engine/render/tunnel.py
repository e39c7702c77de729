"""The pulse design's field (``backdrops``): a flight towards a vanishing point where the visualizer's ring stands,
in one of three characters, by the scene's loudness (``alone_scenes.character_of``), not only its colours and shape of ring:

- **tunnel**: rings and spokes round the vanishing point, pushed a step by each beat and flying on slowly between
  (``CRUISE_RINGS``; a quiet scene's flow and breathe instead: ``backdrops.QUIET_FLOW``), the spokes turning slowly;
- **floor**: a grid of light on a floor and a ceiling that meet at the horizon, its middle line and vanishing
  point on the ring's centre in the middle of the frame (``alone_scenes.composition``), the beat pushing the
  viewer on over it further than the tunnel's rings (``FLOOR_PUSH``), on slowly between the beats; a song's floors in
  turn with a ceiling, under a glowing sky, rolled about the ring (``FLOORS``);
- **warp** (the drop): streaks of light flying out of the vanishing point, leaping on each beat further than the
  tunnel's rings.

A blind reviewer of held-out 06 (10 scenes of tunnels, in blue rings, purple squares, chevrons, hexagons): "after
the first few minutes the scenes feel samey" (issue 29: "designs that differ in character, not only colour").

Each is drawn the same way, without a ``geq`` a frame: a pattern drawn once, in ring and turn (or lane) coordinates,
looked up each frame through two maps drawn once (``remap``: each pixel's place on the pattern), the window it looks
through moved by ``crop`` (the push or the turn), its light taken down towards the vanishing point by a
depth drawn once. Every pattern fades where its lines come closer than the field's pixels (``band_limited``).
"""

from __future__ import annotations

import math
import random
from typing import Protocol

from .alone_scenes import DENSITY, LOUD_CHARACTERS, Composition
from .backdrop_forms import distance, farthest, turned
from .graph import Graph
from .pulse_level import beat_table
from .sky_tone import SCRIM

RING_PX, TURN_PX = 48, 480  # the tunnel's pattern: pixels a ring, and round the circle
# a loud scene's pattern drawn at ``RING_PX`` a ring, enlarged (bilinear, once) to ``FINE`` times as many rows, the
# flight's window moved by whole rows of that: at 48 rows a ring the window's whole-pixel offset moved the cruise
# (0.21 px a frame in a tunnel at 132 BPM) every 4-5 frames and the floor's every other, "rings advance in small
# ticks ... and hold in between", "15 fps judder on the floor lines" (a blind reviewer of ab70d). Every frame that
# moves is coded anew: 30 s of pulse at 1080p (``bench_track_alone``, interleaved, loaded machine) cost 35.7, 35.1 s
# of ffmpeg CPU at whole pixels, 39.0, 38.9 at 5, and no less at 3 (38.6, 38.5) or 2 (37.5, 38.9), where a tunnel
# still held 37 % or 58 % of its frames at 132 BPM. A quiet scene keeps whole pixels: its flow (0.18 px a frame at
# 132 BPM) moved on every frame left none of its frames a repeat of the one before, where about half are under its
# ring (``test_backdrop_visualizers``), each a frame the encoder codes nearly free
FINE = 5
LOOKUP_SCALE = 2  # the tunnel looked up at twice the field's size and averaged down: ``remap`` takes the nearest
# pixel of the pattern, which at the field's own size left a mesh of steps that the enlargement showed
RING_OFFSET = 8.0  # rings from the vanishing point (r=0.04) outward, so that every pixel's ring number is above 0
TUNNEL_CENTRE = 0.56  # the tunnel's vanishing point, a share of the height down: its ring's centre (visualizer)
PUSH_RINGS = 0.25  # how far a beat pushes the tunnel, in rings: more, and the rings strobe at a preview's 15 fps
# how long the push lasts: it eases out (``PUSH_EASE``: to exp(-3), 5 %, of its speed) into the slow cruise
# (``CRUISE_RINGS``) till the next beat; at rest there (till s70) the encoder coded nearly nothing. Over a quarter beat (s66-pulse3, its speed falling
# in a straight line) the push flew more evenly but cost 1.09-1.16x a photo video's CPU against main's 0.94-1.04x
# (``bench_track_alone``'s 30 s at 1080p, interleaved, s66-pulse3b); over 0.1 s, 1.00-1.07x. Each frame the field
# moves costs the encoder a frame coded anew: a push all through the beat (a cruise) cost 1.26x
PUSH_S, PUSH_EASE = 0.1, 3.0
SPOKES = ((4, 5), (6,), (8,))  # the tunnel's spokes to choose from, by density (a divisor of ``TURN_PX``; 10 or more
# shimmered at the field's 72 lines)
RING_DEPTH = (1.6, 2.2, 3.0)  # its rings per unit of log radius, by density: a loud scene's tunnel is deeper
TWIST = (0.0, 0.0, 0.5)  # the drop's spokes twisted into a spiral (turns of the pattern per unit of log radius;
# 2.6 till stop 55: its spokes came 0.2 of a field pixel apart, moire)
SHARP_PX, BLURRED_PX = 5.0, 2.7  # lines this many field pixels apart keep their contrast, this few none
QUIET_TURN = 0.5  # a quiet scene's spokes turn at this share of a loud one's speed (stop 54)
FLOOR_LANES = 3.0  # the floor's lines along the flight, a unit of sideways distance over height
# the floor's push on each beat, rings (the tunnel's ``PUSH_RINGS``): its light is only above and below the horizon,
# and with the tunnel's push and a sideways drift (0.12 lanes a second) its beat moved 0.6 of a loud tunnel's on
# the beat and more between (held-out 06's loud scenes: "the older tunnel hits harder ... on the beat peaks 1.3-2x,
# with calmer frames in between", a blind reviewer); the drift also took its middle line off the ring
FLOOR_PUSH = 0.6
# the floors, by their number in turn among the song's floors (``alone_scenes.LOUD_CHARACTERS``): lines along the
# flight a unit of sideways distance over height, whether a ceiling mirrors the floor, the grid rolled (degrees)
# about the ring's centre. Alike till s68, held-out 06's three floors (0:42, 1:44, 3:02, ~100 s) were "the same
# floor-and-ceiling design in new colours" (a blind reviewer); each is drawn once, as before (no cost a frame)
FLOORS = ((FLOOR_LANES, True, 0.0), (4.0, False, 0.0), (2.0, True, 14.0))


def floor_design(number: int) -> int:
    """The index in ``FLOORS`` of the floor of a loud scene ``number`` among the song's loud scenes."""
    return (number // len(LOUD_CHARACTERS)) % len(FLOORS)


# a floor without a ceiling: a sky without lines over it, a glow of ``SKY_GLOW`` of the floor's full light at the
# horizon falling to ``SKY_TOP`` over ``SKY_FALL`` (a share of the short side) above it, evenly lit, at rest. A dark
# sky (0.2 of the floor's light, its ceiling's lines faint in it, s68) left the top half of held-out 06's full
# section 1:44-2:19 nearly black, "dark picture during a full-energy section ... reads like a lull" (mean luma 28
# against 33-55 in its other full sections: a blind reviewer)
SKY_GLOW, SKY_TOP, SKY_FALL = 0.8, 0.3, 0.18
# a loud scene's tunnel lit more than as drawn: its light times ``LOUD_TUNNEL_LIGHT`` and its black raised by
# ``LOUD_TUNNEL_LIFT`` (of 255). Lit as the quiet one's till s69, held-out 06's loud tunnels (0:14.5, 1:16, 2:32.7:
# mean luma 33-40) were as dark as its breakdown (27-34) and darker than its floors (51-55), its re-drop at 2:32.7 "a
# small payoff" (a blind reviewer). At 1.4 times alone a beat's push changed the frame by 29 (of 255) where no
# frame may change more than 25 at once (``test_backdrops``)
LOUD_TUNNEL_LIGHT, LOUD_TUNNEL_LIFT = 1.1, 10
STAR_COLUMNS, STAR_ROWS = 20, 6  # the warp's pattern: cells round half the circle and along the flight, repeated
STARS = (0.7, 0.6, 0.25)  # the share of the warp's cells without a star, by density
# the warp's leap on each beat, rings (the tunnel's ``PUSH_RINGS``); it cruises between, as the tunnel does: a steady
# flight of 0.25-0.5 rings a beat on top, or a roll of 0.1 radians a second, cost 55 % more CPU than the tunnel
# (10 s of 1080p: 9.2 s against 5.9 s)
WARP_PUSH = 0.6
# a loud scene's flight carried on between its pushes, rings a beat (times ``FLOOR_PUSH / PUSH_RINGS`` on a floor
# and ``WARP_PUSH / PUSH_RINGS`` in the warp), a pattern's pixel at a time: at rest between them till s70, held-out
# 06's tunnels and floors lurched for 3 frames a beat and stood nearly still for 10, "it reads as stepping rather than
# flying" (a blind reviewer of ab69c). Each frame that moves costs the encoder a frame coded anew: 30 s of pulse at
# 1080p (``bench_track_alone``, one run each on a loaded machine) 1.02x a photo video's CPU at rest, 1.08x at 0.06,
# 1.18x at 0.12
CRUISE_RINGS = 0.06
# a scene after the breakdown (the re-drop, and the last sections: meta "peak", ``planning.backgrounds``), its tunnel
# or warp lit as the floors are: its light times ``PEAK_LIGHT`` and its black raised by ``PEAK_LIFT`` more. Held-out
# 06's re-drop (2:32.7, mean luma 43-46 at 64x36) and its last section (3:34, 40-42) were dimmer than its floors
# (55-57): "the drop doesn't come across as the peak of the video" (a blind reviewer of ab69c). A floor there its
# light only (its black kept dark): unlit till s70, the tilted grid at 3:02-3:35 between the lit re-drop (luma 81)
# and last section (84) was one of the darkest full sections (40), "the energy sags" (a blind reviewer of ab70d)
PEAK_LIGHT, PEAK_LIFT = 1.5, 16
# a lit scene's light, where it would pass 255 (the palette's lightest colour), eased towards 255 over the top
# ``1 - KNEE`` of its room above its black (``rolled_off``) instead of clipped: at ``PEAK_LIGHT`` the re-drop's
# brightest cells were "flat cyan patches with ragged edges" (2:40 of held-out 06, a blind reviewer of ab70d) and the
# lit floor's nearest lines flat lime; a tunnel's pattern at its brightest (gain 1.55) comes within 2 of 255
KNEE = 0.7


class Scene(Protocol):
    """What the field is drawn from (``backdrops.Scene``)."""

    rng: random.Random
    variant: str
    character: str
    form: int
    framed: Composition
    loud: bool
    peak: bool
    tempo: float
    number: int
    period_s: float
    offset_s: float
    surges: list[float]
    dimmed: str

    @property
    def breath(self) -> str: ...

    @property
    def quiet_flow(self) -> str: ...


def tunnel(graph: Graph, scene: Scene, field: tuple[int, int], rate: int, count: int) -> str:
    """The filter chain of ``count`` frames of the scene's field (``field`` pixels, at ``rate`` frames a second), its
    maps and pattern added to ``graph``: grey, as ``gbrp``."""
    rng, density, character = scene.rng, DENSITY[scene.variant], scene.character
    fw, fh = field
    sw, sh = fw * LOOKUP_SCALE, fh * LOOKUP_SCALE
    spokes = rng.choice(SPOKES[density])
    calm = QUIET_TURN if scene.variant == "quiet" else 1.0
    way = rng.choice((-1, 1)) * turned(scene.form)
    turn = way * 0.08 * scene.tempo * calm  # radians a second
    depth, twist = RING_DEPTH[density], rng.choice((-1, 1)) * TWIST[density] * (character == "tunnel")
    offset = RING_OFFSET * depth / RING_DEPTH[1]  # every pixel's ring number above 0 at any depth
    middle = scene.framed.across  # the vanishing point, where the scene's ring stands
    # each pixel at its centre (+0.5): the field is enlarged 15x at 1080p, where a corner's half pixel put the
    # vanishing point 4 px right of the ring's centre
    x, y = f"((X+0.5-W*{middle:.3f})/min(W,H))", f"((Y+0.5-H*{TUNNEL_CENTRE})/min(W,H))"
    form = scene.form if character != "floor" else 0
    r = f"({distance(form, x, y)}+0.04)"  # the form's shape of ring: a circle, a square ...
    period, rows = TURN_PX // spokes, 1  # the pattern repeats across every ``period``, along every ``rows`` rings
    # round the circle, the spokes twisted into a spiral in the drop (a whole number of turns: no seam)
    across = f"mod(((atan2({y},{x})+PI)/(2*PI)+{twist:.2f}*log({r}))*{TURN_PX}+{100 * TURN_PX},{TURN_PX})"
    waves = spokes * math.hypot(1, 2 * math.pi * twist)  # the spokes' waves round the circle and along it
    corners = [
        (a * sw / min(sw, sh), b / min(sw, sh)) for a in (-middle, 1 - middle) for b in (sh * TUNNEL_CENTRE, sh * 0.44)
    ]
    far = farthest(form, corners)  # the farthest corner from the vanishing point
    glowing = ""  # a floor's sky that glows, by the height over the horizon
    if character == "floor":  # the height over the horizon, and sideways over it: lanes that meet far away
        lanes, ceiling, roll = FLOORS[floor_design(scene.number)]
        c, s = math.cos(math.radians(roll)), math.sin(math.radians(roll))
        x, y = f"({c:.4f}*{x}+{s:.4f}*{y})", f"({c:.4f}*{y}-{s:.4f}*{x})"  # rolled about the vanishing point
        ends = [
            (a * sw / min(sw, sh), b * sh / min(sw, sh))
            for a in (-middle, 1 - middle)
            for b in (-TUNNEL_CENTRE, 1 - TUNNEL_CENTRE)
        ]
        r, far = f"(abs({y})+0.04)", max(abs(c * b - s * a) for a, b in ends)
        across = f"mod({x}/{r}*{lanes * period:.2f}+{100 * TURN_PX},{TURN_PX})"
        waves = 2 * math.pi * lanes
        if not ceiling:  # a glowing sky over it: its pixels look up the pattern's even column (``_pattern``)
            glow = f"({SKY_TOP}+{SKY_GLOW - SKY_TOP:.2f}*exp({y}/{SKY_FALL}))"
            across, glowing = f"if(gt({y},0),{across},{TURN_PX + period})", f"if(gt({y},0),min(1,{r}*1.8),{glow})"
    elif character == "warp":
        period, rows, waves = TURN_PX // 2, STAR_ROWS, 2 * STAR_COLUMNS
    fine = FINE if scene.loud else 1  # rows of the enlarged pattern a pixel of it
    deep = f"(({depth}*log({r})+{offset:.2f})*{RING_PX * fine})"  # rings from the vanishing point
    high = math.ceil((depth * math.log(far + 0.04) + offset) * RING_PX) + 2
    # the rings' and the lines' contrast by the pattern's row (its distance from the vanishing point at its nearest:
    # the window looks up to a ring further down the pattern), the warp's streaks' by the frame's own
    row = f"exp((Y/{RING_PX}-1-{offset:.3f})/{depth})"
    rings, lines = (band_limited(row, per_r, min(fw, fh)) for per_r in (depth, waves / (2 * math.pi)))
    pattern = _pattern(character, rings, "1" if character == "warp" else lines, period, density, rng.uniform(0, 100))
    seen = band_limited(r, waves / (2 * math.pi), min(fw, fh)) if character == "warp" else "1"
    maps = [graph.label("tmap") for _ in range(3)]
    once = f"trim=end_frame=1,loop=loop={count - 1}:size=1,settb=expr=1/{rate},setpts=N"
    drawn = (  # the maps (a pixel's place on the pattern) and the depth (dark at the vanishing point)
        (maps[0], f"clip({across},0,{TURN_PX + period})", "gray16le"),
        (maps[1], f"clip({deep},0,{high * fine - 1})", "gray16le"),
        (maps[2], f"255*{glowing or f'min(1,{r}*1.8)'}*{seen}*{SCRIM}", "gray"),
    )
    for label, lum, pixels in drawn:
        graph.add(f"nullsrc=s={sw}x{sh}:r={rate},format={pixels},geq=lum='{lum}',{once}{label}")
    push, side = _motion(scene, character, turn, period, spokes)
    span = rows * RING_PX
    down = f"{span * fine}-mod({push}*{RING_PX * fine},{span * fine})"  # the rings outward: the window up the pattern
    window = graph.label("tunnel")
    graph.add(
        f"nullsrc=s={TURN_PX + 2 * period}x{high + span}:r={rate},format=gray,geq=lum='255*if(lt(X,{TURN_PX + period}),{pattern},1)',"
        f"{f'scale=iw:ih*{fine}:flags=bilinear,' if fine > 1 else ''}{once},crop={TURN_PX + period + 1}:{high * fine}:x='{side}':y='{down}'{window}"
    )
    looked = graph.label("tunnel")
    graph.add(f"{window}{maps[0]}{maps[1]}remap,format=gray{looked}")
    lit = f"blend=all_expr='min(255,(15+0.94*A*B/255)*{scene.breath})'"  # blend wraps what it does not clip
    if scene.breath == "1":  # the same light (to a level) by a product and a table: an expression a pixel cost 1 s
        lifted = scene.loud and character == "tunnel"  # of CPU in 30 s at 30 fps; a loud tunnel lit up
        black, gain = (15 + LOUD_TUNNEL_LIFT, 0.94 * LOUD_TUNNEL_LIGHT) if lifted else (15, 0.94)
        if scene.peak:  # the re-drop and after it: the tunnel and warp lit as the floors are, a floor its lines
            black, gain = black + PEAK_LIFT * (character != "floor"), gain * PEAK_LIGHT
        lit = f"blend=all_mode=multiply,lut=c0='{rolled_off(black, gain)}'"
    return f"{looked}{maps[2]}{lit}{scene.dimmed},scale={fw}:{fh}:flags=area,format=gbrp"


def rolled_off(black: float, gain: float) -> str:
    """The light of a grey ``val`` 0..255 (a ``lut`` expression): ``black`` plus ``gain`` times it; where that would
    pass 255, eased towards 255 over the top ``1 - KNEE`` of the room above ``black`` (its slope unbroken there)
    instead of clipped flat.

    >>> rolled_off(15, 0.94)
    'min(255,15+0.940*val)'
    >>> rolled_off(41, 1.551)
    '41+if(lt(1.551*val,149.8),1.551*val,149.8+64.2*(1-exp(-(1.551*val-149.8)/64.2)))'
    """
    room = 255 - black
    u = f"{gain:.3f}*val"
    if gain * 255 <= room:
        return f"min(255,{black}+{u})"
    knee, rest = KNEE * room, (1 - KNEE) * room
    return f"{black}+if(lt({u},{knee:.1f}),{u},{knee:.1f}+{rest:.1f}*(1-exp(-({u}-{knee:.1f})/{rest:.1f})))"


def _pattern(character: str, rings: str, lines: str, period: int, density: int, seed: float) -> str:
    """The pattern looked up (a ``geq`` expression, 0..1 over ``X`` round the circle and ``Y`` along the flight):
    the tunnel's rings by spokes, the floor's grid of lines, or the warp's streaks, one in some of its cells."""
    ring = f"pow(0.5+0.5*cos(2*PI*Y/{RING_PX}),2)"
    if character == "floor":
        line = f"pow(0.5+0.5*cos(2*PI*X/{period}),4)"
        return f"(0.1+0.9*max({rings}*{ring},{lines}*{line}))"
    if character == "warp":
        cell = period // STAR_COLUMNS
        n = f"(floor(X/{cell})+{STAR_COLUMNS}*mod(floor(Y/{RING_PX}),{STAR_ROWS}))"  # the cell's number
        h = [_hash(n, seed + k) for k in range(3)]
        at_x, at_y = f"(mod(X,{cell})-{cell}*(0.3+0.4*{h[1]}))", f"(mod(Y,{RING_PX})-{RING_PX}*(0.2+0.6*{h[2]}))"
        streak = f"exp(-pow({at_x}/{0.25 * cell:.2f},2)-pow({at_y}/{0.3 * RING_PX:.2f},2))"
        lit = f"gt({h[0]},{STARS[density]})*(0.6+0.4*{h[0]})"
        return f"(0.08+0.92*{lines}*{lit}*{streak})"
    return f"(0.375+{rings}*({ring}-0.375))*(0.55+0.45*{lines}*cos(2*PI*X/{period}))"


def _motion(scene: Scene, character: str, turn: float, period: int, spokes: int) -> tuple[str, str]:
    """How far the pattern has moved by time ``t``: along the flight (rings) and across (pixels of the pattern,
    within one ``period``)."""
    b = f"((t+{scene.offset_s:.4f})/{scene.period_s:.4f})"
    since = f"({b}-ld(0))*{scene.period_s / PUSH_S:.4f}"  # the beat's time so far, in pushes' lengths
    eased = f"min(1,(1-exp(-{PUSH_EASE}*{since}))/{1 - math.exp(-PUSH_EASE):.4f})"
    begun = f"st(0,floor({b}));st(1,{eased})"  # the beat's number in variable 0, its push's share flown so far in 1
    push = f"{PUSH_RINGS}*({begun};ld(0)+ld(1))"  # a step a beat, easing out over ``PUSH_S``, then cruising
    if scene.surges:  # each beat's push as loud as the music there (``pulse_level``), the flight carried on
        first = math.floor(scene.offset_s / scene.period_s)
        flown, at = [], 0.0  # the steps flown by each beat
        for surge in scene.surges:
            flown.append(f"{at:.4f}+{surge:.4f}*ld(1)")
            at += surge
        push = f"{PUSH_RINGS}*({begun};{beat_table(first, flown, 'ld(0)')})"
    push = f"({push}+{CRUISE_RINGS}*{b})"  # the flight carried on between the pushes, at an even pace
    if not scene.loud:
        push = scene.quiet_flow if scene.variant == "quiet" else f"{0.18 * scene.tempo:.3f}*t"
    across = turn * TURN_PX / (2 * math.pi * spokes)  # pixels of the pattern a second
    if character == "floor":
        push, across = f"{FLOOR_PUSH / PUSH_RINGS}*{push}", 0.0
    elif character == "warp":
        push, across = f"{WARP_PUSH / PUSH_RINGS}*{push}", 0.0
    return push, f"mod({across:.4f}*t+{1000 * period},{period})"


def band_limited(r: str, per_r: float, lines: int) -> str:
    """How much of their contrast lines keep where they lie ``r / per_r`` apart (a share of the short side; lines
    towards the vanishing point come closer, as its distance ``r``): all at ``SHARP_PX`` field pixels apart or more,
    none at ``BLURRED_PX`` or less (a ``geq`` expression, 0..1). A pattern finer than the field's ``lines`` aliases
    into moire: the drop's tightly twisted spokes came 0.2 of a field pixel apart, a crosshatch of false stripes
    over its rings at 3:34-4:00 of held-out 06 ("moire at this size", a blind reviewer)."""
    px = f"({r}*{lines / per_r:.3f})"
    return f"clip(({px}-{BLURRED_PX})/{SHARP_PX - BLURRED_PX},0,1)"


def _hash(n: str, seed: float) -> str:
    """A number 0..1 that looks random for each whole ``n`` (an ffmpeg expression)."""
    x = f"sin({n}*12.9898+{seed:.3f})*43758.5453"
    return f"({x}-floor({x}))"
