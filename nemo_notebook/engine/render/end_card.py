"""The end card (``m.end_card``: title, artist and the user's line): over the last ``END_CARD_MS`` of the video,
as the music ends, the picture dims a little and the card rises in as it fades in, centred, in the opening title's
type (``title_type``: the title in DejaVu Sans Bold, the artist in tracked capitals of DejaVu Sans Book never under a
cap height of 2.6 % of the frame's height, the line in Book) on its tight dark shadow (``opening_title.lay_halo``), as
dense as the shot under it needs, so that it reads over a light last shot; in a cover video the cover, its visualizer
and its credit fade out as it comes (``card_start_ms``), leaving the blurred background under it. The picture
fades to black only in the card's last ``END_FADE_MS`` (not over the last 2.5 s, which would dim the card's
background away), unless the sound ends over longer (``sound_ending``: the engine's fade, or the song's own decay):
then it fades with the sound (``picture_dim``). Where the song stops on a final hit before the video's end, the card
ends with it (``card_start_ms``: its 4 s end where the picture goes dark, ``SoundEnding.dark_ms``).

The card keeps inside what a player or the phone apps leave clear (``safe_zone``; in 9:16 70 % of the width, centred,
clear of their buttons down the right edge) and, in every shape of frame, goes where it covers no head and least of
the subject of the shots under it, the held last one most often (``card_top``: a blind reviewer saw the title laid
over a kite in the middle of a 9:16 frame, and over the subject's head in 16:9).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from ...protocol import Draft, Segment
from ...protocol.sound_ending import sound_ending
from .cover_layout import TextSpot
from .fonts import font_for
from .graph import Canvas, Graph, MediaMap, escape_value, seconds, text_timing
from .opening_title import SIDE_BIAS, SIDE_GAIN, Line, lay_halo, share_of
from .safe_zone import RIGHT_SHARE, safe_area
from .timeline import shots, visuals_track
from .title_type import (
    HALO_DEFAULT,
    artist_case,
    artist_size,
    emboldened,
    ground_luminance,
    halo_alpha,
    rise_y,
    set_lines,
)

if TYPE_CHECKING:
    from .visualizer_auto import Sample

CARD_FADE_MS = 700  # the card fades in, and the cover out, over this
CARD_OUT_MS = 400  # the card's type fades out over this
END_FADE_MS = 800  # the picture's fade to black at the very end, under the card
TITLE_SHARE = 0.095  # the card's title, of the frame's shorter side (103 px at 1080 lines; 92 px read small)
LINE_SHARE = 0.72  # the user's line, of the artist's size (in Book, as written: at 0.85 it read as large as the artist)
ROW_GAP = 0.35  # between the card's rows, of the row's size
MIDDLE = (0.42, 0.46)  # the card's middle where no head is in the way, of the height: in 9:16, and in 16:9 and 1:1
DIM = 0.12  # how much darker the picture gets under the card (eq brightness; it has a halo of its own too)


@dataclass(frozen=True)
class EndCard:
    title: str
    artist: str
    line: str


def end_card_of(draft: Draft) -> EndCard | None:
    """The draft's end card, or None (none asked for, or nothing to show)."""
    card = draft.meta.get("end_card")
    if not isinstance(card, dict):
        return None
    found = EndCard(*(str(card.get(k) or "").strip() for k in ("title", "artist", "line")))
    return found if any((found.title, found.artist, found.line)) else None


def card_start_ms(draft: Draft) -> int | None:
    """Where the end card begins (the cover, its visualizer and credit fade out from there), or None: ``END_CARD_MS``
    before the picture goes dark with the sound (the video's end, or just after a final hit), or earlier into a long
    fade, while the music is still heard (``SoundEnding.card_from_ms``)."""
    return sound_ending(draft).card_from_ms if end_card_of(draft) else None


