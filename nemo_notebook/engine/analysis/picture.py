"""How strong a picture is to open a video on: sharp, colourful, well exposed (a blind reviewer disliked "opening on a
weak image").

``appeal`` scores a picture 0..1 from a copy ``WIDTH`` pixels wide: the mean absolute Laplacian of its luma
(sharpness: a blurred or shaken photo has little), Hasler and Süsstrunk's colourfulness (2003: the spread and mean of
the red-green and yellow-blue opponent channels) and the spread of its luma (contrast: a grey, foggy or
under-exposed photo has little), each mapped to 0..1 and weighted ``WEIGHTS``. It does not look for faces.

``sharpness`` says whether the picture is in focus at the size a video shows it (``analysis.sharpness``: the
steepness of its edges, whatever how many there are), for planning to show a blurred picture less; ``coarseness``
whether it is blocky, or plain (flat, or a texture with nothing standing out: a leaf's veins filled 17 of a 60 s
video's seconds while four photos with a subject had one shot each), for planning to show it less and not nearer.

All are read from one decoding of the picture (``measures``), kept for each content of the file (``cache.file_key``)
in this process and, where the engine gives its cache folder, in the analysis cache with audio and video analyses.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..reduced_decode import decoder_options  # the render's rule for what a reduced decode may drop
from .cache import by_content

if TYPE_CHECKING:
    import av
    import numpy as np
    import numpy.typing as npt

WIDTH = 256
WEIGHTS = (0.4, 0.4, 0.2)  # sharpness, colourfulness, contrast
SHARP_FULL = 0.06  # mean |Laplacian| of luma (0..1) at which sharpness counts fully
COLOURFUL_FULL = 90.0  # Hasler-Süsstrunk M (0..255 channels) at which colourfulness counts fully ("extremely")
CONTRAST_FULL = 0.25  # luma standard deviation (0..1) at which contrast counts fully


def appeal_of(rgb: npt.NDArray[np.float64]) -> float:
    """The score of an RGB picture (height x width x 3, 0..1)."""
    import numpy as np

    luma = rgb @ np.array([0.299, 0.587, 0.114])
    laplacian = 4 * luma[1:-1, 1:-1] - luma[:-2, 1:-1] - luma[2:, 1:-1] - luma[1:-1, :-2] - luma[1:-1, 2:]
    sharp = float(np.abs(laplacian).mean()) if laplacian.size else 0.0
    r, g, b = (rgb[..., i] * 255.0 for i in range(3))
    rg, yb = r - g, 0.5 * (r + g) - b
    colourful = float(np.hypot(rg.std(), yb.std()) + 0.3 * np.hypot(rg.mean(), yb.mean()))
    parts = (sharp / SHARP_FULL, colourful / COLOURFUL_FULL, float(luma.std()) / CONTRAST_FULL)
    return round(sum(w * min(p, 1.0) for w, p in zip(WEIGHTS, parts, strict=True)), 4)


SHARP_LONG_SIDE = 1920  # pixels: a picture's sharpness is measured at the size a 1080p video shows it
SHARP_PERCENTILE = 97.0  # its sharpest edges: a small subject in focus (a kite in a sky of soft clouds) counts
BLOCKY = 2.3  # steps across the 8-pixel grid this many times those elsewhere: blocks of heavy JPEG compression
PLAIN = 0.85  # of the picture in flat 8-pixel blocks (a grey level's spread at most): little to look at
FLAT_LEVEL = 1.0 / 255  # a block whose luma spreads less than this is flat
COARSE_LONG_SIDE = 4096  # pixels: blocks are looked for in at most this square of the picture's own pixels
WHOLE_PIXELS = 50_000_000  # pixels: a larger picture (only a JPEG is accepted so large) is decoded reduced
STANDS_OUT = 6.0  # CIE ΔE: a picture nothing of which stands this far from the colours at its edge is a plain texture
MEASURES_VERSION = 5  # of ``PictureMeasures`` in the analysis cache
LETTERED = 0.05  # ``letters`` from which a picture may hold lettering (not to be shown mirrored: planning.looks_apart)
LETTERS_SIZE = (128, 72)  # the grey copy ``letters`` is measured on (``unfit.text_density``'s size)


@dataclass(frozen=True)
class PictureMeasures:
    """What the engine measures of a picture, from one decoding of it (``measures``).

    ``appeal``: how strong it is to open a video on (``appeal_of``). ``sharpness``: how sharp it looks at the size a
    1080p video shows it (1920 pixels on its long side, never enlarged): the steepness of its sharpest edges
    (``sharpness.frame_sharpness``, 97th percentile on a 144×256 grid), 0..1, 0 for a picture with hardly any edges.
    ``blockiness``: the mean luma step across the 8-pixel grid of JPEG's blocks over the mean step elsewhere (1 for
    none), on the picture's own pixels. ``flat_share``: the share of 8-pixel blocks, at the size a 1080p video shows
    the picture, that are flat. ``standout``: how far its most distinct parts stand from the colours round its
    edge, CIE ΔE (``standout_of``): a subject stands out, a texture running off the frame on every side does not.
    ``colour``: its mean colour's a* and b* (CIE L*a*b*), which way and how far it leans from grey (a green leaf
    and a green meadow lean the same way: ``planning.colour_joins`` keeps them apart). ``letters``: the densest
    line of sharp bright strokes on a 72x128 grey copy (``unfit.text_density``): messi5.jpg (a shirt's "unicef", a
    corner watermark) 0.094, OpenCV's chessboard photos 0.06-0.14; the held-out 01 photos, with no lettering,
    0.0-0.031; from ``LETTERED`` a picture is ``lettered``, a weak sign: a motion-blurred licence plate measures
    0.021 (small type is not seen at this size)."""

    appeal: float
    sharpness: float
    blockiness: float
    flat_share: float
    standout: float = STANDS_OUT
    colour: tuple[float, float] = (0.0, 0.0)
    letters: float = 0.0

    @property
    def lettered(self) -> bool:
        """Whether the picture may hold lettering (``letters`` from ``LETTERED``): not to be shown mirrored."""
        return self.letters >= LETTERED

    @property
    def coarseness(self) -> float:
        """How blocky or plain the picture is, as the largest of its blockiness, its flat share and its lack of
        anything standing out, each over the level from which a viewer sees it (``BLOCKY``, ``PLAIN``,
        ``STANDS_OUT``): 1 or more is coarse, a picture to show less and not nearer."""
        return round(max(self._blocks, self.flat_share / PLAIN, self._texture), 3)

    @property
    def blocky(self) -> bool:
        """Whether the blocks of its compression make the picture coarse, more than its plainness does (what a
        reply says of it: "blocky", not "plain")."""
        return self._blocks >= 1.0 and self._blocks >= max(self.flat_share / PLAIN, self._texture)

    @property
    def _blocks(self) -> float:
        return (self.blockiness - 1) / (BLOCKY - 1)

    @property
    def _texture(self) -> float:
        return STANDS_OUT / max(self.standout, STANDS_OUT / 10)


def measures(path: Path, cache_dir: Path | None = None) -> PictureMeasures | None:
    """The picture's measures, None where it cannot be read. Kept for each content of the file (``cache.file_key``,
    as audio and video analyses are): in the analysis cache under ``cache_dir`` where that is given, and in this
    process (``cache.by_content``), so a plan that asks for every picture's sharpness and then coarseness decodes
    each picture once."""
    from .cache import load_cached, store_cached

    if cache_dir is not None:
        hit = load_cached(cache_dir, path, PictureMeasures, kind="picture", version=MEASURES_VERSION)
        if hit is not None:
            return hit
    found = _measured(path)
    if found is not None and cache_dir is not None:
        with contextlib.suppress(OSError):
            store_cached(cache_dir, path, found, kind="picture", version=MEASURES_VERSION)
    return found


STANDOUT_BLOCK = 8  # pixels of the ``WIDTH`` copy a side of the blocks compared with the edge's
STANDOUT_PERCENTILE = 99.0  # the picture's most distinct blocks: a subject of 1 % of it counts


def standout_of(rgb: npt.NDArray[np.float64]) -> float:
    """How far the most distinct parts of an RGB picture (h, w, 3, 0..1) stand from the colours round its edge:
    the ``STANDOUT_PERCENTILE`` of its blocks' CIE ΔE to the edge blocks nearest them in colour
    (``lab.edge_distance``).

    Measured on 29 wallpapers and photos: a leaf's veins close up (Blinds.jpg) 3.4, planks of wood 2.8; a meadow's
    grass 9.5, a storm over a road 10.3, a street 12.1, a water crown 27.7, a ladybird on a stem 31.6."""
    import numpy as np

    from .lab import edge_distance, lab

    return round(float(np.percentile(edge_distance(lab(rgb), STANDOUT_BLOCK, 0.03), STANDOUT_PERCENTILE)), 2)


def mean_colour(rgb: npt.NDArray[np.float64]) -> tuple[float, float]:
    """The a* and b* (CIE L*a*b*) of an RGB picture's mean colour (height x width x 3, 0..1)."""
    from .lab import lab

    colours = lab(rgb)
    return round(float(colours[..., 1].mean()), 1), round(float(colours[..., 2].mean()), 1)


