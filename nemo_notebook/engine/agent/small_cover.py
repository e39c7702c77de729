"""Words for a cover video whose cover is too small to fill its place.

The cover is enlarged at most ``cover_layout.MAX_UPSCALE`` (2) times, to stay sharp, so a 16×16 picture is a 32-pixel
speck in the middle of a 1080p ring; the reply said "your cover in full" and nothing else (issue 27: a tiny picture
was used wrongly in silence). Now it says how small the picture is and what to upload instead.
"""

from __future__ import annotations

from collections.abc import Sequence

from ...protocol import Draft, MediaInfo, MediaKind, TrackType

LEAST_SIDE = 270  # px on its long side: enlarged twice, under half a 1080-line frame's height
ASK_SIDE = 540  # the long side the reply asks for: a cover that fills its place without being enlarged


def small_cover_words(before: Draft, after: Draft, media: Sequence[MediaInfo], zh: bool) -> str:
    """What to upload instead, where ``after`` is a cover video whose cover's long side is under ``LEAST_SIDE``
    pixels; nothing otherwise, or where ``before`` showed the same cover.

    Examples
    --------
    >>> small_cover_words(Draft.empty(), cover_video, [tiny], zh=False)  # doctest: +SKIP
    '"tiny.png" is only 16×16 pixels, so the cover is shown small (enlarged at most twice, to stay sharp): ...'
    """
    cover = _cover(after, media)
    if cover is None or cover == _cover(before, media) or max(cover.width or 0, cover.height or 0) >= LEAST_SIDE:
        return ""
    size = f"{cover.width}×{cover.height}"
    if zh:
        return f"“{cover.name}”只有{size}像素，封面因此显示得很小（最多放大两倍以保持清晰）：上传长边至少{ASK_SIDE}像素的版本即可填满它的位置"
    return (
        f'"{cover.name}" is only {size} pixels, so the cover is shown small (enlarged at most twice, to stay sharp): '
        f"upload a larger copy, at least {ASK_SIDE} pixels on its long side, to fill its place"
    )


def _cover(draft: Draft, media: Sequence[MediaInfo]) -> MediaInfo | None:
    """The picture a cover video (``m.cover_design``) shows, or None."""
    if not draft.meta.get("cover_design"):
        return None
    pictures = {m.id: m for m in media if m.kind == MediaKind.IMAGE}
    shown = [sg.src for t in draft.tracks if t.type == TrackType.VIDEO for sg in t.segments if sg.src in pictures]
    return pictures[shown[0]] if shown else None
