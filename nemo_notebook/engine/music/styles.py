"""The styles the composer knows: tempo range, harmony, instruments and grooves, one table row each.

Instruments are General MIDI programs, drum kits GM kit numbers on channel 10 (0 Standard, 8 Room, 16 Power, 25
TR-808, 32 Jazz, 40 Brush). Those a style sends to the SoundFont (``produce.soundfont_presets``; the produced styles'
kits and synthetic programs are played by numpy voices) are all in the shipped one (``soundfont``, a cut of Fluid R3).
The mix levels are dB relative to the drums; the synthesizer module
measures each part's loudness on a short excerpt and sets its channel volume, so a quiet sample cannot bury a part.
The sampled string sections (48, 49) cost the synthesizer about five times what other pads do, so they are kept for
the styles whose sound is strings (sad, romantic, cinematic, epic) and pop styles pad with synths.
"""

from __future__ import annotations

from dataclasses import dataclass, replace


@dataclass(frozen=True)
class Layer:
    """One pitched part of the arrangement: how it plays, on which instrument, how loud and from which energy on."""

    role: str  # "pad", "stabs", "strum", "arp", "block", "offbeat", "power", "lead", "counter"
    program: int
    level_db: float
    min_energy: float = 0.0
    pan: int = 64
    octave: int = 0


@dataclass(frozen=True)
class Style:
    name: str
    tempo_range_bpm: tuple[float, float]
    mode: str  # "major", "minor" or "either"
    energy: float
    drum_kit: int | None  # None: no drum kit at all
    groove: str  # key into parts.GROOVES
    bass: str  # key into parts.BASS_LINES
    bass_program: int
    layers: tuple[Layer, ...]
    progressions_major: tuple[tuple[str, ...], ...]
    progressions_minor: tuple[tuple[str, ...], ...]
    swing: float = 0.0  # 0 straight; 0.15 a light shuffle of the off-beat eighths
    melody_density: float = 0.5  # 0 sparse long notes … 1 busy
    drum_level_db: float = 0.0
    bass_level_db: float = -4.0
    pump: bool = False  # pads and chords duck on every beat, as if side-chained to the kick
    chords_per_bar: int = 1  # 2: the harmony moves every half bar (slow styles, whose bars are three seconds long)
    bass_low: int = 31  # the bass's roots from this MIDI note up (G1, 49 Hz); a solo piano's left hand from E1


_POP_MAJOR = (("I", "V", "vi", "IV"), ("vi", "IV", "I", "V"), ("I", "vi", "IV", "V"), ("IV", "I", "V", "vi"))
_POP_MINOR = (
    ("i", "bVI", "bIII", "bVII"),
    ("i", "iv", "bVI", "V"),
    ("bVI", "bVII", "i", "i"),
    ("i", "bVII", "bVI", "bVII"),
)
_JAZZY_MAJOR = (
    ("ii7", "V7", "Imaj7", "vi7"),
    ("IVmaj7", "iii7", "ii7", "Imaj7"),
    ("Imaj7", "vi7", "ii7", "V7"),
    ("IVmaj7", "V7", "iii7", "vi7"),
)
_JAZZY_MINOR = (
    ("i7", "iv7", "bVIImaj7", "bIIImaj7"),
    ("i7", "bVImaj7", "iv7", "V7"),
    ("iv7", "bVII7", "bIIImaj7", "bVImaj7"),
    ("i7", "iv7", "i7", "V7"),
)
_CINEMA_MAJOR = (("I", "IV", "vi", "V"), ("vi", "IV", "I", "V"), ("I", "iii", "IV", "IV"), ("IV", "V", "vi", "vi"))
_CINEMA_MINOR = (
    ("i", "bVI", "bIII", "bVII"),
    ("i", "bVI", "iv", "V"),
    ("bVI", "bVII", "i", "i"),
    ("i", "bIII", "bVII", "bVI"),
)
_CALM_MAJOR = (
    ("Iadd9", "IVmaj7", "vi7", "IVmaj7"),
    ("Imaj7", "iii7", "IVmaj7", "Vsus4"),
    ("vi7", "IVmaj7", "Iadd9", "Vsus4"),
)
_CALM_MINOR = (
    ("i7", "bVImaj7", "bIIImaj7", "bVII"),
    ("iadd9", "iv7", "bVImaj7", "bVII"),
    ("i7", "bVImaj7", "iv7", "i7"),
)

