"""Cuts landed as heard (issue 28), as a user makes them: the held-out 12-cut clip uploaded through the client to the
embedded engine, "add background music to this video and sync it to the cuts", exported at high quality; essentia's
beat tracker (``/work/shared/tools/reference-beats``, its own venv: AGPL, never imported here) runs on the exported
sound, and each of the clip's 12 cuts (``MANIFEST.md``) counts when a beat it hears lies within 70 ms. Printed per
cut: the distance to the nearest heard beat and to the nearest beat the draft was written on. Goal: 80 %.

``NEMO_BENCH_CUTS_WORDS`` replaces the words; the exported MP4 and its sound stay in ``tests/artifacts/cuts-heard/``.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from pathlib import Path

import numpy as np

from tests.benchmarks import Figure
from tests.benchmarks.score_figures import essentia_beats

CLIP = Path("/work/evalset/video/twelve-cuts.mp4")
CUTS_MS = (2_300, 4_000, 7_100, 9_100, 11_700, 13_100, 16_500, 18_700, 20_500, 23_300, 24_900, 27_500)
ARTEFACTS = Path(__file__).resolve().parents[1] / "artifacts" / "cuts-heard"
_NEAR_MS = 70.0


def run() -> list[Figure]:
    import imageio_ffmpeg

    from nemo_notebook import Client

    if not CLIP.is_file():
        print(f"  ({CLIP} is missing: run tests/benchmarks/evalset/fetch.sh /work/evalset)", flush=True)
        return []
    words = os.environ.get("NEMO_BENCH_CUTS_WORDS", "add background music to this video and sync it to the cuts")
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    video, sound = ARTEFACTS / "export.mp4", ARTEFACTS / "export.wav"
    with tempfile.TemporaryDirectory() as home, Client(home=home) as client:
        session = client.sessions.create()
        session.upload(CLIP)
        print(f"  {words!r}: {session.send(words).text.splitlines()[-1]}", flush=True)
        written = np.asarray(session.state().draft.meta.get("beats_ms") or [], dtype=np.float64)
        session.export(quality="high").wait(timeout=600).download(video)
    subprocess.run([imageio_ffmpeg.get_ffmpeg_exe(), "-y", "-v", "error", "-i", str(video), "-vn", str(sound)],
                   check=True)  # fmt: skip
    heard = essentia_beats(sound)
    if heard is None:
        print("  (essentia's reference-beats cannot run here)", flush=True)
        return []
    for cut in CUTS_MS:
        to_written = float(np.min(np.abs(written - cut))) if written.size else float("nan")
        print(
            f"  cut {cut:6d} ms: heard beat {float(np.min(np.abs(heard - cut))):6.1f} ms away, written {to_written:6.1f}"
        )
    share = float(np.mean([np.min(np.abs(heard - c)) <= _NEAR_MS for c in CUTS_MS]))
    return [Figure("held-out cuts within 70 ms of a beat essentia hears in the export", 100 * share, "%")]
