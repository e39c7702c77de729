"""The small displays: the video player (embedded or linked), the download link, the text progress bar."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from nemo_notebook.notebook.export_view import MB, DownloadLink, SavedVideo, video_player
from nemo_notebook.notebook.progress import ProgressBar


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _video(path: Path, size: int) -> SavedVideo:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"\0" * 64)
    return SavedVideo(path, size, 20000)


@pytest.fixture
def jupyter(monkeypatch: pytest.MonkeyPatch) -> None:
    """A JupyterLab or Notebook 7 kernel: not VS Code, not Colab."""
    for name in ("VSCODE_PID", "VSCODE_CWD", "VSCODE_IPC_HOOK_CLI", "COLAB_RELEASE_TAG"):
        monkeypatch.delenv(name, raising=False)


def test_videos_next_to_the_notebook_play_by_relative_path_whatever_their_size(in_tmp: Path, jupyter: None) -> None:
    for size in (2 * MB, 400 * MB):
        html = video_player(_video(in_tmp / "out" / "v.mp4", size), embed_max_mb=40)._repr_html_()
        assert 'src="out/v.mp4"' in html and "base64" not in html
        assert len(html) < 1000


def test_embed_is_opt_in(in_tmp: Path, jupyter: None) -> None:
    html = video_player(_video(in_tmp / "small.mp4", 2 * MB), embed=True, embed_max_mb=40)._repr_html_()
    assert "data:video/mp4;base64," in html


@pytest.mark.parametrize("sign", ["VSCODE_PID", "COLAB_RELEASE_TAG"])
def test_where_relative_files_are_not_served_small_videos_are_embedded_and_big_ones_named(
    in_tmp: Path, monkeypatch: pytest.MonkeyPatch, sign: str
) -> None:
    monkeypatch.setenv(sign, "1")
    small = video_player(_video(in_tmp / "small.mp4", 2 * MB), embed_max_mb=40)
    assert "data:video/mp4;base64," in small._repr_html_()
    big = _video(in_tmp / "big.mp4", 400 * MB)
    assert video_player(big, embed_max_mb=40) is None
    assert str(big.path) in DownloadLink(big)._repr_html_()


def test_the_link_is_relative_and_names_size_and_length(in_tmp: Path, jupyter: None) -> None:
    link = DownloadLink(_video(in_tmp / "clip.mp4", 3 * MB))
    assert 'href="clip.mp4" download="clip.mp4"' in link._repr_html_()
    assert "3.0 MB, 20.0 s" in link._repr_html_()
    assert "clip.mp4 (3.0 MB, 20.0 s)" in repr(link)


def test_a_file_outside_the_notebook_folder_is_named_by_its_path(
    in_tmp: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    elsewhere = tmp_path_factory.mktemp("elsewhere") / "v.mp4"
    html = DownloadLink(_video(elsewhere, MB))._repr_html_()
    assert "href" not in html and str(elsewhere) in html


def test_text_progress_redraws_in_place_and_ends_with_the_caption() -> None:
    out = io.StringIO()
    bar = ProgressBar("Rendering", rich=False, max_rate_hz=1e9, stream=out).show()
    for step in range(11):
        bar.update(step / 10)
    bar.close("✓ Rendered in 3.0 s")
    text = out.getvalue()
    assert text.count("\r") >= 11 and "\n" not in text[:-1]
    assert "[##############################] Rendering 100%" in text
    assert text.rstrip().endswith("✓ Rendered in 3.0 s")


def test_progress_says_elapsed_and_remaining_time() -> None:
    now = [100.0]
    bar = ProgressBar("Rendering", rich=False, max_rate_hz=1e9, stream=io.StringIO(), clock=lambda: now[0])
    bar.show()
    now[0] = 110.0
    bar.update(0.05)
    now[0] = 130.0
    bar.update(0.25)
    assert bar.caption() == "Rendering  25% · 0:30 elapsed · about 1:15 left"
    bar.interrupt("⏸ Stopped watching")
    assert bar.state == "interrupted"


def test_progress_reports_from_byte_counts() -> None:
    bar = ProgressBar("Uploading", rich=False, stream=io.StringIO())
    bar.bytes_callback(25, 100)
    assert bar.fraction == pytest.approx(0.25)
    bar.bytes_callback(5, 0)  # an unknown total leaves the bar where it was
    assert bar.fraction == pytest.approx(0.25)


def test_a_finished_bar_and_an_embedded_video_read_as_words_without_widgets(in_tmp: Path) -> None:
    from nemo_notebook.notebook.export_view import SavedVideo, video_player
    from nemo_notebook.notebook.progress import FinishedBar

    bar = FinishedBar(1.0, "✓ Rendered in 12.3 s", "done")
    assert repr(bar) == "✓ Rendered in 12.3 s" and "width:100%" in bar._repr_html_()
    clip = in_tmp / "clip.mp4"
    clip.write_bytes(b"\0" * 2048)
    player = video_player(SavedVideo(clip, 2048, 61500), embed=True, embed_max_mb=40)
    assert repr(player) == "🎬 clip.mp4 (0.0 MB, 61.5 s), embedded in the notebook"
    assert "<video" in player._repr_html_()


@pytest.mark.parametrize("setup_s", [0.0, 8.0, 25.0])
def test_time_left_is_within_a_quarter_once_a_fifth_is_done_whatever_the_wait_before_the_first_frame(
    setup_s: float,
) -> None:
    """A render that waits (queue, analysis, the graph's set-up) before its first frame, then moves at 1 % a second:
    from 20 % on, the time left shown is within ±25 % of the truth (the old estimate, elapsed × left / done, was
    50 % over at 20 % after a 25 s wait)."""
    now = [0.0]
    bar = ProgressBar("Rendering", rich=False, max_rate_hz=1e9, stream=io.StringIO(), clock=lambda: now[0])
    bar.show()
    for step in range(1, 100):
        now[0] = setup_s + step
        bar.update(step / 100)
        truth = 100 - step
        if step >= 20:
            left = bar.left_s()
            assert left is not None and abs(left - truth) <= 0.25 * truth, (step, left, truth)


def test_the_saved_line_names_the_file_once_then_where_it_is(in_tmp: Path) -> None:
    from nemo_notebook.notebook.export_view import DownloadLink, SavedVideo

    line = repr(DownloadLink(SavedVideo(Path("clip.mp4"), 1024 * 1024, 6000)))
    assert line == f"💾 Saved clip.mp4 (1.0 MB, 6.0 s): {in_tmp / 'clip.mp4'}"


def test_an_export_card_shows_its_hint_as_code_not_markdown() -> None:
    from nemo_notebook.client._html import render_html
    from nemo_notebook.client._models import RenderStatus

    card = render_html(RenderStatus.from_wire({"id": "render_1", "status": "completed", "progress": 1.0}))
    assert "`" not in card and "<code>%nemo renders download render_1</code>" in card


def test_in_vscode_the_embedded_video_carries_opus_sound_and_the_file_stays_aac(
    in_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """VS Code's webviews play H.264 but not AAC: the copy shown there has Opus sound; the MP4 on disk is unchanged."""
    import base64
    import io
    import re
    import subprocess

    import av
    import imageio_ffmpeg

    from nemo_notebook.notebook.export_view import SavedVideo, video_player

    clip = in_tmp / "clip.mp4"
    make = [imageio_ffmpeg.get_ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i",
            "testsrc2=size=160x90:rate=15:duration=1", "-f", "lavfi", "-i", "sine=frequency=440:duration=1",
            "-c:v", "libx264", "-c:a", "aac", "-shortest", str(clip)]  # fmt: skip
    subprocess.run(make, check=True, timeout=60)
    before = clip.read_bytes()

    def codecs(data: bytes) -> list[str]:
        with av.open(io.BytesIO(data)) as container:
            return sorted(s.codec_context.name for s in container.streams)

    monkeypatch.setenv("VSCODE_PID", "1234")
    player = video_player(SavedVideo(clip, clip.stat().st_size, 1000), embed_max_mb=40)
    shown = re.search(r"base64,([A-Za-z0-9+/=]+)", player._repr_html_())
    assert shown is not None
    assert codecs(base64.b64decode(shown.group(1))) == ["h264", "opus"]
    assert clip.read_bytes() == before and codecs(before) == ["aac", "h264"]


def test_a_linked_video_carries_a_poster_frame_for_viewers_without_the_file(in_tmp: Path, jupyter: None) -> None:
    """GitHub and nbviewer show a saved notebook without the MP4 beside it: the <video> carries a small JPEG poster."""
    import base64
    import subprocess

    import imageio_ffmpeg

    from nemo_notebook.notebook.export_view import SavedVideo, video_player

    clip = in_tmp / "clip.mp4"
    make = [imageio_ffmpeg.get_ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i",
            "testsrc2=size=320x180:rate=15:duration=2", "-c:v", "libx264", str(clip)]  # fmt: skip
    subprocess.run(make, check=True, timeout=60)
    html = video_player(SavedVideo(clip, clip.stat().st_size, 2000), embed_max_mb=40)._repr_html_()
    assert 'src="clip.mp4"' in html and 'poster="data:image/jpeg;base64,' in html
    poster = base64.b64decode(html.split("base64,")[1].split('"')[0])
    assert poster[:2] == b"\xff\xd8" and len(poster) < 60_000  # a JPEG, small enough for the notebook