def with_card_ending(draft: Draft) -> Draft:
    """The draft whose last shot fades to black over ``END_FADE_MS`` at most, where it has an end card."""
    track = visuals_track(draft)
    if end_card_of(draft) is None or track is None or not track.segments:
        return draft
    last = max(track.segments, key=lambda sg: sg.end_ms)
    fade = last.meta.get("fade_out_ms")
    if not isinstance(fade, (int, float)) or fade <= END_FADE_MS:
        return draft
    segments = tuple(sg.with_meta(fade_out_ms=END_FADE_MS) if sg is last else sg for sg in track.segments)
    return replace(draft, tracks=tuple(track.with_segments(segments) if t is track else t for t in draft.tracks))


def build_end_card(graph: Graph, draft: Draft, canvas: Canvas, under: str, media: MediaMap | None = None) -> str:
    """The end card laid on ``under``; returns its label (``under`` where the draft has none). Inside what a player or
    the apps leave clear, at the height that keeps it off the subject of the shot under it
    (``media``: the draft's pictures and clips, to find it; ``card_top``)."""
    card, start_ms = end_card_of(draft), card_start_ms(draft)
    if card is None or start_ms is None:
        return under
    w = canvas.width
    shown_ms = start_ms + CARD_FADE_MS // 2  # once the cover is half gone
    shown_until = card_end_ms(draft)
    segment = Segment(shown_ms, shown_until - shown_ms, meta={"fade_in_ms": CARD_FADE_MS, "fade_out_ms": CARD_OUT_MS})
    spot = card_spot(canvas)
    rows = card_rows(card, canvas)
    heights = [len(ls) * s * 1.2 + ROW_GAP * s for ls, s, _ in rows]
    block = (spot.x - spot.max_width // 2, round(sum(heights)), spot.max_width)
    found = card_samples(draft, canvas, media, shown_ms) if media else []
    y = card_top(found, canvas, block) if found else card_tops(canvas, sum(heights))[0]
    region = share_of((block[0], round(y), block[2], block[1]), canvas)
    alpha = halo_alpha(ground_luminance(found, region)) if found else HALO_DEFAULT
    dimmed = graph.label("dim")
    graph.add(f"{under}{picture_dim(draft, start_ms)}{dimmed}")
    filters, halo = [], []
    for (ls, s, bold), height in zip(rows, heights, strict=True):
        placed = [Line(text, s, round(y + k * s * 1.2), bold) for k, text in enumerate(ls)]  # each centred
        filters += [
            line_filter([ln.text], s, replace(spot, y=ln.y, size=s), segment, bold=bold, canvas=canvas) for ln in placed
        ]
        halo += placed
        y += height
    out = graph.label("end")
    haloed = lay_halo(graph, halo, w // 2, canvas, segment, dimmed, anchor="centre", alpha=alpha)
    graph.add(haloed + ",".join(filters) + out)
    return out


def card_end_ms(draft: Draft) -> int:
    """Where the card's type has faded out: as the picture goes dark with the sound, or, where the picture goes dark
    quicker than the type fades (a final hit's ``HIT_FADE_MS``), where the picture begins to (the type is gone
    before the picture is). Held-out 01's card was still fading over its last 0.4 s when the picture fell to black in
    3 frames at the song's final hit (106.1-106.3 s)."""
    sound = sound_ending(draft)
    return sound.black_from_ms if sound.dark_ms - sound.black_from_ms < CARD_OUT_MS else sound.dark_ms


def picture_dim(draft: Draft, start_ms: int) -> str:
    """How the picture darkens under the card: it dims by ``DIM`` as the card fades in, and where the sound ends over
    longer than ``END_FADE_MS`` (``sound_ending``: the engine's fade, the song's own decay) the whole picture (its
    overlays too) fades to black with it, from where it begins (with no dim where it begins before the card: the
    fade has dimmed it by then). Held-out 05's picture held its light (mean luma 63 over 232-236 s, 31 under the
    card) while its song faded over its last 7.5 s, -13 to -36 LUFS; a 20 s click track whose last 4 s play 20 dB
    lower held 0.59 of its light under the card to its last 0.8 s (``tests/render/test_sound_ending.py``)."""
    sound = sound_ending(draft)
    fade, fade_start = sound.fade_ms, sound.from_ms
    dim = f"eq=brightness='-{DIM}*clip((t-{seconds(start_ms)})/{CARD_FADE_MS / 1000},0,1)':eval=frame"
    dimmed = f"{dim}:enable='gte(t,{seconds(start_ms)})'"
    if fade <= END_FADE_MS or sound.dark_ms < draft.duration_ms:  # stopping early: ``dark_after_the_sound``
        return dimmed
    faded = f"fade=t=out:st={seconds(max(0, fade_start))}:d={seconds(fade)}"
    return faded if fade_start <= start_ms else f"{dimmed},{faded}"


def card_spot(canvas: Canvas) -> TextSpot:
    """Where the card's lines are centred (their top left to ``card_top``), its title's size and their widest."""
    w, h = canvas.width, canvas.height
    widest = (1 - 2 * RIGHT_SHARE) * w if h > w else 0.84 * w  # 9:16: centred, clear of the right-hand buttons
    return TextSpot(w // 2, 0, round(TITLE_SHARE * min(w, h)), round(widest), centred=True)


def card_rows(card: EndCard, canvas: Canvas) -> list[tuple[list[str], int, bool]]:
    """The card's rows, each its lines, their size (pixels) and whether bold: the title (two lines where one would be
    small), the artist under it (``title_type``), the user's line; a line with no title or artist is set as a title
    (alone, at 0.72 of the artist's size, it read as a caption at the top of the frame)."""
    spot, tall = card_spot(canvas), canvas.height > canvas.width
    most = 3 if tall else 2
    if card.line and not (card.title or card.artist):  # the user's words alone (their song swapped): the headline
        return [(*set_lines(card.line, spot.size, spot.max_width, bold=True, most=most), True)]
    lines, size = set_lines(card.title, spot.size, spot.max_width, bold=True, most=most)
    rows = [(lines, size, True)] if card.title else []
    if card.artist:
        upper, tracked = artist_case(card.artist)
        artist = set_lines(upper, artist_size(size, canvas), spot.max_width, bold=False, most=most, tracked=tracked)
        rows.append((*artist, False))
    if card.line:
        line_size = round(LINE_SHARE * artist_size(size, canvas))
        rows.append((*set_lines(card.line, line_size, spot.max_width, bold=False), False))
    return rows


def card_samples(draft: Draft, canvas: Canvas, media: MediaMap, at_ms: int) -> list[Sample]:
    """The shots under the card from ``at_ms``, each as its frame once the card is in (or its first), counted by
    its frames under the card (``visualizer_auto.shot_sample``); those with a subject only."""
    from .visualizer_auto import shot_sample

    first = at_ms * canvas.fps // 1000
    found = []
    for shot in (s for s in shots(draft) if s.start_frame + s.frames > first):
        into_ms = max(0, (at_ms + CARD_FADE_MS) - shot.start_frame * 1000 // canvas.fps)
        sample = shot_sample(shot, media, canvas, min(into_ms, shot.frames * 1000 // canvas.fps), faces=True)
        if sample is not None and float(sample.saliency.sum()) > 0:  # counted by its frames under the card
            found.append(replace(sample, weight=float(shot.start_frame + shot.frames - max(first, shot.start_frame))))
    return found


def card_top(found: Sequence[Sample], canvas: Canvas, block: tuple[int, int, int]) -> float:
    """The top (pixels) of the card's ``block`` (its left edge, height and width): of ``card_tops``, the first that
    lies over no head of the subject of the shots under the card (``found``: ``card_samples``) nor any of their
    figures (``visualizer_head.kept_clear``) nor faces with their heads (``faces.HEAD``) unless another covers
    clearly less of their saliency
    (``visualizer_auto.covered_share``). Where each lies over one, of those over no figure: a figure's box is
    found, the head only the top of the saliency map's most salient patch (in a painting, its tree's: once the
    fine detail was read on the larger copy it lay over the middle and top places, and the card went onto the
    girl at the bottom)."""
    from .visualizer_auto import covered_share
    from .visualizer_head import kept_clear, over

    x, height, width = block
    tops = card_tops(canvas, height)
    if not found:
        return tops[0]
    w, h = canvas.width, canvas.height
    regions = [(x / w, t / h, width / w, height / h) for t in tops]
    heads = [r for sample in found for r in (*kept_clear(sample.saliency, sample.figures), *sample.heads)]
    figures = [figure for sample in found for figure in sample.figures]
    clear = (
        [i for i, region in enumerate(regions) if not any(over(region, head) for head in heads)]
        or [i for i, region in enumerate(regions) if not any(over(region, figure) for figure in figures)]
        or [0, 1, 2]
    )
    covered = {i: covered_share(found, regions[i]) for i in clear}
    best, preferred = min(clear, key=lambda i: covered[i]), clear[0]
    clearly = covered[best] < covered[preferred] * SIDE_BIAS and covered[preferred] - covered[best] >= SIDE_GAIN
    return tops[best if clearly else preferred]


def card_tops(canvas: Canvas, height: float) -> tuple[float, float, float]:
    """Where a card ``height`` pixels high may go, the first preferred: its middle at ``MIDDLE`` of the height (42 %
    in a frame taller than wide, 46 % else), under the band covered at the top, above the band covered at the
    bottom (all inside ``safe_zone.safe_area``: a phone app's caption in 9:16, a player's bar in 16:9 and 1:1)."""
    _, top, _, room = safe_area(canvas)
    h = canvas.height
    middle = MIDDLE[0] if h > canvas.width else MIDDLE[1]
    wanted = (middle * h - height / 2, top + 0.03 * h, top + room - 0.02 * h - height)
    low, high = top, top + room - height
    return (min(max(low, wanted[0]), high), min(max(low, wanted[1]), high), min(max(low, wanted[2]), high))


def line_filter(
    lines: list[str],
    size: int,
    spot: TextSpot,
    segment: Segment,
    *,
    bold: bool,
    canvas: Canvas | None = None,
    moved: tuple[str, str] = ("0", "0"),
    shown: str = "1",
) -> str:
    """One drawtext of ``lines`` at ``spot``, fading in and out with ``segment`` (rising into place on ``canvas``
    as it fades in, where given), moved from ``spot`` by ``moved`` and its opacity times ``shown`` (expressions of
    ``t``: a cover video's turn)."""
    text = "\n".join(lines)
    font = font_for(text, bold=bold)
    x = f"{spot.x}-text_w/2" if spot.centred else str(spot.x)
    x, y = (
        (x, str(rise_y(spot.y, segment, canvas) if canvas else spot.y))
        if moved == ("0", "0")
        else (
            f"'{x}+{moved[0]}'",
            f"'{spot.y}+{moved[1]}'",
        )
    )
    alpha, enable = text_timing(segment)
    alpha = alpha if shown == "1" else f"({alpha})*{shown}"
    colour = "0xffffff" if bold else "0xf0f0f0"  # the artist a shade off white (it was white at 0.85: faint)
    shadow = max(1, size // 22)
    return (
        f"drawtext=fontfile={escape_value(str(font))}:text={escape_value(text)}:expansion=none:fontsize={size}:"
        f"fontcolor={colour}:x={x}:y={y}:shadowx={shadow}:shadowy={shadow}:shadowcolor=0x000000@0.6:"
        f"line_spacing={size // 25}{emboldened(text, size, colour, bold=bold)}:"  # lines 1.2 sizes apart
        f"alpha='{alpha}':enable='{enable}'"
    )
