"""The procedural composer: words or a video's mood and pace → an arranged piece → a mastered track.

::

    brief_from_words / brief_from_video  →  MusicBrief       (brief.py: style, tempo, key, mode, energy, length, grid)
    compose(brief, seed=…)               →  Composition      (arrange.py, parts.py, drums.py, melody.py: notes)
    render_track(composition, path)      →  GeneratedTrack   (produce.py: voices.py, drumkit.py and the SoundFont
                                                              (midi.py → synth.py) → mixbus.py → colour.py →
                                                              balance.py → master.py: WAV at -14 LUFS, -1 dBTP)
    generate_track(path, words=…, video=…, tempo_bpm=…, phase_ms=…, accents_ms=…, tempo_change=…, seed=…)

Importing this package is cheap: numpy, pretty_midi, soundfile and the synthesizer load when a track is rendered.
Errors: ``ValueError`` for a brief or output path a user got wrong (the message says what to use instead), and
``SynthesisError`` (an ``EngineError``) when the SoundFont synthesizer fails.
"""

from __future__ import annotations

from nemo_notebook.engine.music.brief import MusicBrief, brief_from_video, brief_from_words
from nemo_notebook.engine.music.compose import Composition, SectionInfo, compose
from nemo_notebook.engine.music.styles import STYLES
from nemo_notebook.engine.music.synth import SynthesisError
from nemo_notebook.engine.music.track import GeneratedTrack, generate_track, render_track

__all__ = [
    "STYLES",
    "Composition",
    "GeneratedTrack",
    "MusicBrief",
    "SectionInfo",
    "SynthesisError",
    "brief_from_video",
    "brief_from_words",
    "compose",
    "generate_track",
    "render_track",
]
