"""Issue 29, a hot master's choice, through the public client against the embedded engine: a master with a few
overs (+1.5 dBTP, each a few ms) plays turned down by one gain, and the reply says by how much, the loudness it then
plays at and the words for the other way; "keep my loudness" keeps its own loudness and holds only the overs with a
true-peak limiter; "turn it down instead" (or "play it as mastered") goes back. Each export: true peak under -1 dBTP,
loudness range kept."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from nemo_notebook.client import Client
from tests.loudness import ebu_r128_full

from .test_artist_loudness import _video_of

RATE = 48000
OVERS_S = (10.7, 12.3, 13.9, 15.1)  # in the loud half, before the closing fade
HEARD_S = 16.0  # the stretch compared: the last seconds fade where the recording stops while the music plays


def _master_with_overs(path: Path) -> Path:
    """20 s of a chord over a kick on every beat (120 BPM), the first half 6 dB quieter, its loudest moments
    peaking at -4 dBTP, but for four bumps of 10 ms that take it to +1.5 dBTP (float samples, nothing clipped):
    as a loud master's few overs."""
    import soundfile as sf

    from nemo_notebook.engine.render.master_level import true_peak_dbtp

    t = np.arange(20 * RATE) / RATE
    chord = 0.17 * np.sin(2 * np.pi * 220 * t) + 0.14 * np.sin(2 * np.pi * 277 * t) + 0.11 * np.sin(2 * np.pi * 330 * t)
    beat = t % 0.5
    kick = 0.5 * np.exp(-beat / 0.06) * np.sin(2 * np.pi * 55 * beat * (1 + np.exp(-beat / 0.02)))
    noise = np.random.default_rng(29).normal(0, 0.02, t.size) * np.exp(-((t % 0.25) / 0.03))
    mono = (chord * (0.8 + 0.2 * np.sin(4 * np.pi * t)) + kick + noise) * np.where(t < 10, 0.5, 1.0)
    mono *= 10 ** (-4 / 20) / np.abs(mono).max()
    bump = np.zeros_like(t)
    for at in OVERS_S:
        loudest = int(at * RATE) + int(np.argmax(np.abs(mono[int(at * RATE) : int((at + 0.25) * RATE)])))
        bump[loudest - RATE // 200 : loudest + RATE // 200] = np.hanning(2 * (RATE // 200))
    gain = 10 ** (5.5 / 20) - 1
    for _ in range(3):  # the bumps' height set so that the loudest true peak is +1.5 dBTP
        sf.write(path, np.stack([mono, mono], axis=1) * (1 + gain * bump)[:, None], RATE, subtype="FLOAT")
        peak = true_peak_dbtp(path)
        assert peak is not None
        gain = (1 + gain) * 10 ** ((1.5 - peak) / 20) - 1
    return path


def _heard(path: Path) -> tuple[float, float, float]:
    """Loudness (LUFS) of the first ``HEARD_S`` s, loudness range (LU) and true peak (dBTP) of the whole."""
    whole = ebu_r128_full(path)
    return ebu_r128_full(path, duration_s=HEARD_S)[0], whole[1], whole[2]


def test_a_master_with_overs_is_turned_down_by_the_gain_its_reply_states(client: Client, tmp_path: Path) -> None:
    """On main's code the reply said "hot enough to distort in a video" and gave no loudness and no choice: no
    "plays N dB quieter than your file" here."""
    song = _master_with_overs(tmp_path / "overs.wav")
    before = _heard(song)
    assert 1.3 <= before[2] <= 1.7, before
    session, said = _video_of(client, song)
    found = re.search(
        r"Sound: your song will play about (\d+) dB quieter than your file, about \d+ dB quieter than most posts, so its"
        r" loudest moments don't distort\. Say 'make it louder'.* or 'keep my"
        r" loudness'.* \(in numbers: your file (-[\d.]+) LUFS, the video (-[\d.]+) LUFS",
        said,
    )
    assert found, said
    down, out = float(found.group(1)), float(found.group(3))
    assert out == pytest.approx(float(found.group(2)) - down, abs=0.6), said
    after = _heard(session.export(quality="low").wait(timeout=240).download(tmp_path / "down.mp4"))
    assert after[2] <= -1.0, (before, after)
    assert after[1] == pytest.approx(before[1], abs=0.5), (before, after)
    assert after[0] == pytest.approx(before[0] - down, abs=0.5), (before, after, down)


def test_keep_my_loudness_limits_only_the_overs_and_turn_it_down_instead_goes_back(
    client: Client, tmp_path: Path
) -> None:
    """On main's code "keep my loudness" changed nothing: the export played 2.6 dB under the master."""
    song = _master_with_overs(tmp_path / "overs.wav")
    before = _heard(song)
    session, _ = _video_of(client, song)
    said = session.send("keep my loudness").text
    found = re.search(r"kept your song as loud as your file: only its few loudest moments are held down, by ([\d.]+)"
                      r" dB at most.*\(in numbers: your file (-[\d.]+) LUFS, the video (-[\d.]+) LUFS", said)  # fmt: skip
    assert found, said
    # as loud as the file but for the fade over its last seconds, which the video's figure counts (0.5 LU here)
    assert float(found.group(1)) > 2.0 and abs(float(found.group(2)) - float(found.group(3))) <= 0.6, said
    kept = session.export(quality="low").wait(timeout=240).download(tmp_path / "kept.mp4")
    after = _heard(kept)
    assert after[0] == pytest.approx(before[0], abs=0.5), (before, after)
    # the video's figure is the whole export's, its closing fade in (stop 50's reply measured the song unfaded)
    assert float(found.group(3)) == pytest.approx(ebu_r128_full(kept)[0], abs=0.3), (said, ebu_r128_full(kept))
    assert after[2] <= -1.0, (before, after)
    assert after[1] == pytest.approx(before[1], abs=0.5), (before, after)
    said = session.send("turn it down instead").text
    assert "turned the whole song down evenly instead" in said and "peak_limit" not in session.state().draft.meta
    session.send("keep my loudness")
    said = session.send("play it as mastered").text
    assert "as your file again" in said and "peak_limit" not in session.state().draft.meta, said
