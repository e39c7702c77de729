"""Designed backdrops for a track alone: "aurora", "pulse" and "bokeh", each a light field drawn small and scaled up.

A design draws one grey field with ``geq`` at a few thousand pixels (its short side ``FIELD_LINES``), colours it
with a ramp through the scene's palette (``lutrgb``: a table of 256 entries, computed once) and scales it to the
frame: the fields are smooth, so the scale loses nothing a viewer sees, and ``geq`` at this size costs about 4 % of
one core where at 1080p it would cost many cores. Shapes are laid out on the frame's short side, so a ring stays round
and a ribbon keeps its width in 16:9, 9:16 and 1:1.

- **aurora**: ribbons of light that sway and drift slowly across a dark sky (calm and acoustic music);
- **pulse**: a tunnel of rings and spokes that the beat pushes forward, one step a beat, in loud sections (driving
  music); in quiet ones it drifts;
- **bokeh**: soft discs of light rising and drifting at different depths (mid-tempo music).

Nothing changes colour on the beat: the palette is the section's; a loud section's beat moves the shapes (the
tunnel's step, a breath of the ribbons' and discs' light), and a new section brings a new palette and layout.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence

from .graph import Canvas, even, rgb
from .timeline import Shot

DESIGNS = ("aurora", "pulse", "bokeh")
FIELD_LINES = 136  # the field's short side, in pixels
TO_TV = "out_range=tv:out_color_matrix=bt709"
STOPS = (0.0, 0.5, 0.8, 1.0)  # where the palette's colours sit on the field's 0..1, darkest first
PUSH_RINGS = 0.25  # how far a beat pushes the tunnel, in rings: more, and the rings strobe at a preview's 15 fps
DISCS = 14  # bokeh lights in a calm section (a loud one gets a few more)

Field = Callable[["Scene"], str]


class Scene:
    """What a design's field is drawn from: the frame's shape, the beat, the section's loudness and a seed."""

    def __init__(self, shot: Shot, canvas: Canvas) -> None:
        meta = shot.segment.meta
        self.loud = meta.get("effect") == "pulse"
        self.rng = random.Random(f"{shot.start_frame}:{meta.get('design')}")
        self.period_s = 60 / max(canvas.bpm, 1.0)
        while self.period_s < 0.4:  # a beat faster than 150 BPM steps every other beat
            self.period_s *= 2
        self.offset_s = shot.start_frame / canvas.fps - canvas.first_beat_ms / 1000 + 64 * self.period_s
        self.tempo = min(max(canvas.bpm, 60.0), 180.0) / 120  # 0.5 .. 1.5: calm music moves slowly

    def beat(self) -> str:
        """An expression of T: the position within the beat, 0 on the beat to 1 just before the next."""
        return f"(mod(T+{self.offset_s:.4f},{self.period_s:.4f})/{self.period_s:.4f})"

    def breath(self) -> str:
        """1 on the beat, decaying to 0 within the beat: a soft breath of light, only in loud sections."""
        return f"exp(-5*{self.beat()})" if self.loud else "0"


def backdrop_chain(shot: Shot, canvas: Canvas) -> str:
    """The filter chain (a source, no input) of ``shot.frames`` frames of the shot's design, at the canvas size."""
    scene = Scene(shot, canvas)
    design = str(shot.segment.meta.get("design"))
    field = FIELDS.get(design, aurora)(scene)
    sw, sh = field_size(canvas)
    colors = palette(shot.segment.meta.get("colors"))
    return (
        f"nullsrc=s={sw}x{sh}:r={canvas.fps},trim=end_frame={shot.frames},settb=expr=1/{canvas.fps},setpts=N,"
        f"format=gray,geq=lum='255*clip({field},0,1)',format=gbrp,{ramp(colors)},{_hue(shot)}"
        f"scale={TO_TV},format=yuv420p,scale={canvas.width}:{canvas.height}:flags=bicubic"
    )


def _hue(shot: Shot) -> str:
    """``hue`` turning the scene's palette by its ``hue_deg`` (a new section's own colours within the family)."""
    turn = shot.segment.meta.get("hue_deg", 0)
    degrees = float(turn) if isinstance(turn, (int, float)) else 0.0
    return f"hue=h={degrees:.0f}," if degrees else ""


def field_size(canvas: Canvas) -> tuple[int, int]:
    """The field's size: ``FIELD_LINES`` on the short side, the frame's shape."""
    short = min(canvas.width, canvas.height)
    return even(FIELD_LINES * canvas.width / short), even(FIELD_LINES * canvas.height / short)


def palette(raw: object) -> list[str]:
    """The scene's colours, darkest first, four of them (the darkest darkened further: a backdrop is a night sky)."""
    colors = [c for c in raw if isinstance(c, str)] if isinstance(raw, list) else []
    colors = sorted(colors or ["#101828", "#3a4a8c", "#7fb7be", "#f3e0c0"], key=_luminance)
    while len(colors) < len(STOPS):
        colors.append(colors[-1])
    darkest = rgb(colors[0])
    return ["#" + "".join(f"{round(c * 255 * 0.45):02x}" for c in darkest), *colors[1 : len(STOPS)]]


