"""Issue 24: what a file's header claims is held to `MediaLimits` before anything is built from it, so that a few
bytes cannot make the engine (this process: the tests run it in a thread) index, decode or analyse without bound."""

from __future__ import annotations

import importlib
import os
import sys
from pathlib import Path

import httpx
import pytest

from nemo_notebook.engine import MediaLimits, RunningEngine
from nemo_notebook.engine.errors import MediaError
from nemo_notebook.engine.intake.boxes import BoxError, claimed_samples
from nemo_notebook.protocol import paths
from tests.proof import media

from .conftest import assert_error, client_for, new_session, running_engine, upload

pytestmark = pytest.mark.timeout(120)
MB = 1024 * 1024


def _status_kb(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise LookupError(field)


def _peak_growth_mb(send: object) -> tuple[httpx.Response, int]:
    """The answer of ``send()`` and how far it raised this process's peak resident memory (VmHWM), MB."""
    Path("/proc/self/clear_refs").write_text("5")  # the peak starts again from what is resident now
    before_kb = _status_kb("VmRSS")
    answer = send()  # type: ignore[operator]
    return answer, (_status_kb("VmHWM") - before_kb) // 1024


needs_proc = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="peak memory read from Linux /proc")


@needs_proc
def test_an_mp4_whose_index_claims_60_million_samples_is_refused_before_it_is_indexed(
    engine: RunningEngine, api: httpx.Client, sid: str
) -> None:
    """5.6 KB claiming 60 million one-byte samples: the index alone took 2.1 GB and 6.6 s, then a 4001 that blamed
    an interrupted download."""
    claim = media.mp4_claiming_samples(60_000_000)
    answer, grown_mb = _peak_growth_mb(lambda: upload(api, sid, ("claim.mp4", claim)))
    assert_error(answer, 415, 4001, "claim.mp4", "60,000,000 samples", f"{len(claim):,} bytes", "export it again")
    assert grown_mb < 200, f"the engine's peak memory grew {grown_mb} MB"


@needs_proc
def test_a_big_picture_is_decoded_outside_the_engine(engine: RunningEngine, api: httpx.Client, sid: str) -> None:
    """49 megapixels at 16 bits, under every header limit, decode to 294 MB: in a media worker, not in the engine
    (which took them itself before)."""
    answer, grown_mb = _peak_growth_mb(lambda: upload(api, sid, ("big.png", media.png_claiming(7000, 7000, bits=16,
                                                                                               colour=True))))  # fmt: skip
    assert answer.status_code == 200, answer.text
    assert grown_mb < 150, f"the engine's peak memory grew {grown_mb} MB"


def test_an_index_listing_more_samples_than_the_file_has_bytes_is_refused(api: httpx.Client, sid: str) -> None:
    """Under the cap of 500 000, but every sample would be a fraction of a byte: no real file looks like this."""
    answer = upload(api, sid, ("thin.mp4", media.mp4_claiming_samples(100_000)))
    assert_error(answer, 415, 4001, "100,000 samples", "no more than the file has bytes")


def test_an_index_over_the_cap_is_refused_even_where_the_file_has_the_bytes(api: httpx.Client, sid: str) -> None:
    """600 000 one-byte samples in 600 KB: reading every packet alone would hold a worker for seconds."""
    answer = upload(api, sid, ("many.mp4", media.mp4_claiming_samples(600_000, padding=600_000, timescale=10_000)))
    assert_error(answer, 415, 4001, "600,000 samples", "at most 500,000")


def test_a_clip_longer_than_analysis_takes_is_refused(tmp_path: Path, api: httpx.Client, sid: str) -> None:
    """21 minutes of a tiny picture at one frame a second: a few KB that analysis would read for minutes."""
    clip = tmp_path / "long.mp4"
    media.ffmpeg("-f", "lavfi", "-i", "color=c=gray:size=32x32:rate=1:duration=1260", "-c:v", "libx264",
                 "-preset", "ultrafast", "-pix_fmt", "yuv420p", clip)  # fmt: skip
    answer = upload(api, sid, ("long.mp4", clip))
    assert_error(answer, 415, 4001, "long.mp4", "21 minutes long", "up to 20 minutes", "cut it")


