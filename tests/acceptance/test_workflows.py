"""The workflows of API.md as a user runs them: through the public client, against the embedded engine, to an MP4.

Each workflow is run once (module-scoped) and its draft and MP4 are then checked the way a user would notice a
fault: the player's view of the file (H.264, AAC, size, length), where the picture changes against where the music
beats, and what the replies say.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from nemo_notebook.client import Client, Reply, Session
from nemo_notebook.engine.planning.ending import ENDING_FADE_MS
from nemo_notebook.protocol import Draft, TrackType
from tests.loudness import ebu_r128

from .media import (
    PICTURE_COLORS,
    audio_of,
    black_frames,
    click_track,
    clip_with_cuts,
    cuts_ms,
    distance_ms,
    picture,
    streams,
)

# a 13.2 s clip at 30 fps whose shots last 2.43, 2.97, 1.8, 3.6 and 2.4 s, as a person edits by feel: the cuts
# (2.43, 5.4, 7.2 and 10.8 s) sit near a 100 BPM pulse, but nothing tells the engine so
SHOT_FRAMES = (73, 89, 54, 108, 72)
SHOT_SECONDS = tuple(frames / 30 for frames in SHOT_FRAMES)
CLICK_BPM = 128.0  # a beat every 468.75 ms: off the 30 fps frame grid, so rounding to frames is tested too
ONE_FRAME_MS = 1000 / 30 + 1


@pytest.fixture(scope="module")
def media(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("uploads")
    clip_with_cuts(folder / "travel.mp4", SHOT_SECONDS)
    click_track(folder / "click-128.wav", CLICK_BPM, 9.0)
    click_track(folder / "short-click.wav", 100.0, 6.0)
    for i, color in enumerate(PICTURE_COLORS):
        picture(folder / f"photo-{i + 1}.jpg", color)
    return {p.stem: p for p in folder.iterdir()}


@dataclass(frozen=True)
class Made:
    """One workflow's outcome: the last reply, the draft it left and the MP4 it exported."""

    reply: Reply
    draft: Draft
    video: Path


def export(session: Session, path: Path) -> Path:
    job = session.export(quality="high").wait(timeout=240)
    return job.download(path)


def known_cuts_ms() -> list[float]:
    return [1000 * sum(SHOT_FRAMES[: i + 1]) / 30 for i in range(len(SHOT_FRAMES) - 1)]


# --- issue 5: "add background music to my video and sync it to the cuts" -------------------------------------------