STYLES: dict[str, Style] = {
    s.name: s
    for s in (
        Style("upbeat", (112, 128), "major", 0.75, 0, "pop", "pop", 33,
              (Layer("stabs", 0, -7, pan=54), Layer("pad", 89, -14, 0.55, pan=74), Layer("lead", 11, -4),
               Layer("counter", 9, -13, 0.8, pan=84, octave=1)),
              _POP_MAJOR, _POP_MINOR, melody_density=0.65),
        Style("energetic", (124, 140), "either", 0.9, 16, "rock", "drive", 34,
              (Layer("power", 29, -3), Layer("pad", 62, -16, 0.5, pan=84), Layer("lead", 29, -6),
               Layer("counter", 30, -14, 0.85, pan=88)),
              _POP_MAJOR, _POP_MINOR, melody_density=0.7),
        Style("happy", (104, 120), "major", 0.7, 0, "happy", "bounce", 32,
              (Layer("strum", 24, -6, pan=50), Layer("stabs", 0, -11, 0.5, pan=78), Layer("lead", 9, -5),
               Layer("counter", 78, -13, 0.75, pan=84)),
              _POP_MAJOR, _POP_MINOR, melody_density=0.6),
        Style("calm", (66, 80), "major", 0.25, None, "none", "whole", 32,
              (Layer("pad", 89, -11), Layer("arp", 0, -7, pan=56, octave=1), Layer("lead", 73, -7, 0.3)),
              _CALM_MAJOR, _CALM_MINOR, melody_density=0.25, bass_level_db=-10.0, chords_per_bar=2),
        Style("chill", (84, 96), "either", 0.4, 40, "chill", "chill", 33,
              (Layer("block", 4, -6, pan=58), Layer("pad", 89, -13, 0.3, pan=70), Layer("lead", 11, -6, 0.35)),
              _JAZZY_MAJOR, _JAZZY_MINOR, swing=0.12, melody_density=0.4, chords_per_bar=2),
        Style("lofi", (72, 88), "either", 0.4, 0, "boombap", "lofi", 33,
              (Layer("block", 4, -5, pan=56), Layer("lead", 11, -8, 0.35, pan=72), Layer("pad", 89, -15, 0.5)),
              _JAZZY_MAJOR, _JAZZY_MINOR, swing=0.18, melody_density=0.35, bass_level_db=-2.0,
              chords_per_bar=2),
        Style("sad", (64, 76), "minor", 0.3, 32, "ballad", "whole", 42,
              (Layer("arp", 0, -5, pan=58, octave=1), Layer("pad", 49, -10, 0.3, pan=72), Layer("lead", 42, -6, 0.3, octave=-1)),
              _CINEMA_MAJOR, _CINEMA_MINOR, melody_density=0.3, drum_level_db=-6.0, chords_per_bar=2),
        Style("cinematic", (80, 100), "minor", 0.55, 16, "cinematic", "pulse", 48,
              (Layer("pad", 48, -6), Layer("arp", 46, -9, 0.3, pan=44), Layer("lead", 60, -6, 0.45),
               Layer("counter", 52, -12, 0.7, pan=80)),
              _CINEMA_MAJOR, _CINEMA_MINOR, melody_density=0.35, bass_level_db=-7.0, chords_per_bar=2),
        Style("epic", (120, 140), "minor", 0.95, 16, "epic", "drive", 48,
              (Layer("power", 48, -6, pan=50), Layer("pad", 52, -10, 0.4, pan=78), Layer("lead", 61, -5, 0.4),
               Layer("counter", 60, -11, 0.7, pan=40)),
              _CINEMA_MAJOR, _CINEMA_MINOR, melody_density=0.45),
        Style("acoustic", (92, 112), "major", 0.5, 40, "acoustic", "rootfifth", 32,
              (Layer("strum", 25, -5, pan=52), Layer("lead", 73, -6, 0.35, pan=70), Layer("counter", 24, -13, 0.7, pan=84)),
              _POP_MAJOR, _POP_MINOR, melody_density=0.45),
        Style("electronic", (120, 128), "either", 0.85, 25, "house", "offbeat", 38,
              (Layer("offbeat", 90, -9, pan=60), Layer("pad", 89, -13, 0.2, pan=72), Layer("lead", 81, -7, 0.45),
               Layer("arp", 80, -14, 0.7, pan=88, octave=1)),
              _POP_MAJOR, _POP_MINOR, melody_density=0.6, bass_level_db=-2.0, pump=True),
        Style("corporate", (100, 116), "major", 0.6, 0, "corporate", "eighths", 33,
              (Layer("stabs", 0, -6, pan=56), Layer("arp", 27, -12, 0.4, pan=80), Layer("pad", 50, -14, 0.5),
               Layer("lead", 9, -8, 0.55, pan=70)),
              _POP_MAJOR, _POP_MINOR, melody_density=0.5),
        Style("piano", (60, 84), "either", 0.3, None, "none", "whole", 0,
              (Layer("arp", 0, -4, pan=60), Layer("lead", 0, -2, pan=68, octave=1)),
              _CALM_MAJOR, _CALM_MINOR, melody_density=0.3, bass_level_db=0.0, chords_per_bar=2, bass_low=28),
        Style("hiphop", (85, 95), "either", 0.6, 8, "boombap", "lofi", 33,
              (Layer("block", 0, -6, pan=56), Layer("pad", 49, -16, 0.5, pan=74), Layer("lead", 11, -9, 0.45, pan=70)),
              _JAZZY_MAJOR, _JAZZY_MINOR, swing=0.2, melody_density=0.3, bass_level_db=-1.0),
        Style("romantic", (66, 80), "major", 0.35, 40, "ballad", "rootfifth", 32,
              (Layer("arp", 0, -5, pan=56), Layer("pad", 49, -10, 0.25, pan=74), Layer("lead", 40, -6, 0.3)),
              _CINEMA_MAJOR, _CINEMA_MINOR, melody_density=0.35, drum_level_db=-7.0, chords_per_bar=2),
    )
}  # fmt: skip

