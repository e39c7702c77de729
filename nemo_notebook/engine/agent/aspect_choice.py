"""The frame's shape for a new music video: what the user asked for, else what the pictures and clips are.

Phone footage and phone photos are portrait; a user who uploads only those and asks for "a video from this music"
posts it where people hold their phones upright (Shorts, Reels, TikTok), and a 16:9 frame would show each of them as
a narrow upright picture on a blurred fill. So where every visual is portrait (as shown: ``intake`` applies rotation
and EXIF orientation to the width and height) and no one has named a shape, the video is 9:16, and the reply says so
and how to get 16:9. A shape the user named (in the request, or before with "make it 16:9") is always kept.
"""

from __future__ import annotations

from collections.abc import Sequence

from ...protocol import Draft, MediaInfo

TALL = "9:16"
UPRIGHT = 1.05  # height over width: a picture this much taller than wide is portrait (a square one is not)


def all_portrait(visuals: Sequence[MediaInfo]) -> bool:
    """Whether there are visuals and every one is portrait, as shown."""
    shapes = [(v.width, v.height) for v in visuals]
    return bool(shapes) and all(w and h and h >= UPRIGHT * w for w, h in shapes)


def chosen_aspect(asked: str | None, draft: Draft, visuals: Sequence[MediaInfo]) -> tuple[str, bool]:
    """The aspect for a new plan, and whether the material chose it (the reply then says so): ``asked`` (named in
    the request) first, then a shape named earlier (``aspect_named``), then 9:16 for portrait-only visuals, else the
    draft's."""
    if asked:
        return str(asked), False
    if draft.meta.get("aspect_named") or draft.aspect == TALL or not all_portrait(visuals):
        return draft.aspect, False
    return TALL, True