def colour(path: Path) -> tuple[float, float] | None:
    """The picture's mean colour, a* and b* (``PictureMeasures.colour``); None where it cannot be read."""
    found = measures(path)
    return None if found is None else found.colour


def appeal(path: Path) -> float | None:
    """The picture's score as an opening shot, 0..1 (``appeal_of``), or None where it cannot be read."""
    found = measures(path)
    return None if found is None else found.appeal


def sharpness(path: Path) -> float | None:
    """How sharp the picture looks at the size a 1080p video shows it (``PictureMeasures.sharpness``), 0..1; None
    where it cannot be read.

    Measured on the review photos: 0.58 (a kite in a sky of soft clouds) to 1.0 (a forest path); the same photos
    under a Gaussian blur of 2 pixels 0.34-0.50, of 4 pixels 0.22-0.39."""
    found = measures(path)
    return None if found is None else found.sharpness


def coarseness(path: Path) -> float | None:
    """How blocky or plain the picture is (``PictureMeasures.coarseness``): 1 or more is coarse; None where it
    cannot be read.

    Measured on the twelve review pictures (2560x1600 wallpapers, a 512-pixel baboon, a 493-pixel butterfly):
    blockiness 0.98-2.07 (a foggy lake, whose only steps are the blocks', the most), flat share 0-0.49 but for a
    fog over water (0.76) and a wallpaper of flat pastel polygons (0.90); a photo saved at JPEG quality 31 (ffmpeg's
    -q:v) 9.3, one reduced to 640 pixels and saved at 28, 2.5. Not a painting's brush squares: Autumn.jpg
    measures as a photo (1.22, 0.22); ``render.view_detail`` keeps its views off its soft painted sky instead."""
    found = measures(path)
    return None if found is None else found.coarseness


