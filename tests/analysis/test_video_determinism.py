"""The same clip gives the same shots in every run: its analysis does not depend on how busy the machine is (the
same analysis alone and while other analyses of it run at once, the decoder's frame threads then finishing in another
order; frames bit-identical on one decoder thread or several), and the plan does not depend on the media ids, which
are new at every upload."""

from __future__ import annotations

import hashlib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from nemo_notebook.engine.analysis import frames
from nemo_notebook.engine.analysis.video import analyze_video
from nemo_notebook.engine.planning import MusicVideoOptions, plan_music_video
from nemo_notebook.protocol import MediaInfo, MediaKind
from tests.analysis.video_synth import montage, write_clip
from tests.render.synth import click_analysis


@pytest.fixture(scope="module")
def clip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_clip(tmp_path_factory.mktemp("same") / "clip.mp4", montage([1.5, 2.0, 1.0, 2.5]), fps=30)


def _frames_digest(path: Path, threads: int) -> str:
    digest = hashlib.sha256()
    with frames.open_video(path) as container:
        stream = container.streams.video[0]
        stream.thread_type = "AUTO" if threads > 1 else "NONE"
        stream.codec_context.thread_count = threads
        stream.codec_context.options = {"skip_loop_filter": "all"}
        for packet in container.demux(stream):
            for frame in packet.decode():
                luma, rgb, fine = frames.small_picture(frame)
                digest.update(str(frame.pts).encode() + luma.tobytes() + rgb.tobytes() + fine.tobytes())
    return digest.hexdigest()


def test_frames_decode_the_same_on_one_thread_and_on_several(clip: Path) -> None:
    assert len({_frames_digest(clip, threads) for threads in (1, 2, 8)}) == 1


def test_analysis_is_the_same_alone_and_alongside_others(clip: Path) -> None:
    alone = analyze_video(clip)
    with ThreadPoolExecutor(max_workers=3) as pool:
        crowded = list(pool.map(analyze_video, [clip] * 3))
    assert all(a == alone for a in crowded)


def test_the_same_media_under_new_ids_give_the_same_shots(clip: Path) -> None:
    analysis = analyze_video(clip)
    music = click_analysis(120, 16_000)

    def shots(session: str) -> list[tuple[str, int | None, int]]:
        song = MediaInfo(f"med_{session}song", "song.mp3", MediaKind.AUDIO, "mp3", 4000, duration_ms=16_000)
        video = MediaInfo(f"med_{session}clip", clip.name, MediaKind.VIDEO, "mp4", 9000, 7000, 320, 180, 30.0, False)
        stills = [
            MediaInfo(f"med_{session}{i}", f"{i}.jpg", MediaKind.IMAGE, "jpg", 100 + i, None, 640, 360)
            for i in range(3)
        ]
        draft = plan_music_video(song, music, [(video, analysis), *((s, None) for s in stills)], MusicVideoOptions())
        lane = next(t for t in draft.tracks if t.meta.get("role") == "visuals")
        return [(str(sg.meta["name"]), sg.in_ms, sg.duration_ms) for sg in lane.segments]

    first = shots("1f3a")
    assert any(in_ms is not None for _, in_ms, _ in first)
    assert shots("9c0d") == first
