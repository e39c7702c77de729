"""A user's own recording plays as mastered: no loudness normalisation, no compression, its loudness range kept;
one fixed gain only where its peaks would pass -1 dBTP in the MP4 (measured after the AAC encoder)."""

from __future__ import annotations

from pathlib import Path

import pytest

from nemo_notebook.engine.render import render_draft
from tests.conftest import shared_media
from tests.loudness import ebu_r128_full

from .drafts import draft, shot
from .synth import audio_info, ffmpeg

SMALL = (320, 180)


def _as_mastered(song: Path, length_ms: int, tmp_path: Path, quality: str = "low") -> Path:
    media = {"song": (song, audio_info("song", song, length_ms))}
    d = draft([shot(None, 0, length_ms)], length_ms, music="song", loudnorm=False)
    return render_draft(d, media, tmp_path / f"{song.stem}-{quality}.mp4", quality=quality, size=SMALL).path


def test_a_real_recording_with_headroom_keeps_its_loudness_and_range(tmp_path: Path) -> None:
    """choice-drum-bass (-25.5 LUFS, peaks at -7.6 dBTP): out as it went in, within 0.5 LU."""
    song = shared_media("choice-drum-bass.ogg")
    length_s = 20.0
    source = tmp_path / "source.wav"
    ffmpeg("-i", str(song), "-t", f"{length_s}", "-ar", "48000", str(source))
    before = ebu_r128_full(source)
    after = ebu_r128_full(_as_mastered(song, int(length_s * 1000), tmp_path))
    assert after[0] == pytest.approx(before[0], abs=0.5), (before, after)
    assert after[1] == pytest.approx(before[1], abs=0.5), (before, after)
    assert after[2] <= -1.0


def test_a_quiet_intro_stays_quiet_against_the_loud_part(tmp_path: Path) -> None:
    """10 s of a quiet pad, then 10 s 18 dB louder: normalised and limited, the intro was lifted ~10 dB against
    the entry; as mastered, the step and the loudness range stay."""
    piece = tmp_path / "dynamic.wav"
    ffmpeg("-f", "lavfi", "-i", "anoisesrc=color=pink:amplitude=0.05:duration=20:sample_rate=48000:seed=11,"
           "volume='if(lt(t,10),0.125,1)':eval=frame,lowpass=f=6000",
           "-ac", "2", str(piece))  # fmt: skip
    before = ebu_r128_full(piece)
    out = _as_mastered(piece, 20_000, tmp_path)
    after = ebu_r128_full(out)
    assert after[1] == pytest.approx(before[1], abs=0.5), (before, after)
    assert after[0] == pytest.approx(before[0], abs=0.5), (before, after)
    intro, entry = ebu_r128_full(out, start_s=1, duration_s=8)[0], ebu_r128_full(out, start_s=11, duration_s=8)[0]
    assert entry - intro == pytest.approx(18.0, abs=1.0)


def test_a_hot_master_is_lowered_by_one_gain_to_stay_under_minus_1_dbtp(tmp_path: Path) -> None:
    """Vibe Ace's first 20 s raised 3 dB peak at +0.1 dBTP (written as float samples, not clipped; as released they
    peak at -2.9 and play untouched): the export lowers them (no limiter at work: the range is kept) so that the MP4's
    true peak is under -1 dBTP."""
    source = _hotter(shared_media("vibe-ace.mp3"), 3.0, tmp_path)
    before = ebu_r128_full(source)
    assert before[2] > -1.0, before
    after = ebu_r128_full(_as_mastered(source, 20_000, tmp_path))
    assert after[2] <= -1.0, (before, after)
    assert after[1] == pytest.approx(before[1], abs=0.5), (before, after)
    assert -3.5 < after[0] - before[0] < 0, (before, after)  # lowered by the gain only


def test_a_hot_master_is_lowered_no_further_than_its_peaks_need(tmp_path: Path) -> None:
    """Vibe Ace's first 20 s raised 6 dB (a master peaking at +3.1 dBTP): lowered by about its 4.1 dB over -1 dBTP,
    not 2 dB more than that as when sources were held to -3 dBTP (held-out songs came out 2.6-4.0 LU under their
    masters)."""
    hot = _hotter(shared_media("vibe-ace.mp3"), 6.0, tmp_path)
    before = ebu_r128_full(hot)
    after = ebu_r128_full(_as_mastered(hot, 20_000, tmp_path))
    assert before[2] > 2.0, before
    assert after[2] <= -1.0, (before, after)
    assert after[1] == pytest.approx(before[1], abs=0.5), (before, after)
    needed = before[2] - (-1.0)
    assert -needed - 1.0 < after[0] - before[0] < -needed + 0.2, (before, after, needed)


@pytest.mark.parametrize(
    ("name", "gain_db", "quality"),
    [("vibe-ace.mp3", 3.0, "low"), ("vibe-ace.mp3", 6.0, "preview"), ("choice-drum-bass.ogg", 9.0, "low")],
)
def test_a_hot_master_lands_just_under_the_ceiling_lowered_only_as_far_as_its_peaks_need(
    name: str, gain_db: float, quality: str, tmp_path: Path
) -> None:
    """Issue 29: a real recording mastered hot (peaking +0.1 to +3.1 dBTP) comes out at -1.0 to -1.2 dBTP in the MP4,
    within 0.5 LU of its loudness less its peak's excess over -1 dBTP. Sources were held to -1.5 dBTP and a limiter at
    -2.5 followed (a preview's on sample peaks): the MP4s peaked at -2.3 to -2.6 dBTP, 0.6 to 1.0 LU quieter."""
    hot = _hotter(shared_media(name), gain_db, tmp_path)
    before = ebu_r128_full(hot)
    after = ebu_r128_full(_as_mastered(hot, 20_000, tmp_path, quality))
    needed = before[2] - (-1.0)
    assert needed > 0, before
    assert -1.2 <= after[2] <= -1.0, (before, after)
    assert after[0] == pytest.approx(before[0] - needed, abs=0.5), (before, after, needed)
    assert after[1] == pytest.approx(before[1], abs=0.5), (before, after)


def _hotter(song: Path, gain_db: float, tmp_path: Path) -> Path:
    """The first 20 s of ``song`` raised ``gain_db``, as float samples (nothing clipped)."""
    out = tmp_path / f"hot{gain_db:g}.wav"
    ffmpeg("-i", str(song), "-t", "20", "-ar", "48000", "-af", f"volume={gain_db}dB", "-c:a", "pcm_f32le", str(out))
    return out
