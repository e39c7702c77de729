"""The track alone's bold ring ("orbit") and the ring maps that bend a strip of levels round a circle (also the
circular design's), and ``smoothed``, the soft cut that makes a curve of levels (the orbit's, the horizon's)."""

from __future__ import annotations

import math

from .box import Box
from .graph import Graph, even

SMOOTH_COLUMNS = 2.0  # the levels' curve is blurred this many columns (sigma) before it is cut again
ORBIT_BANDS = 32  # the orbit's levels round each quarter of its ring (mirrored four ways: the bass at its left and
# right, the treble at its top and bottom; mirrored once, the bass at the top, its peaks stood up as two "ears")
ORBIT_BASE = 0.09  # the orbit's solid band at its inner radius, always drawn, as a share of its levels' length
ORBIT_WIDEN = 4
# the orbit's levels as separate spokes round the ring, a gap of this share of their pitch between two (one smooth
# band of light round it was "a pink blob" to a blind reviewer)
ORBIT_SPOKES, ORBIT_GAP = 64, 0.4
ORBIT_BODY = 0.4  # the light of the orbit's body under its crest
ORBIT_KNEE = 2.5  # the orbit's soft knee (``_ring_map``): a level a quarter of the way up is drawn half the way out
ORBIT_RING = (0.56, 0.92)  # the orbit's inner radius and its levels' reach, as shares of half its box (its glow beyond)
ORBIT_HALF_FROM = 600  # a ring this wide or wider is drawn at half its size and enlarged; a smaller one (720p, a
# preview) at its own size (enlarged from 115 px, a preview's ring was jagged)
SOFT_EDGE = 3.0  # a smoothed curve is cut again with a soft edge, this steep: antialiased, where a hard cut left steps
ORBIT_ALPHA = 2.2  # the orbit's see-through: its body (``ORBIT_BODY``) this much more opaque than its light, in the
# accent colour (a body of the warm white at 40 % read as a dull grey over the neon tunnel)


def smoothed(columns: int, box: Box) -> str:
    """A silhouette of ``columns`` levels widened to ``box``, blurred both ways (about a column) and cut again at
    half with a soft edge (``SOFT_EDGE``): one smooth, antialiased curve through the levels, where enlarged as it
    was it was a staircase of flat steps (blurred across only, then cut, its steps stayed; cut hard, the edge was
    a stair of whole pixels that a preview's enlargement showed)."""
    sigma = max(1.0, SMOOTH_COLUMNS * box.width / columns)
    return (
        f"scale={box.width}:{box.height}:flags=neighbor,gblur=sigma={sigma:.1f}:sigmaV={sigma:.1f},"
        f"lut=y='clip((val-127)*{SOFT_EDGE}+127,0,255)'"
    )


def orbit_rows(box: Box) -> int:
    """The orbit's levels are drawn this many rows high (about its ring's radial reach at half the box)."""
    return max(8, even(box.height / 8))


def orbit_shrink(box: Box) -> int:
    """How much smaller than its box the orbit is drawn (and then enlarged): 2 from ``ORBIT_HALF_FROM``, else 1."""
    return 2 if box.width >= ORBIT_HALF_FROM else 1


