"""A piece's form as heard in the rendered track (issue 28): pop's drop-out bar before the chorus, house's breakdown
and builds under its drops, hip-hop's filtered intro, a trailer's waves, and the final hit that short pieces land on."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from nemo_notebook.engine.music import GeneratedTrack, generate_track
from nemo_notebook.engine.music.compose import SectionInfo
from nemo_notebook.engine.music.master import loudness_lufs
from tests.benchmarks.music_form import section_levels


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("form")


def samples_of(track: GeneratedTrack) -> tuple[np.ndarray, int]:
    samples, rate = sf.read(track.path, dtype="float32", always_2d=True)
    return samples, int(rate)


def lufs_between(samples: np.ndarray, rate: int, begin_ms: float, end_ms: float) -> float:
    return loudness_lufs(samples[int(begin_ms * rate / 1000) : int(end_ms * rate / 1000)], rate)


def shaped(track: GeneratedTrack) -> list[SectionInfo]:
    return [s for s in track.sections if s.name not in ("pickup", "ending")]


@pytest.mark.parametrize("style", ["upbeat", "corporate"])
def test_pop_drops_out_for_the_bar_before_its_chorus(folder: Path, style: str) -> None:
    # before: no pre-chorus and no drop-out; the bar before the chorus played on as the verse did
    track = generate_track(folder / f"{style}.wav", words=f"a {style} 60-second track", seed=2)
    samples, rate = samples_of(track)
    names = [s.name for s in shaped(track)]
    assert "pre" in names, names
    chorus = next(s for s in shaped(track) if s.name == "chorus")
    downbeat = max(i for i, b in enumerate(track.beats_ms) if b < chorus.start_ms - 10 and i % 4 == 0)
    second, bar_ms = track.beats_ms[downbeat + 1], chorus.start_ms - track.beats_ms[downbeat]
    gap = lufs_between(samples, rate, second, chorus.start_ms - bar_ms / 4)  # before the fill into the chorus
    full = lufs_between(samples, rate, chorus.start_ms, chorus.start_ms + bar_ms)
    assert gap <= full - 6.0, (gap, full)


def test_house_breaks_down_and_builds_under_its_drops(folder: Path) -> None:
    track = generate_track(folder / "house.wav", words="an electronic 120-second track", seed=1)
    samples, rate = samples_of(track)
    sections = shaped(track)
    levels = dict(zip([s.name for s in sections], section_levels(samples, rate, track.sections), strict=True))
    assert {"build", "drop", "breakdown"} <= set(levels), levels  # (the last of each name)
    assert levels["breakdown"] <= levels["drop"] - 6.0 and levels["build"] <= levels["drop"] - 2.0, levels


@pytest.mark.parametrize("style", ["hiphop", "chill"])
def test_hiphop_intro_and_outro_are_filtered(folder: Path, style: str) -> None:
    from scipy.signal import butter, sosfilt

    track = generate_track(folder / f"{style}.wav", words=f"a {style} 60-second track", seed=3)
    samples, rate = samples_of(track)
    mid = samples.mean(axis=1)
    top = sosfilt(butter(4, 2_500, btype="highpass", fs=rate, output="sos"), mid)

    def top_share_db(section: SectionInfo, *, but_last_ms: float = 0.0) -> float:
        span = slice(int(section.start_ms * rate / 1000), int((section.end_ms - but_last_ms) * rate / 1000))
        return float(10 * np.log10(np.mean(top[span] ** 2) / np.mean(mid[span] ** 2)))

    sections = {s.name: s for s in reversed(shaped(track))}  # the first of each name
    intro = top_share_db(sections["intro"], but_last_ms=240_000 / track.tempo_bpm)  # it opens over its last bar
    outro, verse = top_share_db(sections["outro"]), top_share_db(sections["verse"])
    # before: the intro 3.2 (hip-hop) and 7.9 (chill) dB under the verse in the top band, the outro 5.7 and 3.0 over
    assert intro <= verse - 10.0 and outro <= verse - 10.0, (intro, outro, verse)


@pytest.fixture(scope="module")
def waves(folder: Path) -> GeneratedTrack:
    return generate_track(folder / "waves.wav", words="an epic 120-second track", seed=1)


def test_a_trailer_rises_in_waves_to_its_loudest_last_section(waves: GeneratedTrack) -> None:
    # before: one steady rise (-23.3, -21.3, -18.8, -17.2, -14.3, -13.8 ... LUFS), then the breakdown and the last
    track = waves
    samples, rate = samples_of(track)
    levels = section_levels(samples, rate, track.sections)
    peaks = [i for i in range(1, len(levels) - 1) if levels[i - 1] < levels[i] > levels[i + 1]]
    assert len(peaks) >= 2, levels
    first = peaks[0]
    assert min(levels[first:]) <= levels[first] - 3.0, levels  # the first wave falls back before the next rises
    assert levels[-1] == max(levels) and levels[-1] - min(levels) >= 8.0, levels


@pytest.mark.parametrize("words", ["an epic 120-second track", "an epic rock track, 90 seconds"])
def test_a_trailers_last_section_is_its_peak_by_a_margin_heard(folder: Path, waves: GeneratedTrack, words: str) -> None:
    # before: the last section 0.7 dB over the loudest before it (epic, 120 s: -10.8 then -10.1 LUFS); epic rock was
    # an orchestra, 0.9 dB; after: 3.0 and 3.5 dB; with the waves peaking at 0.6-0.7 (0.7-0.8 before): 4.4 and 5.2
    track = waves if words == "an epic 120-second track" else generate_track(folder / "rock.wav", words=words, seed=1)
    samples, rate = samples_of(track)
    levels = section_levels(samples, rate, track.sections)
    assert levels[-1] >= max(levels[:-1]) + 4.0, levels


@pytest.mark.parametrize("words", ["an upbeat 10-second track", "an epic 15-second track", "a rock 12-second track",
                                   "a lofi 20-second track", "a corporate 25-second track"])  # fmt: skip
def test_a_short_piece_lands_on_a_final_hit_and_rings_out_at_its_length(folder: Path, words: str) -> None:
    # before: the 400 ms after the final chord were 0.4-3 dB under the bar before it (upbeat 10 s -0.4, epic -0.7)
    track = generate_track(folder / "short.wav", words=words, seed=2)
    samples, rate = samples_of(track)
    assert len(samples) == round(track.duration_ms * rate / 1000)
    final = next(s for s in track.sections if s.name == "ending").start_ms
    bar_ms = 240_000 / track.tempo_bpm
    hit = lufs_between(samples, rate, final, final + 400)
    assert hit >= lufs_between(samples, rate, final - bar_ms, final) + 1.0
    tail = samples[-rate // 20 :]
    assert 10 * np.log10(np.mean(tail**2) + 1e-20) <= hit - 40.0  # rung out to silence at the very end
