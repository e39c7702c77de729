"""``job.report()``: a finished export's report card from the real engine (both clients), measured on the file the
user downloads; on the hosted service it says plainly that there is none."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

from nemo_notebook.client import Client, NemoError, RenderReport, Timeout
from nemo_notebook.protocol import paths
from tests.conftest import shared_media
from tests.loudness import ebu_r128

from .both import open_client
from .fakecloud import FakeCloud, answer


@pytest.fixture(scope="module")
def exported(real_engine: Any, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str, Path]:
    """A 12-second music video of the shared song, poster and clip, exported at 480p and downloaded."""
    home = tmp_path_factory.mktemp("report-client")
    with Client(base_url=real_engine.url, token=real_engine.token, home=home) as client:
        session = client.sessions.create()
        media = ("vibe-ace.mp3", "big-buck-bunny-poster.jpg", "big-buck-bunny-30s.mp4")
        session.upload([shared_media(name) for name in media])
        session.send("create a video from this music with visualizer and beat-synced cuts, 12 seconds long")
        job = session.export(quality="low").wait()
        return session.id, job.id, job.download(home / "video.mp4")


def test_the_report_card_of_an_export_measures_the_file(
    exported: tuple[str, str, Path], real_engine: Any, client_home: Path, flavour: str
) -> None:
    _, render_id, video = exported
    with open_client(flavour, base_url=real_engine.url, token=real_engine.token, home=client_home) as client:
        card = client.render(render_id).report()
        again = client.render(render_id).report()
    assert isinstance(card, RenderReport) and card == again and card.render_id == render_id
    assert card.size_bytes == video.stat().st_size and card.duration_ms == pytest.approx(12_000, abs=100)
    assert card.cuts_planned >= 4 and card.planned_cuts_found_share == 1.0
    assert card.cuts_on_beat_frame_share is not None and card.cuts_on_beat_frame_share >= 0.85
    lufs, peak = ebu_r128(video)
    assert card.loudness_lufs == pytest.approx(lufs, abs=0.05) and card.true_peak_dbtp == pytest.approx(peak, abs=0.05)
    assert card.render_s is not None and card.render_s > 0
    assert card.visualizer_covers_subject_share is not None and card.most_shown is not None


def test_the_card_is_a_table(exported: tuple[str, str, Path], real_engine: Any, client_home: Path) -> None:
    _, render_id, _ = exported
    with Client(base_url=real_engine.url, token=real_engine.token, home=client_home) as client:
        card = client.render(render_id).report()
    frame = card.to_frame()
    assert list(frame.columns) == ["value", "unit", "source"] and len(frame) == 20
    assert frame.loc["planned cuts found within a frame", "value"] == 100.0
    assert frame.loc["cuts found in the frames", "source"] == "rendered file"
    assert frame.loc["length", "value"] == pytest.approx(12.0, abs=0.1) and frame.attrs["render_id"] == render_id
    assert "Report card" in card._repr_html_() and "true peak" in card._repr_html_()


def test_an_unknown_render_has_no_card(real_engine: Any) -> None:
    import httpx

    url = real_engine.url + paths.render_report("render_nope")
    answered = httpx.get(url, headers={"Authorization": f"Bearer {real_engine.token}"})
    assert answered.status_code == 404 and "no render 'render_nope'" in answered.json()["message"]


def test_the_hosted_service_has_no_report_card_and_is_not_asked(tmp_path: Path, cloud: FakeCloud) -> None:
    cloud.drafts = [{"t": [{"tt": 7, "sg": [{"s": 0, "d": 3000, "m": {"text": "Hi"}}], "m": {}}], "d": 3000, "m": {}}]
    cloud.route("POST", paths.RENDER, lambda r: answer({"id": "render_1", "status": "queued"}))
    done = {"id": "render_1", "status": "completed", "progress": 1.0, "output": {"url": "https://cdn.example/v.mp4"}}
    cloud.route("GET", paths.render_job("render_1"), lambda r: answer(done))
    with cloud.client(tmp_path) as client:
        job = client.sessions.create().export().wait()
        with pytest.raises(NemoError, match="not available on the hosted service") as caught:
            job.report()
    assert "embedded engine" in (caught.value.hint or "")
    assert paths.render_report("render_1") not in cloud.paths_called()


@pytest.fixture
def slow_card(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The engine measures every card afresh and takes at least half a second for it, while a request waits for
    none: the first ask is always answered "still measuring". Returns the render ids measured, one per measuring."""
    from nemo_notebook.engine.http import report_routes

    measured: list[str] = []
    original = report_routes._measured_card

    def measuring(engine: Any, job: Any) -> Any:
        measured.append(job.id)
        time.sleep(0.5)
        return original(engine, job)

    monkeypatch.setattr(report_routes, "_kept_card", lambda engine, job: None)
    monkeypatch.setattr(report_routes, "_measured_card", measuring)
    monkeypatch.setattr(report_routes, "ANSWER_WITHIN_S", 0.0)
    monkeypatch.setattr(report_routes, "MEASURING_RETRY_S", 1)
    return measured


def test_a_card_that_takes_longer_than_a_request_waits_is_answered_measuring_then_given(
    exported: tuple[str, str, Path], real_engine: Any, client_home: Path, flavour: str, slow_card: list[str]
) -> None:
    """A long export's card took longer than the client's 60 s read timeout on a busy machine (held-out export 02,
    108 s at load 22: ``ReadTimeout``): now the engine answers 202 "measuring" at once and the client asks again."""
    import httpx

    _, render_id, video = exported
    answered = httpx.get(
        real_engine.url + paths.render_report(render_id), headers={"Authorization": f"Bearer {real_engine.token}"}
    )
    assert answered.status_code == 202 and answered.json()["data"] == {"measuring": True}
    assert answered.headers["Retry-After"] == "1"
    with open_client(flavour, base_url=real_engine.url, token=real_engine.token, home=client_home) as client:
        card = client.render(render_id).report()
    assert card.render_id == render_id and card.size_bytes == video.stat().st_size
    assert card.cuts_planned >= 4 and card.duration_ms == pytest.approx(12_000, abs=100)
    assert slow_card == [render_id]  # the client's asks joined the measuring the first request started


def test_a_report_asked_with_no_time_to_wait_says_the_engine_goes_on_measuring(
    exported: tuple[str, str, Path], real_engine: Any, client_home: Path, slow_card: list[str]
) -> None:
    _, render_id, _ = exported
    with Client(base_url=real_engine.url, token=real_engine.token, home=client_home) as client:
        with pytest.raises(Timeout, match="still being measured after 0 s") as caught:
            client.render(render_id).report(timeout=0.0)
        assert "call job.report() again later" in (caught.value.hint or "")
        assert client.render(render_id).report().render_id == render_id
    assert slow_card == [render_id]
