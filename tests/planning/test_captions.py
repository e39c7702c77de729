"""Captions from given words: SRT, WebVTT and LRC read at their times; plain words cut into readable lines and laid
over a recording's speech so that each sentence's caption starts where the voice says it."""

from __future__ import annotations

import itertools

import numpy as np

from nemo_notebook.engine.analysis.audio import SAMPLE_RATE_HZ, _energy
from nemo_notebook.engine.analysis.types import AudioAnalysis
from nemo_notebook.engine.planning.captions import (
    MAX_LINE_CHARS,
    Cue,
    caption_lines,
    find_speech,
    reading_speed_cps,
    spread_over_speech,
    timed_cues,
)
from tests.analysis.talk_synth import talk

SENTENCES = (
    "Welcome back to the show, everyone.",
    "Today we walk along the river and talk about the light in late autumn.",
    "It is short.",
    "Then we stop at the old bridge, where the water is loud and the birds are gone for the winter months.",
    "Thanks for listening.",
)


def test_srt_and_webvtt_are_read_at_their_times_with_tags_dropped() -> None:
    srt = "1\n00:00:01,000 --> 00:00:03,500\n<i>Hello</i> there\n\n2\n01:00:04,250 --> 01:00:06,000\nSecond line\nand more\n"
    assert timed_cues(srt) == [
        Cue(1000, 3500, "Hello there"),
        Cue(3_604_250, 3_606_000, "Second line and more"),
    ]
    vtt = "WEBVTT\n\n00:02.500 --> 00:04.000\nA cue\n\n00:05.000 --> 00:07.000 align:start\nAnother\n"
    assert timed_cues(vtt) == [Cue(2500, 4000, "A cue"), Cue(5000, 7000, "Another")]


def test_lrc_lyrics_last_until_the_next_line_and_repeat_where_stamped_twice() -> None:
    lrc = "[ar: Someone]\n[00:12.30]First line\n[00:15.00][00:30.00]The chorus\n[00:20.5]Third\n"
    cues = timed_cues(lrc)
    assert cues is not None
    assert [(c.start_ms, c.text) for c in cues] == [
        (12300, "First line"),
        (15000, "The chorus"),
        (20500, "Third"),
        (30000, "The chorus"),
    ]
    assert cues[0].end_ms == 15000 - 80 and cues[2].end_ms == 30000 - 80


def test_plain_words_are_not_mistaken_for_timed_lines() -> None:
    assert timed_cues("Hello, this is my podcast. At 10:30 we met.") is None


def test_words_are_cut_at_sentences_then_commas_into_two_short_lines_at_most() -> None:
    lines = caption_lines(" ".join(SENTENCES))
    assert lines[0] == "Welcome back to the show, everyone."
    assert "It is short." in lines
    for line in lines:
        rows = line.split("\n")
        assert len(rows) <= 2 and all(len(r) <= MAX_LINE_CHARS + 8 for r in rows), line
    assert " ".join(" ".join(line.split("\n")) for line in lines) == " ".join(SENTENCES)


def _spoken(sentences: tuple[str, ...]) -> tuple[AudioAnalysis, list[int]]:
    """Talk with one phrase per sentence (its length off by ±30 % from the sentence's share) and where each starts."""
    sr, gap_s = 22050, 0.6
    parts, starts_ms, at_s = [np.zeros(int(0.5 * sr))], [], 0.5
    for i, sentence in enumerate(sentences):
        seconds = len(sentence) * 0.065 * (1 + 0.3 * (-1) ** i)
        phrase = talk(seconds + 0.3, seed=i + 1)[int(0.3 * sr) :]
        starts_ms.append(round(at_s * 1000))
        parts += [phrase, np.zeros(int(gap_s * sr))]
        at_s += phrase.size / sr + gap_s
    samples = np.concatenate(parts).astype(np.float32)
    resampled = np.interp(np.arange(round(samples.size * SAMPLE_RATE_HZ / sr)) * sr / SAMPLE_RATE_HZ,
                          np.arange(samples.size), samples).astype(np.float32)  # fmt: skip
    analysis = AudioAnalysis(
        duration_ms=round(at_s * 1000),
        tempo_bpm=0.0,
        beats_ms=(),
        downbeats_ms=(),
        onsets_ms=(),
        energy=_energy(resampled),
        energy_hop_ms=100,
        sections_ms=(0,),
        talk_share=1.0,
    )
    return analysis, starts_ms


def test_each_sentence_caption_starts_where_its_phrase_is_spoken() -> None:
    analysis, phrase_starts_ms = _spoken(SENTENCES)
    cues = spread_over_speech(caption_lines(" ".join(SENTENCES)), find_speech(analysis))
    for sentence, spoken_ms in zip(SENTENCES, phrase_starts_ms, strict=True):
        cue = next(c for c in cues if sentence.startswith(c.text.replace("\n", " ")[:12]))
        assert -400 <= cue.start_ms - spoken_ms <= 100, (sentence, cue, spoken_ms)
    assert all(b.start_ms >= a.end_ms for a, b in itertools.pairwise(cues))
    assert cues[-1].end_ms >= phrase_starts_ms[-1] + 800
    assert reading_speed_cps(cues) < 25


def test_no_speech_gives_no_captions() -> None:
    silent = AudioAnalysis(10_000, 0.0, (), (), (), (0.0,) * 100, 100, (0,))
    assert spread_over_speech(["Hello"], find_speech(silent)) == []
