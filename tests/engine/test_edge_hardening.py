"""The rest of the hostile round (issue 24): a finished render whose id contains ".part" survives a restart, a
render is never readable by others, session files are served as what probing found them to be (never as HTML),
with nosniff, and a Host of "[::1]" followed by another name is refused."""

from __future__ import annotations

import stat
from pathlib import Path
from typing import Any

import httpx

from nemo_notebook.protocol import paths

from .conftest import client_for, new_session, running_engine, upload


def test_start_up_cleanup_removes_only_the_renderers_temporary_files(tmp_path: Path) -> None:
    home = tmp_path / "home"
    with running_engine(home):
        pass
    renders = home / "renders"
    kept = [renders / "render_1.part.mp4", renders / "my.part.video.mp4"]  # finished renders whose ids hold ".part"
    gone = [renders / ".render_9.mp4.0123456789ab.part", renders / ".render_9.mp4.k3j_x9zq.part"]
    for path in kept + gone[:1]:
        path.write_bytes(b"video")
    gone[1].mkdir()
    with running_engine(home):
        assert all(path.exists() for path in kept) and not any(path.exists() for path in gone)


def test_session_files_are_served_as_what_they_are_with_nosniff(tmp_path: Path) -> None:
    with running_engine(tmp_path / "home") as engine, client_for(engine) as api:
        sid = new_session(api)
        png = tmp_path / "picture.png"
        from tests.render.synth import ffmpeg

        ffmpeg("-f", "lavfi", "-i", "testsrc2=s=64x64", "-frames:v", "1", str(png))
        answer = upload(api, sid, ("x.html", png))
        assert answer.status_code == 200, answer.text
        media_id = api.get(paths.state(sid)).json()["data"]["state"]["video_infos"][0]["id"]
        served = api.get(paths.media_file(sid, media_id))
        assert served.status_code == 200
        assert served.headers["content-type"] == "image/png"
        assert served.headers["x-content-type-options"] == "nosniff"


def test_a_host_of_loopback_brackets_and_another_name_is_refused(engine: Any) -> None:
    for host, status in (("[::1]evil.example", 422), ("[::1]:8080", 200), ("localhost", 200)):
        answer = httpx.get(
            engine.url + paths.CREDITS, headers={"Host": host, "Authorization": f"Bearer {engine.token}"}
        )
        assert answer.status_code == status, (host, answer.text)


def test_a_finished_render_is_readable_by_its_owner_only(tmp_path: Path) -> None:
    from nemo_notebook.engine.ffmpeg import ffmpeg_exe
    from nemo_notebook.engine.render.run import run_ffmpeg, temp_path_for

    out = tmp_path / "video.mp4"
    temp = temp_path_for(out)
    cmd = [ffmpeg_exe(), "-hide_banner", "-y", "-f", "lavfi", "-i", "color=s=64x64:d=0.2", "-f", "mp4", "-progress", "pipe:1",
           str(temp)]  # fmt: skip
    run_ffmpeg(cmd, duration_ms=200)
    assert stat.S_IMODE(temp.stat().st_mode) == 0o600