def blocky(path: Path) -> bool | None:
    """Whether the picture is coarse by the blocks of its compression rather than plain (``PictureMeasures.blocky``);
    None where it cannot be read."""
    found = measures(path)
    return None if found is None else found.blocky


@by_content(maxsize=256)
def _measured(path: Path) -> PictureMeasures | None:
    """``PictureMeasures`` of the first picture in ``path``, from one decoding of it."""
    import av
    import numpy as np

    try:
        with av.open(str(path)) as container:
            halved = _reduce_past_whole(container.streams.video[0])
            frame = next(container.decode(container.streams.video[0]))
            small = _reduced(frame, WIDTH / max(frame.width, 1), "rgb24")
            shown = _reduced(frame, min(1.0, SHARP_LONG_SIDE / max(frame.width, frame.height, 1)), "gray")
            lines = frame.reformat(width=LETTERS_SIZE[0], height=LETTERS_SIZE[1], format="gray", interpolation="AREA")
            blocks = _blockiness(_middle(frame.to_ndarray(format="gray"), COARSE_LONG_SIDE), 8 >> halved)
    except (av.error.FFmpegError, OSError, IndexError, ValueError, StopIteration):
        return None
    grey = np.asarray(shown.to_ndarray(), dtype=np.float64) / 255
    h, w = grey.shape[0] // 8 * 8, grey.shape[1] // 8 * 8
    flat = float((grey[:h, :w].reshape(h // 8, 8, w // 8, 8).std(axis=(1, 3)) < FLAT_LEVEL).mean())
    rgb = np.asarray(small.to_ndarray(), dtype=np.float64) / 255.0
    return PictureMeasures(
        appeal=appeal_of(rgb),
        sharpness=_sharpness(shown),
        blockiness=round(blocks, 3),
        flat_share=round(flat, 3),
        standout=standout_of(rgb),
        colour=mean_colour(rgb),
        letters=_letters((np.asarray(lines.to_ndarray())[:, : LETTERS_SIZE[0]] / 255).astype(np.float32)),
    )


def _letters(fine: npt.NDArray[np.float32]) -> float:
    """``unfit.text_density`` of a grey copy (``LETTERS_SIZE``, 0..1) of a picture."""
    import numpy as np

    from .frames import SmallFrame
    from .unfit import text_density

    empty = np.zeros((1, 1, 3), dtype=np.float32)
    return round(text_density(SmallFrame(0.0, fine[::2, ::2], empty, fine=fine)), 3)


def _reduce_past_whole(stream: Any) -> int:
    """Have a JPEG of more than ``WHOLE_PIXELS`` (a phone's 108 or 200 MP photo) decoded at the fraction of its size
    that still leaves it ``COARSE_LONG_SIDE`` long: whole, a 108-megapixel one took this measure to 641 MB. How many
    halvings that is (its 8-pixel blocks are then 8 / 2**n pixels: the decoder scales each block's DCT)."""
    ctx = stream.codec_context
    width, height = int(ctx.width or 0), int(ctx.height or 0)
    if width * height <= WHOLE_PIXELS:
        return 0
    scale = COARSE_LONG_SIDE / max(width, height)
    reduced = decoder_options(ctx.codec.canonical_name, (width, height), (round(width * scale), round(height * scale)))
    ctx.options = {**ctx.options, **reduced}
    return int(reduced.get("lowres", 0))


def _middle(grey: npt.NDArray[np.uint8], side: int) -> npt.NDArray[np.float32]:
    """At most ``side`` by ``side`` of the picture's own pixels at its middle, from a multiple of 8 pixels each way
    (so its 8-pixel grid stays where it is)."""
    import numpy as np

    top, left = (max(n - side, 0) // 2 // 8 * 8 for n in grey.shape[:2])
    return np.asarray(grey[top : top + side, left : left + side], dtype=np.float32)


def _reduced(frame: av.VideoFrame, scale: float, format: str) -> av.VideoFrame:
    """``frame`` scaled ``scale`` times (by averaging), at least 16 pixels each way, in ``format``."""
    size = max(16, round(frame.width * scale)), max(16, round(frame.height * scale))
    return frame.reformat(width=size[0], height=size[1], format=format, interpolation="AREA")


def _sharpness(grey: av.VideoFrame) -> float:
    """``frame_sharpness`` of a grey picture, at its sharpest edges (``SHARP_PERCENTILE``) on a 144×256 grid."""
    import numpy as np

    from .sharpness import SPAN, frame_sharpness

    rows = np.linspace(0, grey.height - 2, 144).astype(np.intp)
    cols = np.linspace(0, max(grey.width - 1 - SPAN, 0), 256).astype(np.intp)
    return frame_sharpness(grey.planes[0], rows, cols, SHARP_PERCENTILE)


def _blockiness(grey: npt.NDArray[np.float32], grid: int = 8) -> float:
    """The mean step between neighbouring pixels across the ``grid``-pixel grid over the mean step elsewhere, across
    and down; 1 (none found) where the grid is under 2 pixels."""
    import numpy as np

    if grid < 2:
        return 1.0
    across, down = np.abs(np.diff(grey, axis=1)), np.abs(np.diff(grey, axis=0))
    on_x, on_y = np.arange(across.shape[1]) % grid == grid - 1, np.arange(down.shape[0]) % grid == grid - 1
    found = across[:, on_x].mean() + down[on_y].mean()
    rest = across[:, ~on_x].mean() + down[~on_y].mean()
    return float(found / max(rest, 1e-9))
