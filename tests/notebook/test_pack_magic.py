"""``%nemo pack`` on the embedded engine: the agent's words, one progress row per version, then every video; and
"make a release pack" routed to it."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

from nemo_notebook.engine.ffmpeg import ffmpeg_exe
from nemo_notebook.notebook.completion import candidates
from nemo_notebook.notebook.routing import route

from .conftest import all_text, run, shared_media


def test_make_a_release_pack_is_the_pack_command() -> None:
    assert route("make a release pack").command == "pack"
    assert (route("pack --quality preview").command, route("pack --quality preview").rest) == (
        "pack",
        "--quality preview",
    )
    assert route("发布包").command == "pack"
    assert "pack" in candidates("%nemo ") and candidates("%nemo pack --quality ")[-1] == "preview"


def test_the_pack_magic_renders_every_version_and_shows_them(shell: Any, workdir: Path) -> None:
    song = workdir / "song-20s.m4a"
    source = shared_media("vibe-ace.ogg")
    subprocess.run([ffmpeg_exe(), "-v", "error", "-i", str(source), "-vn", "-t", "20", str(song)], check=True)
    shell.user_ns.update(song=str(song), poster=str(shared_media("big-buck-bunny-poster.jpg")))
    for cell in ('%nemo upload "{song}" "{poster}"', "%nemo create a video from this music"):
        result, captured = run(shell, cell)
        assert result.success, all_text(captured)
    result, captured = run(shell, "pack = %nemo pack --quality preview -o out/pack")
    text = all_text(captured)
    assert result.success, text
    pack = shell.user_ns["pack"]
    assert [row.name for row in pack.rows()] == ["full", "short_15", "square", "canvas"]
    assert all(row.status == "completed" for row in pack.rows())
    assert "no 30 s short" in text and "no 60 s short" in text
    for label in ("Full video", "15 s short", "Square cut", "Spotify Canvas"):
        assert label in text, text
    assert sorted(p.name for p in (workdir / "out" / "pack").glob("*.mp4")) == [
        "canvas.mp4",
        "full.mp4",
        "short_15.mp4",
        "square.mp4",
    ]
    assert "The release pack has 4 versions" in text
