"""A track alone's opening title stays over a quiet intro until shortly before the music comes in. A
blind reviewer of held-out 06 (main of stop 55, its title 0:01-0:06 over a 14.5 s intro): "8 s of near silence with
a small dim ring before the drop, which is prime scroll-away time"; of the older title, held to 0:14.3, "fades out
just as the music comes in, which is a nice handoff" (``planning.quiet_intro.held_over_intro``).

The song: 10 s of a pad and an arpeggio 30 dB down, then its drop, 24 s in all, at 128 BPM (``quiet_intro_song``),
in the pulse design (held-out 06's), rendered at 320x180. Measured on the frames: the title's white type (luma over 0.85) in the top quarter of the frame,
against the most of it in any frame before the entry. Since stop 64 the title is gone ``CLEAR_MS`` (3 s) before the
entry, the intro's tunnel and ring building to the drop in those seconds (stop 62's reviewer: the title "hangs for
the whole of that time")."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from nemo_notebook.engine.planning import MusicVideoOptions, plan_music_video
from nemo_notebook.engine.planning.quiet_intro import CLEAR_MS
from nemo_notebook.engine.render import render_draft
from nemo_notebook.protocol.vocabulary import Role

from .synth import audio_info, click_analysis, quiet_intro_song
from .test_track_alone_look import LUMA, rgb_frames

SIZE = (320, 180)
TEMPO, QUIET_MS, LENGTH_MS = 128.0, 10_000, 24_000


def test_the_title_stays_over_a_quiet_intro_until_shortly_before_the_music_comes_in(tmp_path: Path) -> None:
    song = quiet_intro_song(tmp_path / "song.wav", QUIET_MS / 1000, LENGTH_MS / 1000)
    energy = (0.3,) * (QUIET_MS // 100) + (0.9,) * ((LENGTH_MS - QUIET_MS) // 100 + 1)
    analysis = click_analysis(TEMPO, LENGTH_MS, energy=energy, sections_ms=(0, QUIET_MS))
    info = audio_info("song", song, LENGTH_MS)
    made = plan_music_video(
        info, analysis, [], MusicVideoOptions(title="Night Drive", credit_line=True, backdrop="pulse")
    )
    entry_ms = made.meta.get("quiet_intro_ms")
    assert isinstance(entry_ms, int) and abs(entry_ms - QUIET_MS) <= 500, made.meta  # the intro is found quiet
    title = next(sg for t in made.tracks for sg in t.segments if sg.meta.get("role") == Role.TITLE)
    out = render_draft(made, {"song": (song, info)}, tmp_path / "intro.mp4", quality="low", size=SIZE)
    frames = rgb_frames(out.path, SIZE)
    fps = len(frames) / (LENGTH_MS / 1000)
    white = ((frames[:, : SIZE[1] // 4] @ LUMA) > 0.85).sum(axis=(1, 2))  # over the ring, grown by the entry
    shown = white / max(int(white[: round(entry_ms / 1000 * fps)].max()), 1)  # not the end card's

    def at(s: float) -> float:
        return float(shown[round(s * fps)])

    clear_ms = title.end_ms  # ``CLEAR_MS`` before the entry, or its usual length where that is later
    assert entry_ms - CLEAR_MS - 100 <= clear_ms <= entry_ms - 2000, (title.end_ms, entry_ms)
    # up through the quiet intro to within a second of ``CLEAR_MS`` before the entry (7d8cd68: gone from 6.5 s on,
    # 0.0 at 9 s)
    held = [round(at(s), 2) for s in np.arange(3.0, clear_ms / 1000 - 1.0, 0.5)]
    assert min(held) >= 0.5, (held, title.start_ms, title.end_ms)
    # and gone for the build's last seconds, before the music comes in (5fd40107: its fade out ended on the entry)
    gone = [round(at(s), 2) for s in np.arange(clear_ms / 1000 + 0.3, entry_ms / 1000, 0.5)]
    assert max(gone) <= 0.1, (gone, title.end_ms, entry_ms)
