"""What a cover video or a track alone is, in words: its design, for the reply that builds it (in place of the cut
pace a video of pictures and clips is told by: "fast cuts where it is loud" said of one cover held for a minute)."""

from __future__ import annotations

from ...protocol import Draft, TrackType
from ...protocol.vocabulary import Role
from .backdrop import WORDS, WORDS_ZH
from .tracks import indices

DESIGN_WORDS = {
    "ring": ("the ring design: the cover in a ring of bars", "圆环设计：封面在一圈频谱里"),
    "poster": ("the poster design: the cover beside big type, bars under it", "海报设计：封面旁是大标题，下面是频谱"),
    "wave": ("the wave design: the cover over a mirrored wave of its sound", "波形设计：封面下一道对称的声波"),
}
PULSE_WORDS = (", the cover pulsing with the beat, hardest on each downbeat", "，封面随节拍律动，每小节重拍最强")
NO_VISUALIZER_WORDS = (
    "the poster design: the cover beside big type, no visualizer (as asked)",
    "海报设计：封面旁是大标题，按要求不加可视化",
)


def design_words(draft: Draft, zh: bool) -> str:
    """The design of a cover video (``m.cover_design``) or a track alone (``m.backdrop``) as the reply says it;
    "" for any other video."""
    design, backdrop = draft.meta.get("cover_design"), draft.meta.get("backdrop")
    if isinstance(backdrop, str) and backdrop in WORDS:
        return WORDS_ZH[backdrop] if zh else WORDS[backdrop]
    if not isinstance(design, str) or design not in DESIGN_WORDS:
        return ""
    shown = bool(indices(draft, Role.VISUALIZER, kind=TrackType.VIDEO))
    return (DESIGN_WORDS[design][zh] if shown else NO_VISUALIZER_WORDS[zh]) + PULSE_WORDS[zh]
