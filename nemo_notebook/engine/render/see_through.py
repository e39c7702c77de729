"""Clips with see-through parts (a transparent animated GIF, a WebM with an alpha channel: an animated logo, a
sticker, a cut-out figure) are laid on the slate that pictures with alpha stand on (``fills.BEHIND_ALPHA``), never on
the black their see-through pixels turn into in yuv420p, nor on the colours those pixels store.

FFmpeg's own VP9 and VP8 decoders ignore a WebM's alpha (the Matroska tag ``alpha_mode``): its clear parts came out
as what the encoder stored under them. Such a clip is read with libvpx, which decodes the alpha; a GIF's decoder
gives its transparency as alpha.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from ...protocol import MediaInfo
from .clip_time import LOOPED_FORMATS
from .fills import BEHIND_ALPHA
from .graph import Graph

_ALPHA_DECODERS = {"vp9": "libvpx-vp9", "vp8": "libvpx"}


def decoder_args(path: Path) -> list[str]:
    """The input options that read ``path``'s alpha: libvpx for a WebM whose video says it carries one, else none."""
    codec = _alpha_codec(path)
    return ["-c:v", _ALPHA_DECODERS[codec]] if codec in _ALPHA_DECODERS else []


def clip_has_alpha(path: Path, info: MediaInfo) -> bool:
    """Whether the clip may have see-through parts: an animated GIF (any of its frames may), or a WebM with alpha."""
    return info.format in LOOPED_FORMATS or bool(decoder_args(path))


def on_slate(graph: Graph | None = None) -> str:
    """Filters that lay a clip's frames on the slate, ending in a comma: they split the chain they are put in (a
    chain whose frames may carry alpha) and lay it on a copy of itself made opaque slate; labelled by ``graph``, or
    fixed where the graph has no other such chain (a clip's copy)."""
    names = ("sta", "stk", "sts")
    clear, kept, slate = (graph.label(n) for n in names) if graph else (f"[{n}]" for n in names)
    r, g, b = BEHIND_ALPHA
    return (
        f"format=rgba,split{kept}{clear};{clear}lutrgb=r={r}:g={g}:b={b}:a=255{slate};{slate}{kept}overlay=format=rgb,"
    )


@lru_cache(maxsize=256)
def _alpha_codec(path: Path) -> str:
    import av

    try:
        with av.open(str(path)) as container:
            stream = container.streams.video[0]
            said = {k.lower(): v for k, v in stream.metadata.items()}.get("alpha_mode", "0")
            return str(stream.codec_context.name) if said == "1" else ""
    except (av.FFmpegError, OSError, IndexError):
        return ""