# Words a user may say → the style they mean. Checked in order, so the more specific words come first.
STYLE_WORDS: tuple[tuple[str, str], ...] = (
    ("solo piano", "piano"), ("piano solo", "piano"), ("piano only", "piano"), ("only piano", "piano"),
    ("just piano", "piano"), ("piano alone", "piano"),
    ("lo-fi", "lofi"), ("lo fi", "lofi"), ("lofi", "lofi"), ("study", "lofi"), ("boom bap", "hiphop"),
    ("boom-bap", "hiphop"), ("boombap", "hiphop"), ("hip hop", "hiphop"), ("hip-hop", "hiphop"), ("hiphop", "hiphop"),
    ("trailer", "epic"), ("epic", "epic"), ("orchestral", "epic"), ("heroic", "epic"),  # "epic cinematic": epic
    ("cinematic", "cinematic"), ("film", "cinematic"), ("movie", "cinematic"), ("dramatic", "cinematic"),
    ("suspense", "cinematic"),
    ("electronic", "electronic"), ("edm", "electronic"), ("house", "electronic"), ("dance", "electronic"),
    ("techno", "electronic"), ("synth", "electronic"), ("corporate", "corporate"), ("business", "corporate"),
    ("presentation", "corporate"), ("tech", "corporate"), ("inspiring", "corporate"), ("uplifting", "corporate"),
    ("motivational", "corporate"), ("romantic", "romantic"), ("love", "romantic"), ("wedding", "romantic"),
    ("tender", "romantic"), ("rock", "energetic"), ("electric guitar", "energetic"),  # "rock … with guitar": rock
    ("acoustic", "acoustic"), ("guitar", "acoustic"), ("folk", "acoustic"),
    ("sad", "sad"), ("melanchol", "sad"), ("emotional", "sad"), ("somber", "sad"), ("sombre", "sad"), ("dark", "sad"),
    ("calm", "calm"), ("ambient", "calm"), ("relax", "calm"), ("peaceful", "calm"), ("meditat", "calm"),
    ("serene", "calm"), ("dreamy", "calm"), ("ethereal", "calm"), ("atmospheric", "calm"), ("chill", "chill"),
    ("mellow", "chill"), ("laid-back", "chill"), ("laid back", "chill"),
    ("energetic", "energetic"), ("intense", "energetic"), ("powerful", "energetic"),
    ("action", "energetic"), ("sport", "energetic"), ("workout", "energetic"), ("happy", "happy"),
    ("cheerful", "happy"), ("joyful", "happy"), ("fun", "happy"), ("playful", "happy"), ("kids", "happy"),
    ("upbeat", "upbeat"), ("up-beat", "upbeat"), ("pop", "upbeat"), ("bright", "upbeat"), ("travel", "upbeat"),
    ("vlog", "upbeat"), ("summer", "upbeat"), ("positive", "upbeat"),
    # the seeds' Chinese words
    ("低保真", "lofi"), ("电影", "cinematic"), ("史诗", "epic"), ("电子", "electronic"), ("企业", "corporate"),
    ("商务", "corporate"), ("浪漫", "romantic"), ("吉他", "acoustic"), ("原声", "acoustic"), ("悲伤", "sad"),
    ("伤感", "sad"), ("平静", "calm"), ("安静", "calm"), ("舒缓", "calm"), ("轻松", "chill"), ("放松", "chill"),
    ("动感", "energetic"), ("激昂", "energetic"), ("活力", "energetic"), ("快乐", "happy"), ("开心", "happy"),
    ("欢快", "upbeat"), ("旅行", "upbeat"),
)  # fmt: skip

