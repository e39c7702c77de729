"""A clip too short for its video (issue 29): where its moments come back within a minute, because it has no other
moment to show there, the reply says which clip and how soon, as counted on the draft, and says it once; a clip
long enough for the video is not named."""

from __future__ import annotations

from nemo_notebook.engine.agent.short_clips import short_clips
from nemo_notebook.protocol import Draft
from tests.agent.fakes import FakeContext, run
from tests.planning.test_energetic_pace import LOUD, PHOTOS, SECTIONS, SONG, _clip
from tests.render.synth import click_analysis


def _agent(length_ms: int) -> FakeContext:
    """The clip beside five photos, within its ceiling (``repeats`` names a clip shown more often than that)."""
    beats = click_analysis(120, 60_000).beats_ms
    audio = {SONG.id: click_analysis(120, 60_000, energy=LOUD, sections_ms=SECTIONS, drive=0.9, kicks_ms=beats)}
    cuts = tuple(range(3000, length_ms, 4000))
    info, analysis = _clip("m_hands", length_ms, cuts)
    return FakeContext(uploads=[SONG, *PHOTOS, info], audio=audio, video={info.id: analysis}, history=[Draft.empty()])


def test_a_clip_whose_moments_come_back_within_a_minute_is_named_once() -> None:
    ctx = _agent(8_000)  # a 12 s clip fills its shots here without a moment twice (``planning.clip_spans_apart``)
    _, words = run(ctx, "create a video from this music with beat-synced cuts")
    short = short_clips(ctx.draft())
    assert [s.name for s in short] == ["m_hands.mp4"] and short[0].again_ms < 60_000
    assert 'the clips are short for 60s, their moments come back: "m_hands.mp4" after' in words, words
    advice = words.count("vary it") + words.count("come back less") + words.count("cut faster")
    assert advice == 1, words  # what to add said once (``repeats`` or ``short_material`` says it here)
    _, again = run(ctx, "make the visualizer blue")  # said once, not at every edit
    assert "the clips are short" not in again, again


def test_a_clip_long_enough_for_the_video_is_not_named() -> None:
    ctx = _agent(150_000)
    _, words = run(ctx, "create a video from this music with beat-synced cuts")
    assert short_clips(ctx.draft()) == []
    assert "the clips are short" not in words, words


def test_two_short_clips_are_named_in_the_order_of_their_names_not_of_their_media_ids() -> None:
    """A media id is new at every upload, so an order by id was luck: "zebra.mp4" came first where its id sorted
    first."""
    from nemo_notebook.protocol import Segment, Track, TrackType

    def shot(start_ms: int, src: str, name: str) -> Segment:
        return Segment(start_ms, 2000, src, 1000, {"name": name})

    lane = [shot(0, "med_1", "zebra.mp4"), shot(2000, "med_2", "apple.mp4")]
    lane += [shot(4000, "med_1", "zebra.mp4"), shot(6000, "med_2", "apple.mp4")]
    draft = Draft((Track(TrackType.VIDEO, tuple(lane), {"role": "visuals"}),), 8000)
    assert [s.name for s in short_clips(draft)] == ["apple.mp4", "zebra.mp4"]
