"""The whole path through %nemo on the embedded engine: session, upload, streamed chat, status, export, renders
after a restart, with no token anywhere in what the cells show."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest

from nemo_notebook.notebook.commands import Commands
from nemo_notebook.notebook.controller import Controller
from nemo_notebook.notebook.settings import Nemo

from .conftest import all_text, run, shared_media

ASK = "create a video from this music, 12 seconds long, with a visualizer and beat-synced cuts"


def probe(path: Path) -> dict[str, Any]:
    import av

    with av.open(str(path)) as container:
        video, audio = container.streams.video[0], container.streams.audio[0]
        return {
            "video": video.codec_context.name,
            "audio": audio.codec_context.name,
            "duration_s": float(container.duration or 0) / 1_000_000,
        }


@pytest.fixture(scope="module")
def made(shell: Any, workdir: Path) -> dict[str, Any]:
    """One session worked through the magic: upload, chat, export. Every captured output is kept."""
    seen: list[str] = []
    song, poster = shared_media("vibe-ace.mp3"), shared_media("big-buck-bunny-poster.jpg")
    shell.user_ns.update(song=str(song), poster=str(poster))
    steps = {
        "new": "%nemo session new",
        "upload": '%nemo upload "{song}" "{poster}"',
        "chat": f"%nemo {ASK}",
        "title": '%%nemo\nadd the title "Vibe Ace" for the first 3 seconds',
        "status": "df = %nemo status",
        "credits": "%nemo 积分",
        "export": "%nemo export --quality low -o out/first.mp4",
    }
    results = {}
    for name, cell in steps.items():
        result, captured = run(shell, cell)
        seen.append(all_text(captured))
        results[name] = (result, captured)
    return {"results": results, "seen": seen, "df": shell.user_ns.get("df"), "workdir": workdir}


def test_every_step_succeeds(made: dict[str, Any]) -> None:
    failed = {name: all_text(c) for name, (r, c) in made["results"].items() if not r.success}
    assert failed == {}


def test_first_use_says_connecting_then_ready_once(made: dict[str, Any]) -> None:
    lines = [line for text in made["seen"] for line in text.splitlines()]
    assert sum(line == "Connecting…" for line in lines) == 1
    assert sum(line.startswith("Ready!") for line in lines) == 1


def test_upload_reports_each_file(made: dict[str, Any]) -> None:
    out = made["results"]["upload"][1].stdout
    assert "✓ vibe-ace.mp3 — audio, 61.5 s" in out and "big-buck-bunny-poster.jpg — image" in out


def test_chat_streams_words_tools_and_ends_with_the_timeline(made: dict[str, Any]) -> None:
    out = made["results"]["chat"][1].stdout
    assert "Building the music video" in out and "build_music_video" not in out  # words, not function names
    assert out.rstrip().splitlines()[-1].startswith("Timeline (")
    assert "Timeline (0 tracks)" not in out


def test_status_returns_the_timeline_dataframe(made: dict[str, Any]) -> None:
    df = made["df"]
    assert df is not None and len(df) >= 2
    assert {"video", "audio"} <= set(df["track_type"])
    assert "Vibe Ace" in set(df["text"].dropna())


def test_export_writes_an_h264_aac_mp4_where_asked(made: dict[str, Any]) -> None:
    path = made["workdir"] / "out" / "first.mp4"
    info = probe(path)
    assert (info["video"], info["audio"]) == ("h264", "aac")
    assert 11.0 <= info["duration_s"] <= 13.5
    assert "Saved first.mp4" in all_text(made["results"]["export"][1])


def test_no_token_ever_shows(made: dict[str, Any], shell: Any) -> None:
    controller = shell._nemo_notebook[1].commands.controller
    token = controller.client._core.token().reveal()
    assert len(token) >= 16
    assert not any(token in text for text in made["seen"])
    assert token not in repr(controller.client) and token not in repr(controller.session)


def test_renders_after_a_restart_list_the_export_and_download_it_again(
    made: dict[str, Any], workdir: Path, request: pytest.FixtureRequest
) -> None:
    # a new controller is what a restarted kernel has: it resumes the folder's session from NEMO_HOME
    restarted = Commands(Controller(Nemo(), say=lambda _: None), rich=False)
    request.addfinalizer(restarted.controller.close)
    table = restarted.renders("")
    assert list(table["status"]) == ["completed"]
    render_id = table.index[0]
    restarted.renders(f"download {render_id} -o again.mp4")
    first, again = workdir / "out" / "first.mp4", workdir / "again.mp4"
    assert hashlib.sha256(again.read_bytes()).digest() == hashlib.sha256(first.read_bytes()).digest()
    assert len(restarted.controller.session.renders()) == 1  # nothing was rendered a second time
    _, picture = restarted.controller.timeline()
    assert 'class="waveform"' in picture.svg  # the restarted kernel still finds the uploaded song on disk


def test_rich_front_ends_get_a_progress_bar_a_player_and_a_link(
    made: dict[str, Any], shell: Any, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> None:
    from IPython.utils.capture import capture_output

    # a terminal shell formats text only; a notebook's kernel formats HTML and widgets too
    monkeypatch.setattr(shell.display_formatter, "active_types", shell.display_formatter.format_types)
    commands = Commands(Controller(Nemo(), say=lambda _: None), rich=True)
    request.addfinalizer(commands.controller.close)
    with capture_output() as captured:
        commands.export("--quality low -o rich.mp4")
    kinds = [set(o.data) for o in captured.outputs]
    assert any("application/vnd.jupyter.widget-view+json" in k for k in kinds)  # the progress bar
    html = "\n".join(o.data.get("text/html", "") for o in captured.outputs)
    assert "<video" in html and 'href="rich.mp4"' in html


def test_a_large_upload_shows_a_progress_bar(made: dict[str, Any], shell: Any, workdir: Path) -> None:
    import wave

    import numpy as np

    rng = np.random.default_rng(7)
    samples = (rng.standard_normal(44100 * 2 * 60) * 3000).astype(np.int16)  # 60 s of stereo noise, 10.6 MB
    big = workdir / "noise.wav"
    with wave.open(str(big), "wb") as out:
        out.setnchannels(2)
        out.setsampwidth(2)
        out.setframerate(44100)
        out.writeframes(samples.tobytes())
    result, captured = run(shell, f'%nemo upload "{big}"')
    assert result.success, all_text(captured)
    assert "Uploading noise.wav" in captured.stdout and "100%" in captured.stdout
    assert "✓ Uploaded noise.wav (10 MB)" in captured.stdout
    assert "✓ noise.wav — audio, 60.0 s" in captured.stdout