@pytest.fixture(scope="module")
def scored(client: Client, media: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> Made:
    session = client.sessions.create()
    session.upload(media["travel"])
    reply = session.send("add background music to my video and sync it to the cuts")
    out = tmp_path_factory.mktemp("scored") / "scored.mp4"
    return Made(reply, session.state().draft, export(session, out))


def test_scored_video_is_a_1080p_h264_aac_mp4_as_long_as_the_clip(scored: Made) -> None:
    player = streams(scored.video)
    assert (player.video_codec, player.width, player.height, player.pix_fmt) == ("h264", 1920, 1080, "yuv420p")
    assert (player.audio_codec, player.sample_rate_hz, player.channels) == ("aac", 48000, 2)
    assert abs(player.duration_ms - 1000 * sum(SHOT_SECONDS)) <= 50


def test_scored_video_keeps_the_clips_own_cuts(scored: Made) -> None:
    found = cuts_ms(scored.video)
    assert len(found) == len(known_cuts_ms()), found
    assert max(distance_ms(known_cuts_ms(), found)) <= ONE_FRAME_MS


def test_every_cut_lies_within_70ms_of_a_beat_of_the_music(scored: Made) -> None:
    beats_ms = scored.draft.meta["beats_ms"]
    assert isinstance(beats_ms, list) and len(beats_ms) > 10
    misses = distance_ms(cuts_ms(scored.video), [float(b) for b in beats_ms if isinstance(b, (int, float))])
    assert max(misses) <= 70, misses


def heard_beats_ms(video: Path, folder: Path, planned_bpm: float) -> tuple[list[float], float]:
    """The beats a listener hears in ``video`` (``analyze_audio`` on its sound; off-beats added when the tracker
    hears half the planned tempo) and the tempo heard."""
    from nemo_notebook.engine.analysis.audio import analyze_audio

    heard = analyze_audio(audio_of(video, folder / "sound.wav"), cache_dir=folder / "cache")
    grid = [float(b) for b in heard.beats_ms]
    if heard.tempo_bpm < 0.75 * planned_bpm:
        grid += [(a + b) / 2 for a, b in itertools.pairwise(grid)]
    return sorted(grid), heard.tempo_bpm


@pytest.fixture(scope="module")
def heard(scored: Made, tmp_path_factory: pytest.TempPathFactory) -> tuple[list[float], float]:
    planned_bpm = scored.draft.meta["bpm"]
    assert isinstance(planned_bpm, (int, float))
    return heard_beats_ms(scored.video, tmp_path_factory.mktemp("heard"), planned_bpm)


def test_the_exported_sound_plays_on_the_planned_beats(scored: Made, heard: tuple[list[float], float]) -> None:
    grid, heard_bpm = heard
    planned_bpm, planned_ms = scored.draft.meta["bpm"], scored.draft.meta["beats_ms"]
    assert isinstance(planned_bpm, (int, float)) and isinstance(planned_ms, list)
    ratio = heard_bpm / planned_bpm
    assert min(abs(ratio - r) for r in (0.5, 1.0, 2.0)) <= 0.02 * ratio, (heard_bpm, planned_bpm)
    # the tracker's beats sit a frame or two after soft attacks, so the typical beat agrees, not every one
    while_playing = [float(b) for b in planned_ms if isinstance(b, (int, float)) and grid[0] <= b <= grid[-1]]
    assert sorted(distance_ms(while_playing, grid))[len(while_playing) // 2] <= 35
    cuts_in_groove = [c for c in cuts_ms(scored.video) if grid[0] <= c <= grid[-1]]
    assert cuts_in_groove and max(distance_ms(cuts_in_groove, grid)) <= 70


def test_every_cut_falls_on_a_beat_the_listener_hears(scored: Made, heard: tuple[list[float], float]) -> None:
    misses = distance_ms(cuts_ms(scored.video), heard[0])
    assert max(misses) <= 70, misses


def test_scored_reply_says_what_it_did_in_plain_words(scored: Made) -> None:
    text = scored.reply.text
    assert "cuts" in text and "BPM" in text
    assert "Timeline (2 tracks)" in text
    assert re.search(r"\d+\.\d+\s*BPM", text, re.IGNORECASE) is None, "tempos are said in whole BPM"


# --- issue 4: "create a video from this music with visualizer and beat-synced cuts" -------------------------------


@pytest.fixture(scope="module")
def music_video(client: Client, media: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> Made:
    session = client.sessions.create()
    session.upload([media["click-128"], media["photo-1"], media["photo-2"], media["photo-3"]])
    reply = session.send("create a video from this music with visualizer and beat-synced cuts")
    out = tmp_path_factory.mktemp("music-video") / "music-video.mp4"
    return Made(reply, session.state().draft, export(session, out))


def test_music_video_is_the_tracks_length_in_1080p(music_video: Made) -> None:
    player = streams(music_video.video)
    assert (player.video_codec, player.width, player.height, player.audio_codec) == ("h264", 1920, 1080, "aac")
    assert abs(player.duration_ms - 9000) <= ONE_FRAME_MS


def test_music_video_cuts_each_lie_within_one_frame_of_a_beat(music_video: Made) -> None:
    beat_grid = [k * 60000 / CLICK_BPM for k in range(40)]
    found = cuts_ms(music_video.video)
    assert len(found) >= 3, found
    misses = distance_ms(found, beat_grid)
    assert max(misses) <= ONE_FRAME_MS, misses


def test_music_video_draws_a_visualizer_and_never_a_black_frame(music_video: Made) -> None:
    lanes = [t for t in music_video.draft.tracks_of(TrackType.VIDEO) if t.meta.get("role") == "visualizer"]
    assert lanes and lanes[0].segments[0].duration_ms >= music_video.draft.duration_ms - 100
    assert black_frames(music_video.video, ending_ms=ENDING_FADE_MS) == []  # the closing fade is the ending


def test_music_video_reply_names_the_tempo_found(music_video: Made) -> None:
    assert "128 BPM" in music_video.reply.text
    assert "music video" in music_video.reply.text


@pytest.fixture(scope="module")
def clip_music_video(client: Client, media: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> Made:
    session = client.sessions.create()
    session.upload([media["click-128"], media["travel"]])
    reply = session.send("create a video from this music with beat-synced cuts")
    out = tmp_path_factory.mktemp("clip-music-video") / "clip-music-video.mp4"
    return Made(reply, session.state().draft, export(session, out))


def test_a_music_video_cut_from_a_clip_shows_no_cut_off_the_beat(clip_music_video: Made) -> None:
    beat_grid = [k * 60000 / CLICK_BPM for k in range(40)]
    (lane,) = [t for t in clip_music_video.draft.tracks if t.meta.get("role") == "visuals"]
    planned = [s.start_ms for s in lane.segments if s.start_ms > 0]
    assert len(planned) >= 4 and max(distance_ms(planned, beat_grid)) <= ONE_FRAME_MS, planned
    # what a viewer sees: every cut the picture shows (a cut inside one shot of the clip may look like none)
    seen = cuts_ms(clip_music_video.video)
    misses = distance_ms(seen, beat_grid)
    assert all(miss <= ONE_FRAME_MS for miss in misses), misses


# --- words alone: "create an upbeat 8-second track" ----------------------------------------------------------------


@pytest.fixture(scope="module")
def from_words(client: Client, tmp_path_factory: pytest.TempPathFactory) -> Made:
    session = client.sessions.create()
    reply = session.send("create an upbeat 8-second track")
    return Made(reply, session.state().draft, export(session, tmp_path_factory.mktemp("words") / "words.mp4"))


def test_a_track_from_words_gets_moving_backgrounds_a_visualizer_and_no_black_frame(from_words: Made) -> None:
    player = streams(from_words.video)
    assert (player.video_codec, player.width, player.height, player.audio_codec) == ("h264", 1920, 1080, "aac")
    assert abs(player.duration_ms - 8000) <= ONE_FRAME_MS
    roles = {t.meta.get("role") for t in from_words.draft.tracks}
    assert {"visuals", "visualizer", "music"} <= roles
    assert black_frames(from_words.video, ending_ms=ENDING_FADE_MS) == []
    assert "composed" in from_words.reply.text


def test_the_export_is_at_streaming_loudness(from_words: Made) -> None:
    integrated_lufs, _ = ebu_r128(from_words.video)
    assert abs(integrated_lufs + 14) <= 1.5


def test_the_exports_true_peak_stays_under_minus_one_dbtp(from_words: Made, music_video: Made) -> None:
    for made in (from_words, music_video):
        assert ebu_r128(made.video)[1] <= -1.0


# --- batch: several files in one session, each with its own instruction and render --------------------------------


@pytest.fixture(scope="module")
def batch(client: Client, media: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> list[Made]:
    folder = tmp_path_factory.mktemp("batch")
    session = client.sessions.create()
    made = []
    session.upload([media["short-click"], media["photo-1"]])
    reply = session.send("make a music video from short-click with a waveform")
    made.append(Made(reply, session.state().draft, export(session, folder / "first.mp4")))
    session.upload(media["travel"])
    reply = session.send("create an upbeat background track for my travel video")
    made.append(Made(reply, session.state().draft, export(session, folder / "second.mp4")))
    return made


def test_batch_renders_each_request_to_its_own_mp4(batch: list[Made]) -> None:
    first, second = (streams(m.video) for m in batch)
    assert abs(first.duration_ms - 6000) <= ONE_FRAME_MS
    assert abs(second.duration_ms - 1000 * sum(SHOT_SECONDS)) <= 50
    for player in (first, second):
        assert (player.video_codec, player.width, player.height, player.audio_codec) == ("h264", 1920, 1080, "aac")


def test_batch_drafts_follow_their_own_instruction(batch: list[Made]) -> None:
    first, second = (m.draft for m in batch)
    visualizers = [t.segments[0].meta.get("effect") for t in first.tracks if t.meta.get("role") == "visualizer"]
    assert visualizers == ["waves"]
    roles = {t.meta.get("role"): t for t in second.tracks}
    assert "bgm" in roles and "music" not in roles
    # the travel clip is silent, so its music plays at full level
    assert roles["bgm"].meta.get("volume") == pytest.approx(1.0)


# --- iterative: one timeline refined over several messages --------------------------------------------------------


@pytest.fixture(scope="module")
def iterated(client: Client, media: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> list[Made]:
    session = client.sessions.create()
    session.upload([media["click-128"], media["photo-1"], media["photo-2"], media["photo-3"]])
    steps = []
    out = tmp_path_factory.mktemp("iterative")
    for words in (
        "create a video from this music with beat-synced cuts",
        "add the title 'Urban Dreams' for the first 3 seconds",
        "make it vertical for TikTok",
        "set the music volume to 80%",
        "faster cuts",
        "undo",
    ):
        reply = session.send(words)
        steps.append(Made(reply, session.state().draft, out / "none.mp4"))
    last = steps[-1]
    return [*steps[:-1], Made(last.reply, last.draft, export(session, out / "vertical.mp4"))]


def _texts(draft: Draft) -> list[str]:
    return [str(sg.meta.get("text")) for t in draft.tracks_of(TrackType.TEXT) for sg in t.segments]


def _shots(draft: Draft) -> int:
    lanes = [t for t in draft.tracks_of(TrackType.VIDEO) if t.meta.get("role") != "visualizer"]
    return len(lanes[0].segments)


def _music_volume(draft: Draft) -> object:
    return next(t.meta.get("volume") for t in draft.tracks_of(TrackType.AUDIO) if t.meta.get("role") == "music")


def test_each_edit_makes_a_new_version_and_keeps_the_earlier_ones(iterated: list[Made]) -> None:
    versions = [m.reply.version for m in iterated]
    assert versions[:5] == sorted(set(versions[:5])), versions
    built, titled, vertical, louder, faster = (m.draft for m in iterated[:5])
    # the untagged "click-128.wav" is credited by its file's name; the user's title comes with the edit
    assert _texts(built) == ["Click 128"] and built.aspect == "16:9"
    assert "Urban Dreams" in _texts(titled) and "Urban Dreams" in _texts(faster)
    assert vertical.aspect == "9:16" and louder.aspect == "9:16"
    assert _music_volume(louder) == pytest.approx(0.8)
    assert _shots(faster) > _shots(louder)


def test_undo_takes_back_only_the_last_edit(iterated: list[Made]) -> None:
    louder, undone = iterated[3].draft, iterated[5].draft
    assert undone.to_wire() == louder.to_wire()
    assert iterated[5].reply.changes, "the undo reply should say what changed"


def test_iterative_export_is_vertical_1080_by_1920(iterated: list[Made]) -> None:
    player = streams(iterated[-1].video)
    assert (player.video_codec, player.width, player.height, player.audio_codec) == ("h264", 1080, 1920, "aac")
    assert abs(player.duration_ms - 9000) <= ONE_FRAME_MS


def test_each_reply_says_what_changed(iterated: list[Made]) -> None:
    for made in iterated:
        assert made.reply.changes, made.reply.text
        assert "Traceback" not in made.reply.text and "Error" not in made.reply.text