def orbit(graph: Graph, audio: str, drawn: str, box: Box, fps: int, out: str, pulse: str = "") -> None:
    """The track alone's bold ring: the levels as one smooth curve (``smoothed``), mirrored four ways so that the
    ring is the same on its left and right and its top and bottom (bass at the left and right, treble at the top
    and bottom: its loudest levels spread evenly, not stood up together), its crest lit over a fainter body
    (``ORBIT_BODY``) on a solid band that is always drawn (a quiet intro shows a ring from the
    first frame), bent round the ring (at half the box from ``ORBIT_HALF_FROM``, which ``draw_chains`` enlarges) with a
    soft knee. A glow round
    it (scaled down and up) cost 0.2x a photo video's CPU at 1080p, the encoder coding light that changed
    everywhere. ``pulse``: filters, each with a comma before it, that enlarge the ring on the beat
    (``ring_pulse``)."""
    levels, rising, body, inner, crest = (graph.label(p) for p in ("vizq", "vizl", "vizb", "vizi", "vizc"))
    strip, xmap, ymap = (graph.label(p) for p in ("vizs", "vizx", "vizy"))
    ups, downs = [graph.label("vizu") for _ in range(2)], [graph.label("vizd") for _ in range(2)]
    sh = orbit_rows(box)
    sw = 4 * ORBIT_BANDS * ORBIT_WIDEN  # widened smoothly before it is bent: round the ring, a curve and not steps
    graph.add(f"{audio}{drawn},split{rising}{levels}")
    graph.add(f"{levels}hflip,split{''.join(downs)}")
    graph.add(f"{rising}split{''.join(ups)}")
    # from the top, clockwise: treble to bass (top to right), bass to treble (to the bottom), and again
    quarters = f"{downs[0]}{ups[0]}{downs[1]}{ups[1]}hstack=inputs=4"
    graph.add(f"{quarters},{smoothed(4 * ORBIT_BANDS, Box(0, 0, sw, sh))},split{body}{inner}")
    graph.add(f"{inner}erosion,erosion{crest}")
    band, gaps, lit = max(3, round(sh * ORBIT_BASE)), graph.label("vizg"), graph.label("vizm")
    pitch = sw // ORBIT_SPOKES
    graph.add(  # a gap before each spoke, drawn once
        f"color=c=white:s={sw}x{sh}:r={fps}:d=1,format=gray,drawgrid=w={pitch}:h=ih+1:"
        f"t={max(1, round(pitch * ORBIT_GAP))}:c=black,trim=end_frame=1,loop=loop=-1:size=1{gaps}"
    )
    graph.add(f"{body}{crest}blend=all_mode=subtract:all_opacity={1 - ORBIT_BODY}:shortest=1{lit}")
    graph.add(
        f"{lit}{gaps}blend=all_mode=darken:shortest=1,drawbox=x=0:y=ih-{band}:w=iw:h={band}:color=white:t=fill{strip}"
    )
    shrink = orbit_shrink(box)
    half = Box(0, 0, even(box.width / shrink), even(box.height / shrink))
    graph.add(f"{ring_map(half, sw, sh, 'x', fps, ORBIT_RING)}{xmap}")
    graph.add(f"{ring_map(half, sw, sh, 'y', fps, ORBIT_RING, ORBIT_KNEE)}{ymap}")
    graph.add(f"{strip}{xmap}{ymap}remap=fill=black,format=gray,lut=c0='if(lt(val,24),0,val)'{pulse}{out}")


def ring_map(
    box: Box, strip_w: int, strip_h: int, axis: str, fps: int, ring: tuple[float, float], knee: float = 0.0
) -> str:
    """One frame of ``remap``'s x or y map (gray16), repeated: each pixel of the ring reads the bar strip at its
    angle (x: low notes at the top, going round clockwise) and its radius (y: the bars grow outwards); pixels off
    the ring read outside the strip, which ``remap`` fills with black. ``knee``: above 0, a level L of the strip
    reaches (1-exp(-knee*L))/(1-exp(-knee)) of the way out, a soft knee (low levels larger, none ever flat at the
    rim); 0 straight."""
    inner, outer = (f"{r * box.width / 2:.1f}" for r in ring)
    radius = "hypot(X-W/2,Y-H/2)"
    on_ring = f"between({radius},{inner},{outer})"
    if axis == "x":
        value = f"mod((atan2(X-W/2,H/2-Y)+2*PI)/(2*PI)*{strip_w},{strip_w})"
        expr = f"if({on_ring},{value},{strip_w + 1})"
    else:
        out = f"(({radius}-{inner})/({outer}-{inner}))"
        level = f"(-log(1-{out}*{1 - math.exp(-knee):.5f})/{knee})" if knee > 0 else out
        value = f"clip({strip_h}-1-{level}*{strip_h},0,{strip_h}-1)"
        expr = f"if({on_ring},{value},{strip_h + 1})"
    return (
        f"nullsrc=s={box.width}x{box.height}:r={fps}:d=1,format=gray16le,geq=lum='{expr}',"
        f"trim=end_frame=1,loop=loop=-1:size=1"
    )
