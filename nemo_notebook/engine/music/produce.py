"""A composition produced: each part rendered by the synthesised voice or the SoundFont, then mixed on the bus.

Which instrument plays a part:

* the produced styles (``PRODUCED``: electronic, upbeat pop, lo-fi/hip-hop, corporate, chill) play their drums on the
  synthesised kit (``drumkit``) and their bass on the synth bass;
* in every style, a part written for an electric or synthetic General MIDI program is played by the numpy voice
  that sounds like it (``voices``): synth leads and pads by detuned saws and squares through filter envelopes,
  electric pianos by FM keys, mallets and bells by FM bells;
* an overdriven or distortion guitar (GM 29, 30) is plucked strings through an amp and a cabinet (``amp``): its
  power chords (rock's rhythm guitars) doubled left and right, a line (a lead) once, with less drive;
* the acoustic instruments (piano, guitars, strings, brass, winds, acoustic bass and the acoustic kits) stay on the
  SoundFont, rendered in one pass as one stem (with its low parts in a second stem when bass or drums are among them,
  so the high-pass on the first cannot thin them; the first then renders in a process of its own meanwhile);
* the fx part (risers and crashes on a video's strong cuts) is always synthesised.

``mixbus.mix`` then sets the stems' levels, EQ, placement, width, side-chain pump and reverb send.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from nemo_notebook.engine.music.mixbus import Stem
from nemo_notebook.engine.music.notes import Part

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    from nemo_notebook.engine.music.compose import Composition

    Audio = npt.NDArray[np.float32]

PRODUCED = frozenset({"electronic", "upbeat", "lofi", "corporate", "chill"})
_REVERB_S = {"calm": 2.8, "sad": 2.6, "romantic": 2.4, "cinematic": 2.6, "epic": 2.2, "lofi": 1.3, "chill": 1.6,
             "piano": 2.4, "hiphop": 1.1}  # fmt: skip
_QUARTER_RATE = ("pad", "bass")
_ELECTRIC_GUITARS = (29, 30)  # GM overdriven and distortion guitar: power chords through the amp (``amp``)
_MELODIC_LIFT_DB = 4.0  # the synth voices' levels were set against the SoundFont's; they carry the mids here
_KIT_PRESENCE = ((3_000.0, 3.0, 0.7),)  # the kit's snare and cymbals, lifted where distorted guitars play
# Fluid's brushes hiss (the acoustic mix's centroid was 3.6 kHz) and its jazz kit's ride pings over a sad ballad's
# dark piano (in the 6-16 kHz band the median hit sat 29.6 dB under the loudest, the ride's; real recordings with a
# kit 1.7-17.2): both kits' stems are shelved down above 4 kHz (the sad ballad's median hit then 11.7 dB under)
_SHELVED_KITS, _KIT_SHELF = frozenset({32, 40}), ((4_000.0, -6.0, 0.0),)
# An epic piece's ride on every eighth and its crashes washed the top up to 16 kHz, where orchestral recordings fade
# above 8 kHz: the 8-16 kHz band's power 9.0 dB under the 2-8 kHz band's (real orchestral 12.1-21.1, rock and metal
# 5.0-15.4). Its kit's stem is shelved down above 8 kHz: 13.6 dB under.
# The Salamander piano is one microphone a key, panned +-20 %: a solo piano's side/mid measured 0.28, real pianos
# 0.5-0.8. Where it plays, its stem is spread as by a pair of microphones (``mixbus._spread``).
_PIANO, _PIANO_SPREAD = 0, 0.5
# The SoundFont's low piano keys carry their fundamental 35 dB under the note's whole (E1: -35.1, C1: -34.7 dB), and a
# solo piano's power under 60 Hz measured -37.3 dB of the mix (real recordings -26.3 to -4.6): where the piano plays
# the bass line (its left hand, from E1), the body's low end a close pair hears is lifted at 50 Hz.
_LEFT_HAND_BODY = ((50.0, 12.0, 0.7),)
_DARK_CYMBALS, _DARK_SHELF = frozenset({"epic"}), ((8_000.0, -8.0, 0.0),)
# The synthesised kit's hats, shaker and tambourine lifted (dB) where a pop mix's top end is its hats: in the 6-16
# kHz band, the median hit of an upbeat track sat 20 dB under its loudest (the snare's), a real pop recording's 7 dB
# (-1.7 to -14 over every real recording with a kit); now 8 dB (``tests/benchmarks/music_likeness.top_band_hits``).
# Lo-fi's and chill's hats lay 19-23 dB under their crashes there (the median hit -22.6 and -19.3 dB; real hip-hop
# -13.4, jazz -14.3): the hats lost under the tape's crackle; lifted, -14.5 and -13.8.
_METAL_DB = {"upbeat": 12.0, "corporate": 8.0, "lofi": 10.0, "chill": 6.0}
_KICK = {"lofi": "808", "electronic": "house"}  # the synthesised kit's kick (``drumkit._KICKS``); the rest "pop"
# Saturation where the genre's records have it (``saturate``): dB a part's loud level is driven over the curve's knee.
# Pop and house: the synth bass (its filter closes to 180 Hz, under what a phone's speaker plays: driven, its 2nd
# harmonic rises from 9.3 and 7.7 dB under the fundamental to 5.1 and 4.9), rendered at a quarter of the rate; house:
# the kit's bus (its claps and snare; the drums' peak over RMS 20.1 -> 18.4 dB); boom-bap: the sampled drums and bass
# together, as a sampler and tape drive them (23.6 -> 20.4 dB). Lo-fi's tape (``colour``) and rock's amp (``amp``)
# saturate already. 60 s, seed 1, each part alone through the mix bus.
_DRIVE_DB = {"upbeat": {"bass": 18.0}, "electronic": {"bass": 18.0, "kit": 6.0}, "hiphop": {"soundfont-low": 6.0}}
_BUSES = ("kit", "soundfont-low")  # the stems driven on the bus (the bass is driven as it is rendered)
_ACOUSTIC_LOW = 3.0  # dB the SoundFont's bass-and-drums stem sits under its parts' level (they carry more power)
# what each rendering costs, in rough units of one synthesised voice (measured: a kit ~2 s, a voice ~0.15 s, a
# SoundFont pass ~3 s a minute): the progress reported moves with the work done, not with the count of parts
_KIT_COST, _VOICE_COST, _SOUNDFONT_COST = 4.0, 1.0, 6.0


def voice_for(part: Part, style: str) -> str | None:
    """The synthesised voice that plays ``part`` in ``style`` (``"kit"`` for drums), or None for the SoundFont."""
    if part.name == "fx":
        return "kit"
    if part.is_drum:
        return "kit" if style in PRODUCED else None
    if part.name == "bass":
        return "bass" if style in PRODUCED else None
    program = part.program
    if program in _ELECTRIC_GUITARS:
        return "amp" if part.name == "power" else "amp-lead"
    if program in (4, 5):
        return "keys"
    if 8 <= program <= 11:
        return "bell"
    if program == 80 or (part.name == "arp" and 80 <= program <= 87):
        return "square"
    if 80 <= program <= 87:
        return "supersaw"
    if 88 <= program <= 95 or (program in (50, 51) and style in PRODUCED):
        return "pluck" if part.name in ("offbeat", "stabs") else "pad"
    return None


def soundfont_presets() -> frozenset[tuple[int, int]]:
    """(bank, program) of every SoundFont preset a composition can play: each style's layers (also with any
    instrument a user may name), its bass, and its drum kit (bank 128), where ``voice_for`` gives them to the
    SoundFont. The shipped SoundFont holds all of these (``tools/curate_soundfont.py`` cuts it to this list)."""
    from nemo_notebook.engine.music.styles import NAMED_INSTRUMENTS, STYLES, with_instruments

    presets = set()
    for name, style in STYLES.items():
        if style.drum_kit is not None and voice_for(Part("drums", style.drum_kit, True, (), 0.0), name) is None:
            presets.add((128, style.drum_kit))
        if voice_for(Part("bass", style.bass_program, False, (), 0.0), name) is None:
            presets.add((0, style.bass_program))
        for variant in (style, *(with_instruments(style, (word,)) for word in NAMED_INSTRUMENTS)):
            for layer in variant.layers:
                if voice_for(Part(layer.role, layer.program, False, (), 0.0), name) is None:
                    presets.add((0, layer.program))
    return frozenset(presets)


def instruments(composition: Composition) -> tuple[str, ...]:
    """What plays, in words (``"synth drums"``, ``"electric piano"``, ``"piano"``), for the reply."""
    names = []
    for part in composition.parts:
        voice = voice_for(part, composition.style)
        if part.name == "fx":
            continue
        if voice == "kit":
            names.append("synth drums")
        elif voice is not None:
            names.append(_VOICE_WORDS[voice])
        else:
            names.append("drums" if part.is_drum else _gm_family(part.program))
    return tuple(dict.fromkeys(names))


_VOICE_WORDS = {"bass": "synth bass", "keys": "electric piano", "bell": "synth bells", "square": "synth arpeggios",
                "supersaw": "bright synth lead", "pad": "soft synth chords", "pluck": "short synth chords",
                "amp": "distorted guitars", "amp-lead": "lead guitar"}  # fmt: skip
"""What each voice is called in the reply, in words a content creator knows: a blind reviewer of held-out 07 read
"saw pad" and "FM bells" (a synth's waveform and method) as jargon."""
_FAMILIES = ((0, 7, "piano"), (8, 15, "mallets"), (16, 23, "organ"), (24, 31, "guitar"), (32, 39, "bass"),
             (40, 47, "strings"), (48, 55, "string ensemble"), (56, 63, "brass"), (64, 79, "winds"))  # fmt: skip


def _gm_family(program: int) -> str:
    return next((name for low, high, name in _FAMILIES if low <= program <= high), "synth")


def render_produced(
    composition: Composition, *, sample_rate: int, length: int, progress: Callable[[float], None] | None = None
) -> Audio:
    """Every part rendered and mixed: float32 stereo, ``length`` samples, before mastering.

    ``progress`` hears the fraction done, 0..1: the parts' rendering up to 0.7 (weighed by what each costs), the
    mix the rest.
    """
    import numpy as np

    from nemo_notebook.engine.music.amp import render_guitars, render_lead
    from nemo_notebook.engine.music.drumkit import KICK, render_kit
    from nemo_notebook.engine.music.mixbus import doubled, mix
    from nemo_notebook.engine.music.styles import STYLES
    from nemo_notebook.engine.music.voices import render_voice

    style = STYLES[composition.style]
    drives = _DRIVE_DB.get(composition.style, {})
    tell = _Tally(composition, progress, share=0.7)
    stems: list[Stem] = []
    soundfont: list[Part] = []
    kicks: list[float] = []
    for index, part in enumerate(composition.parts):
        voice = voice_for(part, composition.style)
        if voice is None:
            soundfont.append(part)
        elif voice == "kit":
            metal = _METAL_DB.get(composition.style, 0.0) if part.name != "fx" else 0.0
            kick, kit = render_kit(
                part.notes, length, sample_rate, kick=_KICK.get(composition.style, "pop"), metal_db=metal
            )
            level = part.level_db
            if part.name == "fx":
                stems.append(Stem("fx", kit, level - 12.0, highpass_hz=200.0, send=0.3, width=1.2))
            else:
                kicks += [n.start_ms / 1000 for n in part.notes if n.pitch == KICK]
                stems.append(Stem("kick", kick, level, highpass_hz=None, eq=((60.0, 2.0, 1.0),), send=0.0, width=0.0))
                stems.append(Stem("kit", kit, level - 2.5, highpass_hz=110.0, eq=((9_000.0, 2.0, 0.0),), send=0.1))
        else:
            seed = composition.seed * 31 + index
            half = (length + 1) // 2
            if voice in ("amp", "amp-lead"):
                render = render_guitars if voice == "amp" else render_lead
                audio = render(part.notes, half, sample_rate // 2, seed=seed)
            elif voice in _QUARTER_RATE:  # dark, sustained voices: rendered at a quarter of the rate, then doubled
                quarter = render_voice(voice, part.notes, (half + 1) // 2, sample_rate // 4, seed=seed)
                quarter = _driven(quarter, drives.get(voice, 0.0), sample_rate // 4)  # the bass, where driven
                audio = np.ascontiguousarray(doubled(np.ascontiguousarray(quarter.T))[:, :half].T)
            else:
                audio = render_voice(voice, part.notes, half, sample_rate // 2, seed=seed)
            stems.append(replace(_stem(part, voice, audio, style.pump), half_rate=True))
        tell.spend(_cost(voice))
    rock = any(voice_for(p, composition.style) == "amp" for p in composition.parts)
    dark = composition.style in _DARK_CYMBALS
    stems += _soundfont_stems(soundfont, composition.tempo_bpm, length, tell, rock=rock, dark_cymbals=dark)
    return mix(
        [
            replace(s, audio=_driven(s.audio, drives.get(s.name, 0.0), sample_rate)) if s.name in _BUSES else s
            for s in stems
        ],
        sample_rate=sample_rate,
        length=length,
        kicks_s=kicks if style.pump else (),
        reverb_s=_REVERB_S.get(composition.style, 1.8),
        progress=tell.rest(),
    )


def _driven(audio: Audio, drive_db: float, sample_rate: int) -> Audio:
    """``audio`` (shape ``(n, 2)``) with its mid through ``saturate`` at ``drive_db`` (unchanged at 0): what the
    curve changes in the mid is added to both sides, so the side (panned hats, a stereo sample) stays as it was."""
    import numpy as np

    from nemo_notebook.engine.music.saturate import saturated

    if not drive_db:
        return audio
    mid = audio.mean(axis=1, dtype=np.float32)
    driven: Audio = audio + (saturated(mid, drive_db, sample_rate) - mid)[:, None]
    return driven


def _cost(voice: str | None) -> float:
    return _KIT_COST if voice == "kit" else _VOICE_COST if voice is not None else 0.0


class _Tally:
    """The parts' rendering as a fraction of its estimated cost, told to ``progress`` scaled into ``0..share``."""

    def __init__(self, composition: Composition, progress: Callable[[float], None] | None, share: float) -> None:
        voices = [voice_for(p, composition.style) for p in composition.parts]
        soundfont = [p for p, v in zip(composition.parts, voices, strict=True) if v is None]
        passes = len({p.is_drum or p.name == "bass" for p in soundfont})  # one SoundFont pass, or a high and a low
        self.total = sum(_cost(v) for v in voices) + passes * _SOUNDFONT_COST
        self.progress, self.share, self.spent = progress, share, 0.0

    def spend(self, cost: float) -> None:
        """A step costing ``cost`` is done."""
        self.spent += cost
        if cost and self.progress is not None and self.total > 0:
            self.progress(self.share * min(self.spent / self.total, 1.0))

    def rest(self) -> Callable[[float], None] | None:
        """A callback for the work after the parts (0..1), told scaled into ``share..1``."""
        progress, share = self.progress, self.share
        return None if progress is None else lambda fraction: progress(share + (1 - share) * fraction)


def _stem(part: Part, voice: str, audio: Audio, pump: bool) -> Stem:
    pan = (part.pan - 64) / 64
    part = replace(part, level_db=part.level_db + _MELODIC_LIFT_DB if voice != "bass" else part.level_db)
    if voice == "bass":
        return Stem("bass", audio, part.level_db, highpass_hz=None, eq=((250.0, -2.0, 1.0),), width=0.0, send=0.0,
                    pump=0.5 if pump else 0.0)  # fmt: skip
    if voice == "amp":  # the cabinet is its band-pass; the two takes are the width
        return Stem(part.name, audio, part.level_db, highpass_hz=None, pan=0.0, width=1.0, send=0.1)
    if voice == "amp-lead":
        return Stem(part.name, audio, part.level_db, highpass_hz=None, pan=pan, width=0.0, send=0.25)
    if voice == "pad":
        return Stem(part.name, audio, part.level_db, highpass_hz=220.0, eq=((450.0, -2.5, 0.8), (6_000.0, 2.0, 0.0)),
                    pan=pan, width=1.4, send=0.35, pump=0.65 if pump else 0.0)  # fmt: skip
    if part.name in ("lead", "counter"):
        return Stem(part.name, audio, part.level_db, highpass_hz=250.0, eq=((3_000.0, 2.0, 0.9),), pan=pan,
                    width=0.9, send=0.25)  # fmt: skip
    return Stem(part.name, audio, part.level_db, highpass_hz=180.0, eq=((350.0, -2.0, 0.9),), pan=pan, width=1.2,
                send=0.22, pump=0.4 if pump else 0.0)  # fmt: skip


def _soundfont_stems(
    parts: Sequence[Part],
    tempo_bpm: float,
    length: int,
    tell: _Tally,
    *,
    rock: bool = False,
    dark_cymbals: bool = False,
) -> list[Stem]:
    """The SoundFont's parts: the high ones as one stem, bass and drums (when there) as another, low-cut less; the
    two rendered side by side (``synth.render_mixes``).

    ``rock``: distorted guitars play, and the kit's snare and cymbals are lifted around 3 kHz to stand with them
    (Fluid's Power kit is 3-5 dB darker than the former GM font's from 250 Hz to 2 kHz: the rock mix's 1-4 kHz band
    lost its noise, its flatness falling from 0.28 to 0.25; lifted, 0.26). Fluid's Brush kit swishes with broadband
    hiss and its Jazz kit's ride pings: their stem is shelved down above 4 kHz (the acoustic mix's centroid went from 2.7 to 3.6 kHz with it, real
    recordings measured 0.9-2.8 kHz). ``dark_cymbals``: the kit's stem is shelved down above 8 kHz
    (``_DARK_CYMBALS``). The SoundFont's high stem is narrowed to 0.75 of its width (Fluid's
    piano is a stereo recording: widened 1.5 times as the former font was, the solo piano's side/mid was 1.25, real
    recordings 0-0.89; the Salamander piano that replaced it is one microphone a key, panned ±20 %: a sad solo
    piano's side/mid 0.33), and its 7 kHz lift (+2.5 dB, set for the former font's dull samples) is gone.
    """
    from nemo_notebook.engine.music.synth import render_mixes

    low = [p for p in parts if p.is_drum or p.name == "bass"]
    high = [replace(p, reverb=min(p.reverb, 20)) for p in parts if not (p.is_drum or p.name == "bass")]
    groups = [g for g in (high, low) if g]
    audios = dict(zip(map(id, groups), render_mixes(groups, tempo_bpm=tempo_bpm, length=length,
                                                   done=lambda: tell.spend(_SOUNDFONT_COST)), strict=True))  # fmt: skip
    stems = []
    if high:
        spread = _PIANO_SPREAD if any(p.program == _PIANO for p in high) else 0.0
        stems.append(Stem("soundfont", audios[id(high)], max(p.level_db for p in high), highpass_hz=140.0,
                          eq=((350.0, -2.0, 0.8),), width=0.75, send=0.25, spread=spread))  # fmt: skip
    if low:
        stems.append(Stem("soundfont-low", audios[id(low)], max(p.level_db for p in low) - _ACOUSTIC_LOW,
                          highpass_hz=30.0, eq=_low_eq(low, rock, dark_cymbals), send=0.08, width=1.0,
                          spread=_PIANO_SPREAD if _left_hand(low) else 0.0))  # fmt: skip
    return stems


def _low_eq(low: Sequence[Part], rock: bool, dark: bool) -> tuple[tuple[float, float, float], ...]:
    shelved = any(p.is_drum and p.program in _SHELVED_KITS for p in low)
    return (*(_KIT_PRESENCE if rock else ()), *(_KIT_SHELF if shelved else ()), *(_DARK_SHELF if dark else ()),
            *(_LEFT_HAND_BODY if _left_hand(low) else ()))  # fmt: skip


def _left_hand(low: Sequence[Part]) -> bool:
    """Whether the SoundFont's low stem is a piano's bass line alone (a solo piano's left hand)."""
    return all(not p.is_drum and p.program == _PIANO for p in low)