# An instrument a user names → (the roles it takes over, its GM program).
_INSTRUMENT_ROLES: dict[str, tuple[tuple[str, ...], int]] = {
    "piano": (("stabs", "arp", "block"), 0),
    "guitar": (("strum", "stabs", "power"), 25),
    "strings": (("pad",), 48),
    "synth": (("lead",), 81),
    "bells": (("lead", "counter"), 9),
    "brass": (("lead",), 61),
    "choir": (("pad",), 52),
    "flute": (("lead",), 73),
}
NAMED_INSTRUMENTS = tuple(_INSTRUMENT_ROLES)  # the instruments a user may name (``with_instruments``)


def with_instruments(style: Style, instruments: tuple[str, ...]) -> Style:
    """The style with the instruments a user asked for in the parts they can play (``"piano"`` takes the chords).

    Each named instrument takes the first layer whose role it can play (a guitar asked of a style that has one, the
    electric guitars of rock, leaves it as it is); a name the style has no part for is left out.
    """
    layers = list(style.layers)
    for name in instruments:
        roles, program = _INSTRUMENT_ROLES.get(name, ((), 0))
        index = next((i for i, layer in enumerate(layers) if layer.role in roles), None)
        if index is not None and not (name == "guitar" and 24 <= layers[index].program <= 31):
            layers[index] = replace(layers[index], program=program)  # a guitar already there stays (rock's electric)
    return replace(style, layers=tuple(layers))
