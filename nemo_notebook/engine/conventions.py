"""How the engine's parts read and write a draft: the meaning of roles and metadata keys beyond API.md's table.

Planning writes drafts in this form, the agent edits them, and the renderer draws exactly what they say.

Draft ``m``: ``aspect`` ("16:9" | "9:16" | "1:1"), ``fps`` (30 by default), ``bpm``, ``beats_ms``, ``downbeats_ms``
(where music was analysed or composed), ``loudnorm`` (bool, default true). Draft ``d`` is the length of the export.
The agent adds ``beats_per_cut`` (int) and ``cut_on_downbeats`` (bool) when the user sets a cut rate, so that
"faster cuts" knows where it starts from.

Video tracks (``tt`` 0):

- the **visuals** lane (track ``m.role`` = "visuals"): segments back to back from 0 to ``d``. A segment with ``src``
  shows a video (from ``in`` ms) or a picture (an audio file's cover picture, where ``src`` is audio with one); a
  picture's ``m.motion`` is one of ``MOTIONS``. A segment without
  ``src`` and ``m.role`` = "background" is a generated background (``m.effect`` one of ``BACKGROUNDS``, ``m.colors``
  a list of "#rrggbb"). A clip's own sound plays at ``m.volume`` (default 1.0, 0 mutes). ``m.fade_in_ms`` and
  ``m.fade_out_ms`` fade the picture from and to black.
- a **visualizer** lane (track ``m.role`` = "visualizer"): one segment, ``src`` the audio it draws, ``m.effect`` one
  of ``VISUALIZERS``, ``m.color`` "#rrggbb", ``m.position`` one of ``POSITIONS``, ``m.opacity`` 0..1.

Audio tracks (``tt`` 1): track ``m.role`` "music" (the piece the video is made for, full level) or "bgm" (a score
under clips), "voice"; track ``m.volume`` 0..1 (default 1.0); segments with ``src``, ``in``, and ``m.fade_in_ms``,
``m.fade_out_ms``; track ``m.duck`` (bool): lower this track further where the clips' own sound has speech.

Text tracks (``tt`` 7): segments with ``m.text``, ``m.role`` "title" or "text", ``m.style`` an object with ``size``
(pixels at 1080 lines), ``color`` ("#rrggbb"), ``position`` (one of ``POSITIONS``), and ``m.fade_in_ms``,
``m.fade_out_ms``.
"""

from __future__ import annotations

ROLE_VISUALS = "visuals"
ROLE_VISUALIZER = "visualizer"
ROLE_BACKGROUND = "background"
ROLE_MUSIC = "music"
ROLE_BGM = "bgm"
ROLE_VOICE = "voice"
ROLE_TITLE = "title"
ROLE_TEXT = "text"

VISUALIZERS = ("waves", "spectrum", "cqt", "vectorscope")
MOTIONS = ("zoom_in", "zoom_out", "pan_left", "pan_right", "none")
BACKGROUNDS = ("gradient", "pulse")
POSITIONS = ("top", "center", "bottom", "lower_third", "full")

ASPECT_SIZES: dict[str, tuple[int, int]] = {"16:9": (1920, 1080), "9:16": (1080, 1920), "1:1": (1080, 1080)}
DEFAULT_FPS = 30
BGM_UNDER_CLIP_VOLUME = 0.35