def ramp(colors: Sequence[str]) -> str:
    """``lutrgb`` taking the grey field through the colours at ``STOPS`` (piecewise linear)."""
    channels = list(zip(*(rgb(c) for c in colors), strict=True))
    return "lutrgb=" + ":".join(f"{name}='{_piecewise(values)}'" for name, values in zip("rgb", channels, strict=True))


def _piecewise(values: Sequence[float]) -> str:
    expr = f"{values[-1] * 255:.1f}"
    for i in range(len(STOPS) - 2, -1, -1):
        lo, hi = STOPS[i] * 255, STOPS[i + 1] * 255
        a, b = values[i] * 255, values[i + 1] * 255
        expr = f"if(lt(val,{hi:.1f}),{a:.1f}+({b - a:.1f})*(val-{lo:.1f})/{hi - lo:.1f},{expr})"
    return expr


def _luminance(color: str) -> float:
    r, g, b = rgb(color)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _short() -> str:
    return "min(W,H)"


def aurora(scene: Scene) -> str:
    """Two curtains of light whose folds sway; their glow lies in a band across the upper middle of the frame."""
    rng, s = scene.rng, scene.tempo
    u, v = f"(X/{_short()})", "(Y/H)"
    curtains = []
    for k in range(2):
        f, p, q = rng.uniform(3.0, 5.0), rng.uniform(0, 6.3), rng.uniform(0, 6.3)
        sway = f"1.6*sin({rng.uniform(2.0, 3.2):.2f}*{v}+{0.30 * s:.3f}*T+{p:.2f})"
        fold = f"pow(0.5+0.5*sin({f:.2f}*{u}+{sway}+{0.12 * s * (1 if k else -1):.3f}*T+{q:.2f}),3)"
        curtains.append(fold)
    centre = rng.uniform(0.32, 0.5)
    band = f"exp(-pow(({v}-{centre:.2f}-0.06*sin(0.2*T+{rng.uniform(0, 6):.2f}))/0.26,2))"
    light = f"(0.55*{curtains[0]}+0.45*{curtains[1]})*{band}"
    sky = f"0.10+0.12*{v}"  # the sky lightens towards the horizon
    return f"{sky}+{0.85 if scene.loud else 0.72}*{light}*(1+0.18*{scene.breath()})"


def pulse(scene: Scene) -> str:
    """A tunnel: rings (evenly spaced in log radius, so they seem to come towards the viewer) and spokes round the
    centre. In a loud section each beat pushes the rings one step outward, quickly then easing; in a quiet one they
    drift."""
    rng = scene.rng
    x, y = f"((X-W/2)/{_short()})", f"((Y-H/2)/{_short()})"
    r = f"(hypot({x},{y})+0.04)"
    if scene.loud:
        b = f"((T+{scene.offset_s:.4f})/{scene.period_s:.4f})"
        push = f"{PUSH_RINGS}*(floor({b})+1-exp(-4*({b}-floor({b}))))"
    else:
        push = f"{0.18 * scene.tempo:.3f}*T"
    rings = f"pow(0.5+0.5*cos(6.2832*(2.2*log({r})-{push})),2)"
    spokes_n = rng.choice((5, 6, 8))
    turn = rng.choice((-1, 1)) * 0.08 * scene.tempo
    spokes = f"(0.55+0.45*cos({spokes_n}*atan2({y},{x})+{turn:.3f}*T))"
    depth = f"min(1,{r}*1.8)"  # dark at the vanishing point, light towards the edges
    return f"0.06+0.94*{rings}*{spokes}*{depth}"


def bokeh(scene: Scene) -> str:
    """Soft discs of light at three depths: the near ones larger, fainter and faster, all rising slowly and
    drifting sideways; in a loud section their light breathes with the beat."""
    rng, s = scene.rng, scene.tempo
    discs = []
    for _ in range(DISCS + (4 if scene.loud else 0)):
        depth = rng.random()
        radius = 0.05 + 0.12 * depth
        rise = (0.015 + 0.03 * depth) * s
        drift = rng.uniform(-0.012, 0.012) * s
        x0, y0 = rng.random(), rng.random()
        cx = f"(mod({x0:.3f}+{drift:.4f}*T,1.3)-0.15)*W/{_short()}"
        cy = f"(1.15-mod({y0:.3f}*1.3+{rise:.4f}*T,1.3))*H/{_short()}"
        d = f"hypot(X/{_short()}-{cx},Y/{_short()}-{cy})"
        glow = 0.9 - 0.45 * depth
        discs.append(f"{glow:.2f}*pow(max(0,1-{d}/{radius:.3f}),1.6)")
    lights = "+".join(discs)
    base = "0.10+0.14*(1-Y/H)"
    return f"{base}+0.9*({lights})*(1+0.2*{scene.breath()})"


FIELDS: dict[str, Field] = {"aurora": aurora, "pulse": pulse, "bokeh": bokeh}
