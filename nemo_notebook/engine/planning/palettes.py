"""The colours of a track alone's backdrop, chosen by the music: a designed palette a kind of music.

Each palette (``PALETTES``) has three variants of four colours, darkest first: ``quiet`` for quiet sections (softer,
its light still there: a sparse intro is a designed scene, not an empty one), ``loud`` for loud ones, and ``drop``
for the loudest section (its accents changed round, so that the drop changes the scene). A base hue a palette, spread
round the wheel, so that two kinds of music look apart:

======== ===================================== =========================================================
name     colours                               music
======== ===================================== =========================================================
ember    black, crimson, red, white heat       rock and metal: driving, with a noisy (distorted) tone
dusk     plum, rose, coral, peach              ballads: calm or slow, not minor
candy    violet, hot pink, orange, aqua        pop and hip-hop: driving, clean tone or major
neon     ultraviolet, blue, cyan, magenta      electronic: driving, with a synthetic tone, or clean and minor
royal    navy, royal blue, gold, cream         orchestral: calm with many onsets, minor
glacier  night blue, steel, ice                ambient and sad: calm or flowing, minor
club     petrol, teal, copper, cream           jazz and the rest that flows
earth    pine, teal, terracotta, sand          folk and acoustic: calm with many onsets, not minor
======== ===================================== =========================================================

``palette_for`` reads the file's genre tag (the musician's own word) first, then the music: its drive
(``analysis.character``), tone (``analysis.timbre``: flatness, mode), onsets and tempo. ``scene_colors`` tunes a
variant to the music (saturation with the drive, lightness with the mode) and keeps every colour out of the
olive and mustard hues (``muddy``) that a blind reviewer called "muddy" and "sickly".
"""

from __future__ import annotations

import colorsys
import re
from dataclasses import dataclass

from ..analysis.types import AudioAnalysis

Colors = tuple[str, str, str, str]


@dataclass(frozen=True)
class Palette:
    """A palette's three variants (four colours each, darkest first) and what it is, in words."""

    quiet: Colors
    loud: Colors
    drop: Colors
    words: str


PALETTES: dict[str, Palette] = {
    "ember": Palette(
        ("#1c0608", "#b42430", "#f04a36", "#ffb08e"),
        ("#160405", "#b81e24", "#ff3a2a", "#ffe3d0"),
        ("#0e0203", "#d0201a", "#ff6a2a", "#fff4ea"),
        "red and black",
    ),
    "dusk": Palette(
        ("#260c36", "#8a3a8e", "#e87a96", "#ffd2ae"),
        ("#2a0c38", "#9c3e9a", "#f0809a", "#ffdcb8"),
        ("#2a0c30", "#b0408a", "#ff8a7a", "#ffe6c8"),
        "warm dusk: plum, rose and peach",
    ),
    "candy": Palette(
        ("#200b3a", "#6a2cb0", "#ff6fa8", "#8fe9ff"),
        ("#240a3e", "#8a32d0", "#ff5e9a", "#ffc27a"),
        ("#2a0a30", "#c02a8a", "#ff9a4a", "#a6f4ff"),
        "bright pop: violet, hot pink, orange and aqua",
    ),
    "neon": Palette(
        ("#040a2a", "#1f4ae0", "#19d3ff", "#ff5ce1"),
        ("#030822", "#1a52ff", "#00e5ff", "#ff3fd2"),
        ("#0a0326", "#6a2cff", "#ff2fb8", "#7ffcff"),
        "neon: ultraviolet, cyan and magenta",
    ),
    "royal": Palette(
        ("#081230", "#2a4a9a", "#e3ae55", "#fff1cf"),
        ("#08102e", "#22439a", "#f0bf5f", "#fff4d8"),
        ("#0a0a2a", "#4636a8", "#f2b950", "#fff1cf"),
        "deep blue and gold",
    ),
    "glacier": Palette(
        ("#081a2a", "#1f5670", "#6fb4d2", "#e4f6fc"),
        ("#071827", "#1f5f80", "#78c4df", "#effaff"),
        ("#0b1030", "#3a4fa0", "#8fd6e8", "#ffffff"),
        "cool blues and ice",
    ),
    "club": Palette(
        ("#0a2230", "#14606e", "#d8845a", "#f6e3c8"),
        ("#081c2c", "#157080", "#e38a55", "#fbeedc"),
        ("#0e0f2a", "#2e3f8f", "#e8704a", "#f3f7ff"),
        "petrol, teal and copper",
    ),
    "earth": Palette(
        ("#0e2a22", "#236a55", "#c9704a", "#f1d9b5"),
        ("#10261e", "#2a7a60", "#d9774a", "#f7e6c8"),
        ("#1e1014", "#8c3b2a", "#3fa088", "#f4e2c4"),
        "earthy: pine, terracotta and sand",
    ),
}
# words of a genre tag (or of the user) and the palette they ask for, the first that matches
GENRE_WORDS: tuple[tuple[str, str], ...] = (
    (r"metal|rock|punk|grunge|hardcore|industrial", "ember"),
    (r"electr|techno|house|trance|edm|dubstep|drum ?(and|&|n) ?bass|synth|chip|tracker|8.?bit|idm|dance|club", "neon"),
    (r"hip.?hop|rap|trap|pop|disco|funk|k-?pop", "candy"),
    (r"classical|orchestr|symphon|soundtrack|score|baroque|opera|choral|cinematic|epic", "royal"),
    (r"folk|acoustic|country|celtic|bluegrass|americana|world", "earth"),
    (r"ballad|soul|r ?& ?b|love|romantic", "dusk"),
    (r"jazz|swing|blues|lounge|bossa", "club"),
    (r"ambient|chill|lo.?fi|new age|drone|sad", "glacier"),
)
NOISY_FLATNESS = 0.05  # a distorted guitar's tone (rock, metal 0.07-0.20 on the evaluation set)
SYNTHETIC_FLATNESS = 0.015  # synths and drum machines (electronic, tracker 0.02-0.03; acoustic under 0.006)
DRIVING, CALM = 0.65, 0.35  # the drive's ends (``analysis.character``)
MANY_ONSETS_PER_S = 8.0  # an orchestra's or a folk band's many notes
MAJOR, MINOR = 0.1, -0.1  # ``analysis.timbre.mode``
MUDDY_HUES_DEG = (40.0, 100.0)  # with ``MUDDY_BELOW_LIGHTNESS``: olive, mustard, khaki
MUDDY_BELOW_LIGHTNESS = 0.62  # a light yellow or a cream is not mud; a dark or greyed one is