def test_the_limits_are_the_engines_settings(tmp_path: Path) -> None:
    limits = MediaLimits(max_duration_ms=2000, max_picture_pixels=1_000_000, lowest_sample_rate_hz=32_000)
    with running_engine(tmp_path / "home", media=limits) as engine, client_for(engine) as api:
        sid = new_session(api)
        song = media.mp3(tmp_path, seconds=4.0)
        assert_error(upload(api, sid, ("song.mp3", song)), 415, 4001, "it is 4 seconds long", "up to 2 seconds")
        big = media.png_claiming(2000, 1000)
        assert_error(upload(api, sid, ("big.png", big)), 415, 4001, "2000×1000 (2 megapixels), more than the 1")
        assert_error(upload(api, sid, ("low.wav", media.wav_at_rate(22_050))), 415, 4001, "accepted: 32000 to")


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (media.h264_aac, 136),  # 48 frames and 88 AAC frames: nothing else is listed
        (media.audio_only_mp4, 88),
        (media.faststart, 136),
    ],
)
def test_real_files_claim_the_samples_they_hold(tmp_path: Path, make: object, expected: int) -> None:
    assert claimed_samples(make(tmp_path)) == expected  # type: ignore[operator]


def test_fragments_and_uncompressed_sound_are_counted_as_the_demuxer_indexes_them(tmp_path: Path) -> None:
    fragmented, pcm = tmp_path / "frag.mp4", tmp_path / "pcm.mov"
    media.ffmpeg("-f", "lavfi", "-i", "testsrc2=size=160x120:rate=24:duration=4", "-c:v", "libx264",
                 "-movflags", "frag_keyframe+empty_moov", "-g", "12", fragmented)  # fmt: skip
    media.ffmpeg("-f", "lavfi", "-i", "sine=duration=60:sample_rate=48000", "-c:a", "pcm_s16le", pcm)
    assert claimed_samples(fragmented) == 96  # every frame, from the fragments' trun boxes
    # a minute of 48 kHz PCM lists 2.88 million samples, indexed a chunk or 1024 samples at a time
    assert claimed_samples(pcm) == pytest.approx(2_880_000 / 1024, abs=10)
    assert claimed_samples(Path(os.devnull)) is None


def test_a_compressed_movie_header_is_not_believed(tmp_path: Path) -> None:
    path = tmp_path / "old.mov"
    path.write_bytes(media.box(b"moov", media.box(b"cmov", b"\0" * 16)))
    with pytest.raises(BoxError, match="compressed"):
        claimed_samples(path)


def test_a_read_that_loops_is_cut_off_at_the_deadline(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The last line behind the others: with playlists let through (the demuxer list and the first-bytes check
    taken away), a live playlist whose segment never comes makes FFmpeg re-read it for ever (101.5 s on b440eb7);
    the deadline on every open and read ends it."""
    probing = importlib.import_module(
        "nemo_notebook.engine.intake.probe"
    )  # the module: the package offers the function
    monkeypatch.setattr(probing, "OPEN_OPTIONS", {"protocol_whitelist": "file"})
    monkeypatch.setattr(probing, "playlist_kind", lambda path: None)
    playlist = tmp_path / "live.m3u8"
    playlist.write_bytes(media.live_playlist("segment-0.ts"))
    with pytest.raises(MediaError, match="reading it took longer than 1 s") as refused:
        probing.probe(playlist, media_id="med_1", name="live.m3u8", limits=MediaLimits(read_timeout_s=1.0))
    assert refused.value.code == 4001


@needs_proc
def test_fifty_hostile_uploads_at_once_leave_another_owner_served(
    engine: RunningEngine, api: httpx.Client, sid: str
) -> None:
    """Issue 24's figure: with 50 hostile uploads in flight, another owner's state reads are answered (each within
    the 10 s its client waits) and the engine's peak memory grows by less than 1 GB. On b440eb7 one such upload held
    a worker 101.5 s, one took 2.1 GB."""
    from concurrent.futures import ThreadPoolExecutor

    from .test_render_queue import _stranger

    hostile = [
        ("claim.mp4", media.mp4_claiming_samples(5_000_000)),  # believed, ten of them would take 1.7 GB, not 21
        ("live.m3u8", media.live_playlist("segment-0.ts")),
        ("deep.png", media.png_claiming(16000, 16000, bits=16, colour=True)),
        ("slow.wav", media.wav_at_rate(1)),
        ("tall.png", media.png_claiming(1, 100_000)),
    ]
    with client_for(engine, _stranger(engine)) as other, ThreadPoolExecutor(50) as pool:
        other.timeout = httpx.Timeout(10.0)
        other_sid = new_session(other)

        def flood() -> list[httpx.Response]:
            sent = [pool.submit(upload, api, sid, hostile[i % len(hostile)]) for i in range(50)]
            reads = 0
            while reads < 3 or not all(f.done() for f in sent):
                assert other.get(paths.state(other_sid)).status_code == 200  # raises past 10 s
                reads += 1
            return [f.result() for f in sent]

        answers, grown_mb = _peak_growth_mb(flood)
    assert {a.status_code for a in answers} == {415}
    assert grown_mb < 1024, f"the engine's peak memory grew {grown_mb} MB"
