"""Few pictures for the length (issue 29: "no picture appears more often than the material allows without the reply
saying so"): five photos and two clips under a driving minute show each photo about four times, in other framings,
within its ceiling; the reply says how many pictures and clips for how long and how often a picture is seen, as
counted on the draft, and says it once."""

from __future__ import annotations

import dataclasses
import re

import pytest

from nemo_notebook.engine.agent.repeats import over_shown, showings
from nemo_notebook.engine.agent.tracks import indices, visual_shots
from nemo_notebook.protocol import Draft, TrackType
from nemo_notebook.protocol.vocabulary import Role
from tests.agent.fakes import FakeContext, run
from tests.planning.test_energetic_pace import LOUD, MONTAGE, PHOTOS, SECTIONS, SONG, STREET
from tests.render.synth import click_analysis


def _agent(*, photos: int = 5) -> FakeContext:
    beats = click_analysis(120, 60_000).beats_ms
    audio = {SONG.id: click_analysis(120, 60_000, energy=LOUD, sections_ms=SECTIONS, drive=0.9, kicks_ms=beats)}
    video = {info.id: analysis for info, analysis in (MONTAGE, STREET)}
    uploads = [SONG, *PHOTOS[:photos], MONTAGE[0], STREET[0]]
    return FakeContext(uploads=uploads, audio=audio, video=video, history=[Draft.empty()])


def test_the_reply_says_how_often_each_picture_is_seen_as_the_draft_shows_it() -> None:
    ctx = _agent()
    _, words = run(ctx, "create a video from this music with beat-synced cuts")
    over = over_shown(ctx.draft())
    if over:  # the clip's moments once a minute leave a shot more than the ceilings fill: named instead (``repeats``)
        most = max(s.times for s in over.values())
        assert f"on screen {most} times" in words or f"on screen up to {most} times each" in words, (over, words)
        return
    said = re.search(
        r"(\d+) pictures and clips for 60s: each picture is seen about (\d+) times, in different framings", words
    )
    assert said, words
    shown = showings(ctx.draft())
    pictures = [s.times for k, s in shown.items() if not s.clip]
    assert int(said.group(1)) == len(shown) == 7
    assert int(said.group(2)) == round(sum(pictures) / len(pictures)) >= 3, pictures
    assert "add more pictures or clips" in words and "more often than a picture should" not in words, words
    _, again = run(ctx, "make the visualizer blue")  # said once, not at every edit
    assert "each picture is seen" not in again, again


def test_nothing_is_said_when_the_pictures_are_enough() -> None:
    many = [dataclasses.replace(PHOTOS[0], id=f"m_q{i}", name=f"q{i}.jpg", size=100 + i) for i in range(30)]
    ctx = FakeContext(uploads=[SONG, *many], audio=_agent().audio, history=[Draft.empty()])
    _, words = run(ctx, "create a video from this music with beat-synced cuts")
    assert max(s.times for s in showings(ctx.draft()).values()) <= 2
    assert "each picture is seen" not in words, words


def test_a_cover_video_is_not_told_to_add_pictures() -> None:
    """One picture with a song is a cover video, whose scenes of the one cover are the design: the reply said "1
    pictures and clips for 215.1s: each picture is seen about 11 times; add more pictures or clips" to it."""
    song = dataclasses.replace(SONG, duration_ms=215_000)
    sections = (0, 17_000, 60_000, 100_000, 140_000, 180_000)
    audio = {song.id: click_analysis(154, 215_000, sections_ms=sections)}
    ctx = FakeContext(uploads=[song, PHOTOS[0]], audio=audio, history=[Draft.empty()])
    _, words = run(ctx, "create a video from this music with beat-synced cuts")
    assert len(showings(ctx.draft())) == 1 and len(visual_shots(ctx.draft())) >= 5  # one picture, its scenes
    assert "each picture is seen" not in words and "add more pictures" not in words, words


def test_the_reply_says_once_that_the_shots_were_held_longer_for_few_pictures() -> None:
    """Twelve photos under a driving minute cut at the music's pace (54 shots) would each come back four or five
    times: the plan holds the shots longer instead (26), and the reply says by how much (it named only the pictures
    still over their ceiling: "no picture appears more often than the material allows without the reply saying
    so", issue 29), once."""
    beats = click_analysis(120, 60_000).beats_ms
    audio = {SONG.id: click_analysis(120, 60_000, energy=LOUD, sections_ms=SECTIONS, drive=0.9, kicks_ms=beats)}
    twelve = [dataclasses.replace(PHOTOS[0], id=f"m_q{i}", name=f"q{i}.jpg", size=100 + i) for i in range(12)]
    ctx = FakeContext(uploads=[SONG, *twelve], audio=audio, history=[Draft.empty()])
    _, words = run(ctx, "create a video from this music with beat-synced cuts")
    draft = ctx.draft()
    pace = r"12 pictures and clips for 60s: the shots are held about ([\d.]+) times as long as the music's pace asks"
    said = re.search(pace, words)
    assert said, words
    asked, planned = draft.meta["material_slowed"]
    assert said.group(1) == f"{asked / planned:.1f}" and planned <= 0.8 * asked, (said.group(1), asked, planned)
    advice = words.count("add more pictures or clips for faster cuts") + words.count("add pictures or clips to show")
    assert advice == 1, words  # what to add, said once (here beside two pictures still shown three times)
    _, again = run(ctx, "make the visualizer blue")
    assert "times as long as the music" not in again, again


@pytest.mark.parametrize("asked", ["with a visualizer", "without a visualizer"])
def test_the_held_longer_reply_names_the_visualizer_only_where_there_is_one(asked: str) -> None:
    """Held-out export 01 (no visualizer asked, none on its timeline) was told "the pictures' moves and the visualizer
    keep the beat": the reply names what is on screen."""
    beats = click_analysis(120, 60_000).beats_ms
    audio = {SONG.id: click_analysis(120, 60_000, energy=LOUD, sections_ms=SECTIONS, drive=0.9, kicks_ms=beats)}
    twelve = [dataclasses.replace(PHOTOS[0], id=f"m_q{i}", name=f"q{i}.jpg", size=100 + i) for i in range(12)]
    ctx = FakeContext(uploads=[SONG, *twelve], audio=audio, history=[Draft.empty()])
    _, words = run(ctx, f"create a video from this music with beat-synced cuts, {asked}")
    shown = bool(indices(ctx.draft(), Role.VISUALIZER, kind=TrackType.VIDEO))
    assert shown == (asked == "with a visualizer"), asked
    assert "the shots are held about" in words, words
    assert ("the visualizer keep the beat" in words) == shown, words
    assert "the pictures' moves" in words, words
