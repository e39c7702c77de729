"""Issues 28/29: three clips uploaded, then "create an upbeat background track for my travel video". A creator with
three travel clips means one video made of them: the engine joins them in upload order, scores the whole video on
its cuts (the joins included) and names the clips it used; a clip the words name is scored alone. (It scored only
the last upload and dropped the others without a word.)

The clips are three stretches of Big Buck Bunny (examples/media), cut and re-encoded here with the bundled ffmpeg.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest

from nemo_notebook.client import Client, RenderReport, Reply
from nemo_notebook.protocol import Draft, TrackType

from .media import distance_ms, ffmpeg, frames, streams

BUNNY = Path(__file__).resolve().parents[2] / "examples" / "media" / "big-buck-bunny-30s.mp4"
# (name, start s, length s): three stretches of the film, each with its own pictures
CLIPS = (("beach.mp4", 1.0, 4.0), ("market.mp4", 11.0, 3.0), ("harbour.mp4", 21.0, 5.0))
WORDS = "create an upbeat background track for my travel video"


@dataclass(frozen=True)
class Made:
    """The reply to the words, the draft it left and the MP4 exported from it."""

    reply: Reply
    draft: Draft
    video: Path


def _cut(path: Path, start_s: float, length_s: float) -> Path:
    """A stretch of the film at 720p 30 fps: shown full frame in the export (a smaller clip is enlarged at most
    twice, over a blurred backdrop, and its frames would not match the export's)."""
    ffmpeg(
        "-ss", f"{start_s}", "-i", str(BUNNY), "-t", f"{length_s}", "-vf", "scale=1280:720,fps=30",
        "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac", str(path),
    )  # fmt: skip
    return path


@pytest.fixture(scope="module")
def clips(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    folder = tmp_path_factory.mktemp("travel-clips")
    return [_cut(folder / name, start, length) for name, start, length in CLIPS]


@pytest.fixture(scope="module")
def joined(client: Client, clips: list[Path], tmp_path_factory: pytest.TempPathFactory) -> tuple[Made, RenderReport]:
    session = client.sessions.create()
    session.upload(list(clips))
    reply = session.send(WORDS)
    job = session.export(quality="low").wait(timeout=240)
    video = job.download(tmp_path_factory.mktemp("joined") / "joined.mp4")
    return Made(reply, session.state().draft, video), job.report()


def _lane(draft: Draft) -> list[tuple[str, int, int]]:
    """The visuals lane's shots: (clip name, start, end) in ms."""
    lane = next(t for t in draft.tracks if t.type == TrackType.VIDEO)
    return [(str(sg.meta.get("name")), sg.start_ms, sg.end_ms) for sg in lane.segments]


def test_the_export_is_the_three_clips_back_to_back(joined: tuple[Made, RenderReport]) -> None:
    made, _ = joined
    total_ms = 1000 * sum(length for _, _, length in CLIPS)
    assert abs(streams(made.video).duration_ms - total_ms) <= 150, streams(made.video)
    assert [name for name, _, _ in _lane(made.draft)] == [name for name, _, _ in CLIPS]


def _signature(pictures: np.ndarray) -> np.ndarray:
    """Each small grey frame less its mean, over its spread: the same picture after the engine evens out a clip's
    exposure (a bright clip is brought down, a dark one up) has the same signature."""
    centred = pictures - pictures.mean(axis=(-2, -1), keepdims=True)
    return np.asarray(centred / (centred.std(axis=(-2, -1), keepdims=True) + 1e-6))


def test_each_clips_pictures_appear_in_order(joined: tuple[Made, RenderReport], clips: list[Path]) -> None:
    made, _ = joined
    times, pictures = frames(made.video, top_share=1.0)
    exported = _signature(pictures)
    start_ms = 0.0
    for path, (_, _, length) in zip(clips, CLIPS, strict=True):
        own_times, own = frames(path, top_share=1.0)
        middle = len(own) // 2  # the clip's middle frame: found in the export, in its place
        likeness = (exported * _signature(own[middle])).mean(axis=(1, 2))  # correlation, 1 for the same picture
        best = int(np.argmax(likeness))
        assert likeness[best] >= 0.95, (path.name, float(likeness[best]))
        assert abs(times[best] - (start_ms + own_times[middle])) <= 100, (path.name, times[best])
        start_ms += 1000 * length


def test_the_joins_are_cuts_of_the_score_on_its_beats(joined: tuple[Made, RenderReport]) -> None:
    made, report = joined
    joins = [start for _, start, _ in _lane(made.draft)[1:]]
    beats = made.draft.meta["beats_ms"]
    assert isinstance(beats, list) and len(joins) == 2
    assert max(distance_ms(joins, [float(b) for b in beats])) <= 70, joins
    assert report.cuts_planned >= 2
    assert (report.cuts_on_beat_70ms_share or 0.0) >= 0.9, report


def test_the_reply_names_the_three_clips(joined: tuple[Made, RenderReport]) -> None:
    text = joined[0].reply.text
    assert all(f'"{name}"' in text for name, _, _ in CLIPS), text
    assert "3 clips as one 12s video" in text, text


def test_a_clip_the_words_name_is_scored_alone(client: Client, clips: list[Path]) -> None:
    session = client.sessions.create()
    session.upload(list(clips))
    reply = session.send("create an upbeat background track for market.mp4")
    assert [name for name, _, _ in _lane(session.state().draft)] == ["market.mp4"]
    assert '"beach.mp4"' not in reply.text and "as one" not in reply.text


def test_a_clip_that_cannot_be_read_is_left_out_and_named(
    client: Client, clips: list[Path], tmp_path_factory: pytest.TempPathFactory
) -> None:
    still = tmp_path_factory.mktemp("still") / "still.mp4"  # one frame: it uploads, but there is nothing to watch
    ffmpeg("-f", "lavfi", "-i", "testsrc2=size=320x180:rate=30", "-frames:v", "1", "-c:v", "libx264", str(still))
    session = client.sessions.create()
    session.upload([clips[0], still, clips[1]])
    reply = session.send(WORDS)
    assert [name for name, _, _ in _lane(session.state().draft)] == ["beach.mp4", "market.mp4"]
    assert "Scoring 2 clips as one 7s video" in reply.text, reply.text
    assert 'Left out "still.mp4": ' in reply.text and "1 frame" in reply.text, reply.text