def palette_for(analysis: AudioAnalysis, genre: str | None = None) -> str:
    """The palette (a key of ``PALETTES``) for the music: its genre's (``genre_palette``), else its character's
    (``music_palette``)."""
    return genre_palette(genre) or music_palette(analysis)


def genre_palette(words: str | None) -> str | None:
    """The palette that genre words ask for ("Heavy Metal": "ember", "Romantic Classical": "royal"); None."""
    text = (words or "").lower()
    return next((name for pattern, name in GENRE_WORDS if re.search(pattern, text)), None)


def music_palette(analysis: AudioAnalysis) -> str:
    """The palette the music's character asks for (see the module's table)."""
    drive = 0.5 if analysis.drive is None else analysis.drive
    flat = analysis.flatness or 0.0
    mode = analysis.mode or 0.0
    onsets_per_s = len(analysis.onsets_ms) * 1000 / max(analysis.duration_ms, 1)
    if drive >= DRIVING or (drive >= 0.5 and flat >= NOISY_FLATNESS):
        if flat >= NOISY_FLATNESS:
            return "ember"
        if flat >= SYNTHETIC_FLATNESS:
            return "candy" if mode > MAJOR else "neon"
        return "candy" if mode >= MINOR else "neon"  # a clean tone is no distorted guitar: dark dance music
    if drive < CALM and onsets_per_s >= MANY_ONSETS_PER_S:
        return "earth" if mode >= 0 else "royal"
    if mode < MINOR:
        return "glacier"
    if drive < CALM or analysis.tempo_bpm < 100:
        return "dusk"
    return "club"


def scene_colors(name: str, variant: str, analysis: AudioAnalysis) -> list[str]:
    """The colours of palette ``name``'s ``variant`` ("quiet", "loud" or "drop") for this music: saturation from
    0.8 (calm) to 1.0 (driving) of the designed one, the light colours a little lighter in a major key and darker
    in a minor one; none of them muddy."""
    colors: Colors = getattr(PALETTES[name], variant)
    drive = 0.5 if analysis.drive is None else analysis.drive
    lift = 0.04 * max(-1.0, min(1.0, (analysis.mode or 0.0) / 0.2))
    return [_tuned(c, saturation=0.8 + 0.2 * drive, lift=lift if i >= 2 else 0.0) for i, c in enumerate(colors)]


def _tuned(color: str, *, saturation: float, lift: float) -> str:
    h, light, sat = colorsys.rgb_to_hls(*_rgb(color))
    out = _hex(colorsys.hls_to_rgb(h, min(0.97, max(0.0, light + lift)), min(1.0, sat * saturation)))
    return out if not muddy(out) else color


def muddy(color: str) -> bool:
    """Whether ``color`` reads as olive, mustard or khaki: a hue in ``MUDDY_HUES_DEG`` with some colour, not light."""
    h, light, sat = colorsys.rgb_to_hls(*_rgb(color))
    low, high = MUDDY_HUES_DEG
    return low <= h * 360 <= high and sat > 0.15 and light < MUDDY_BELOW_LIGHTNESS


def turned(color: str, degrees: float) -> str:
    """``color`` turned ``degrees`` round the colour wheel (as the renderer's ``hue`` turns a scene)."""
    h, light, sat = colorsys.rgb_to_hls(*_rgb(color))
    return _hex(colorsys.hls_to_rgb((h + degrees / 360) % 1.0, light, sat))


def hue_deg(color: str) -> float:
    """The colour's hue in degrees (HLS)."""
    return colorsys.rgb_to_hls(*_rgb(color))[0] * 360


def _rgb(color: str) -> tuple[float, float, float]:
    return int(color[1:3], 16) / 255, int(color[3:5], 16) / 255, int(color[5:7], 16) / 255


def _hex(channels: tuple[float, float, float]) -> str:
    return "#" + "".join(f"{round(min(max(c, 0.0), 1.0) * 255):02x}" for c in channels)
