"""A video started later ("start at 0:20", "start at the drop", "cut the intro") keeps its opening title at its new
start, and what is timed by the music (the sections' looks, the chorus) stays with the music. On main d3ce0be the
title of five photos under a 56 s song was cut away with the first 20 s (it ran 2-8.9 s), and ``m.sections`` still
put the loudest section at 20-32 s of the 36 s video, where the song's verse now plays."""

from __future__ import annotations

from nemo_notebook.protocol import Draft, MediaInfo, MediaKind, Segment
from nemo_notebook.protocol.vocabulary import Role
from tests.agent.fakes import FakeContext, run
from tests.planning.test_few_pictures_return import PHOTOS
from tests.render.synth import click_analysis

DURATION_MS = 56_000
SONG = MediaInfo("song", "summer-days.ogg", MediaKind.AUDIO, "ogg", 1000, duration_ms=DURATION_MS)
SECTIONS = (0, 8_000, 20_000, 32_000, 44_000)  # intro, verse, chorus, verse, chorus


def _level(t_ms: int) -> float:
    return 0.25 if t_ms < 8_000 else 0.9 if 20_000 <= t_ms < 32_000 or t_ms >= 44_000 else 0.7


def song_with_a_chorus() -> FakeContext:
    """Five photos under a 56 s song at 120 BPM: a quiet intro, a verse, a loud chorus from 0:20 that comes back."""
    energy = tuple(_level(k * 100) for k in range(DURATION_MS // 100 + 1))
    analysis = click_analysis(120, DURATION_MS, energy=energy, sections_ms=SECTIONS)
    return FakeContext(uploads=[SONG, *PHOTOS], audio={SONG.id: analysis}, history=[Draft.empty()], language="en")


def title_of(draft: Draft) -> Segment | None:
    return next((sg for t in draft.tracks for sg in t.segments if sg.meta.get("role") == Role.TITLE), None)


def test_a_video_started_later_opens_on_its_title_and_keeps_its_sections_with_the_music() -> None:
    ctx = song_with_a_chorus()
    run(ctx, "make a music video from this song with my photos, title Summer Days")
    built = ctx.draft()
    before = title_of(built)
    assert before is not None and before.end_ms < 20_000, before
    _, said = run(ctx, "start at 0:20")
    draft = ctx.draft()
    assert draft.duration_ms == DURATION_MS - 20_000, said
    title = title_of(draft)
    assert title is not None, said  # main: cut away with the first 20 s
    assert 400 <= title.start_ms <= 2_000 and title.duration_ms == before.duration_ms, title
    loudest = [(s["start_ms"], s["end_ms"]) for s in draft.meta["sections"] if s["level"] == "loudest"]
    assert loudest == [(0, 12_000), (24_000, 36_000)], draft.meta["sections"]  # main: (20000, 32000), (44000, 56000)
    assert draft.meta["chorus_ms"] == [0, 12_000]


def test_a_title_cut_into_by_the_new_start_is_shown_whole_at_it() -> None:
    ctx = song_with_a_chorus()
    run(ctx, "make a music video from this song with my photos, title Summer Days")
    before = title_of(ctx.draft())
    assert before is not None and before.start_ms < 4_000 < before.end_ms, before
    run(ctx, "start at 0:04")
    title = title_of(ctx.draft())
    assert title is not None and 400 <= title.start_ms <= 2_000, title  # main: 0-4.9 s, its first 2 s gone
    assert title.duration_ms == before.duration_ms, (title, before)
