"""A track alone's quiet parts move less than its loud ones: held-out 06 of stop 54 (electronic, 132 BPM, the tunnel)
moved as much in its near-silent 14.5 s intro and its breakdown at 2:21-2:33 (-24 to -30 LUFS) as in its drop,
"mean frame change 6-7 vs 6-7" (a blind reviewer). A tunnel's frames over a quiet intro that builds to the drop
change clearly less from one frame to the next than over the drop (at most ``BUILT_SHARE`` as much over its last 3 s,
where it builds most), and its first seconds are clearly darker than the drop (``INTRO_DARK``)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np

from nemo_notebook.engine.planning import MusicVideoOptions, plan_music_video
from nemo_notebook.engine.render import render_draft
from nemo_notebook.protocol import Segment

from .synth import audio_info, click_analysis, quiet_intro_song
from .test_track_alone_look import rgb_frames

SIZE = (640, 360)
FPS = 15  # the preview's (``quality="preview"``: half of 30)
# the intro's last 3 s against the drop: 0.91 at merge54 (its build as fast as the drop), 0.44 at 5fd40107 (its build
# even over the intro, "viewers are gone before the music arrives", stop 62), 0.54 since stop 64 (the build most in its
# last seconds, its ring growing; the drop's ring pulsing on the beat)
BUILT_SHARE = 0.6
BUILDS = 2.0  # its last 3 s change a frame at least this many times its first 3 s: 2.39 since stop 64
INTRO_DARK = 0.6  # its first 3 s at most this bright (mean luma) against the drop's: 0.89 till s68 ("as bright as the
# loud sections", a blind reviewer of held-out 06's intro), 0.48 since (``backdrops.BUILD_DARK``)
QUIET_S = 9  # the first 9 s quiet (a pad and an arpeggio 30 dB down, a quiet intro: 8 s or more), then the drop


def _unfaded(segment: Segment) -> Segment:
    return dataclasses.replace(segment, meta={k: v for k, v in segment.meta.items() if k != "fade_out_ms"})


def test_a_quiet_intro_s_tunnel_changes_clearly_less_a_frame_than_the_drop_s(tmp_path: Path) -> None:
    """merge54: 0.91 of the drop's change a frame over the intro's last 3 s (its flow built up to 0.22 rings a beat,
    near the drop's push of 0.25, and its light swelled); 0.44 at 5fd40107; 0.54 since stop 64 (``BUILT_SHARE``)."""
    seconds = QUIET_S + 3
    song = quiet_intro_song(tmp_path / "song.wav", QUIET_S, seconds)
    energy = (0.27,) * (QUIET_S * 10) + (0.95,) * (601 - QUIET_S * 10)
    analysis = click_analysis(
        128, 60_000, drive=0.9, flatness=0.03, mode=-0.15, energy=energy, sections_ms=(0, QUIET_S * 1000)
    )
    info = audio_info("song", song, 60_000)
    made = plan_music_video(info, analysis, [], MusicVideoOptions(backdrop="pulse"))
    tracks = [dataclasses.replace(t, segments=tuple(map(_unfaded, t.segments))) for t in made.tracks]
    made = dataclasses.replace(made, duration_ms=seconds * 1000, tracks=tuple(tracks))  # its first 12 s, not fading
    lane = made.tracks[0].segments
    assert [s.meta.get("variant") for s in lane][:2] == ["quiet", "drop"] and lane[0].meta.get("builds"), lane
    out = tmp_path / "alone.mp4"
    render_draft(made, {"song": (song, info)}, out, quality="preview", size=SIZE)
    luma = np.asarray(rgb_frames(out, SIZE), np.float32).mean(axis=3)
    change = np.abs(np.diff(luma, axis=0)).mean(axis=(1, 2))
    cut = lane[1].start_ms * FPS // 1000
    quiet = float(change[cut - 3 * FPS : cut - 3].mean())  # the intro's last 3 s, up to the cut
    loud = float(change[cut + FPS : seconds * FPS - 3].mean())  # the drop, from a second in
    assert quiet <= BUILT_SHARE * loud, (quiet, loud)
    # and it builds: its last 3 s change more a frame than its first 3 s (``BUILDS``)
    first = float(change[3 : 3 * FPS].mean())
    assert quiet >= BUILDS * first, (first, quiet, loud)
    # and it is dark at first, its lights coming up with the music (``INTRO_DARK``)
    dark, lit = float(luma[3 : 3 * FPS].mean()), float(luma[cut + FPS : seconds * FPS - 3].mean())
    assert dark <= INTRO_DARK * lit, (dark, lit)
