"""Export jobs end to end, and what survives a restart."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path
from typing import Any

import httpx
import pytest

from nemo_notebook.engine import RunningEngine
from nemo_notebook.protocol import paths
from tests.conftest import shared_media

from .conftest import SKILL_HEADERS, assert_error, client_for, media_draft, new_session, running_engine, upload


def _upload_pair(api: httpx.Client, sid: str) -> tuple[str, str]:
    answer = upload(
        api,
        sid,
        ("clip.mp4", shared_media("big-buck-bunny-30s.mp4")),
        ("song.ogg", shared_media("choice-drum-bass.ogg")),
    )
    video, audio = answer.json()["data"]["media"]
    return video["id"], audio["id"]


def _export_body(sid: str, draft: Any, render_id: str = "render_1") -> dict[str, Any]:
    return {"id": render_id, "sessionId": sid, "draft": draft, "output": {"format": "mp4", "quality": "low"}}


def _wait_done(api: httpx.Client, render_id: str, timeout_s: float = 90) -> dict[str, Any]:
    deadline = time.monotonic() + timeout_s
    seen = []
    while time.monotonic() < deadline:
        answer = api.get(paths.render_job(render_id))
        assert answer.headers["Retry-After"] == "1"
        data: dict[str, Any] = answer.json()["data"]
        seen.append(data["status"])
        if data["status"] in ("completed", "failed"):
            data["seen"] = seen
            return data
        time.sleep(0.1)
    raise AssertionError(f"render {render_id} did not finish: {seen[-3:]}")


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """One engine, one session, one finished 1-second export; the engine is stopped afterwards."""
    home = tmp_path_factory.mktemp("export") / "home"
    with running_engine(home) as engine, client_for(engine) as api:
        sid = new_session(api)
        video_id, audio_id = _upload_pair(api, sid)
        draft = media_draft(video_id, audio_id, 1000).to_wire()
        queued = api.post(paths.RENDER, json=_export_body(sid, draft))
        assert queued.status_code == 200, queued.text
        assert queued.json()["data"] == {"id": "render_1", "status": "queued"}
        job = _wait_done(api, "render_1")
        output = api.get(job["output"]["url"]) if job["status"] == "completed" else None
        ranged = api.get(job["output"]["url"], headers={"Range": "bytes=0-99"}) if output else None
        stranger_token = httpx.post(
            engine.url + paths.ANONYMOUS_TOKEN, headers={paths.HEADER_CLIENT_ID: "stranger-client-0001"}
        )
        with client_for(engine, stranger_token.json()["data"]["token"]) as stranger:
            stranger_answer = stranger.get(paths.render_output("render_1"))
        state = api.get(paths.state(sid)).json()["data"]
    return {
        "home": home,
        "sid": sid,
        "job": job,
        "output": output,
        "ranged": ranged,
        "stranger": stranger_answer,
        "state": state,
        "draft": draft,
    }


def test_export_goes_from_queued_to_completed_with_a_real_mp4(rendered: dict[str, Any], tmp_path: Path) -> None:
    import av

    job = rendered["job"]
    assert job["status"] == "completed", job["error"]
    assert job["progress"] == 1.0 and job["error"] is None
    assert set(job["seen"]) <= {"queued", "rendering", "completed"}
    assert rendered["output"].status_code == 200 and len(rendered["output"].content) == job["output"]["size"]
    path = tmp_path / "out.mp4"
    path.write_bytes(rendered["output"].content)
    with av.open(str(path)) as container:
        video, audio = container.streams.video[0], container.streams.audio[0]
        assert video.codec_context.name == "h264" and video.codec_context.pix_fmt == "yuv420p"
        assert (video.codec_context.width, video.codec_context.height) == (854, 480)  # "low" is 480p
        assert audio.codec_context.name == "aac" and audio.codec_context.sample_rate == 48000
        assert abs(float(container.duration) / 1e6 - 1.0) < 0.15
    assert rendered["output"].content[4:8] == b"ftyp" and rendered["output"].content.index(b"moov") < rendered[
        "output"
    ].content.index(b"mdat")


def test_export_output_supports_range_and_only_its_owner(rendered: dict[str, Any]) -> None:
    ranged = rendered["ranged"]
    assert ranged.status_code == 206 and ranged.content == rendered["output"].content[:100]
    assert_error(rendered["stranger"], 404, 4004)


def test_state_renders_and_history_survive_a_restart(rendered: dict[str, Any]) -> None:
    with running_engine(rendered["home"]) as engine, client_for(engine) as api:
        assert api.get(paths.state(rendered["sid"])).json()["data"] == rendered["state"]
        job = api.get(paths.render_job("render_1")).json()["data"]
        assert job["status"] == "completed"
        assert api.get(job["output"]["url"]).content == rendered["output"].content


def test_a_render_running_when_the_engine_died_is_failed_after_restart(tmp_path: Path) -> None:
    home = tmp_path / "home"
    with running_engine(home) as engine, client_for(engine) as api:
        sid = new_session(api)
        _upload_pair(api, sid)
    now = time.time()
    with sqlite3.connect(home / "engine.sqlite3") as db:  # what a crash mid-render leaves behind
        db.execute(
            "INSERT INTO jobs VALUES ('render_9', ?, 'local', 'rendering', 0.4, 'low', ?, NULL, NULL, NULL, ?, ?)",
            (sid, '{"t": [], "d": 0, "m": {}}', now, now),
        )
    (home / "renders" / ".render_9.mp4.abc123.part").write_bytes(b"half a video")
    with running_engine(home) as engine, client_for(engine) as api:
        job = api.get(paths.render_job("render_9")).json()["data"]
        assert job["status"] == "failed" and "export again" in job["error"] and job["output"] is None
        assert list((home / "renders").iterdir()) == []
        assert_error(api.get(paths.render_output("render_9")), 404, 4004)


def test_export_without_skill_headers_is_402(api: httpx.Client, sid: str) -> None:
    bare = {"Authorization": api.headers["Authorization"]}
    answer = httpx.post(str(api.base_url) + paths.RENDER, json=_export_body(sid, {}), headers=bare)
    assert_error(answer, 402, 402, "register or upgrade")
    answer = httpx.post(str(api.base_url) + paths.RENDER, json=_export_body(sid, {}), headers={**bare, **SKILL_HEADERS})
    assert answer.json()["code"] != 402


@pytest.mark.parametrize(
    ("draft", "field"),
    [
        ({"t": "x"}, "draft.t"),
        ({"t": [{"tt": 3, "sg": []}]}, "draft.t[0].tt"),
        ({"t": [{"tt": 0, "sg": [{"s": -1, "d": 10}]}]}, "draft.t[0].sg[0].s"),
        ({"t": [{"tt": 1, "sg": [{"s": 0, "d": 10, "src": "med_nowhere"}]}], "d": 10}, "draft.t[0].sg[0].src"),
        ({"t": [], "d": 0, "m": {}}, "nothing to export yet"),
    ],
)
def test_bad_drafts_are_4000_naming_the_field(api: httpx.Client, sid: str, draft: Any, field: str) -> None:
    assert_error(api.post(paths.RENDER, json=_export_body(sid, draft)), 422, 4000, field)


@pytest.mark.parametrize(
    ("change", "field"),
    [({"output": {"quality": "ultra"}}, "output.quality"), ({"id": "../x"}, "id"), ({"sessionId": 5}, "sessionId")],
)
def test_bad_export_options_name_the_field(api: httpx.Client, sid: str, change: dict[str, Any], field: str) -> None:
    body = {**_export_body(sid, {"t": []}), **change}
    assert_error(api.post(paths.RENDER, json=body), 422, 4000, field)


def test_unknown_render_is_4004(api: httpx.Client) -> None:
    assert_error(api.get(paths.render_job("render_404")), 404, 4004, "render_404")


def test_an_export_that_cannot_render_fails_with_a_reason(engine: RunningEngine, api: httpx.Client, sid: str) -> None:
    [picture] = upload(api, sid, ("p.jpg", shared_media("big-buck-bunny-poster.jpg"))).json()["data"]["media"]
    media_dir = engine.settings.home / "media" / sid
    for file in media_dir.iterdir():
        file.write_bytes(b"gone bad")  # the file broke after upload
    draft = {
        "t": [{"tt": 0, "sg": [{"s": 0, "d": 500, "src": picture["id"], "in": 0, "m": {}}], "m": {}}],
        "d": 500,
        "m": {"aspect": "1:1"},
    }
    assert api.post(paths.RENDER, json=_export_body(sid, draft, "render_bad")).status_code == 200
    job = _wait_done(api, "render_bad")
    assert job["status"] == "failed" and job["error"].startswith("rendering failed")
    assert not (engine.settings.home / "renders" / "render_bad.mp4").exists()
