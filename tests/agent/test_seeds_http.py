"""API.md's seed requests through the real engine: the right draft from the session's media, or a question."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from nemo_notebook.protocol import Draft, TrackType

from .conftest import Files
from .http import chat, client, engine_at, new_session, state, upload
from .media import click_track
from .table import music, role, visualizer, visuals

CUT_TOLERANCE_MS = 40


def media_ids(api: httpx.Client, sid: str) -> dict[str, str]:
    data = api.get(f"/api/state/nemo_agent/me/{sid}/latest").json()["data"]["state"]
    return {m["name"]: m["id"] for m in (*data["video_infos"], *data["generated_media"])}


def generated_names(api: httpx.Client, sid: str) -> list[str]:
    data = api.get(f"/api/state/nemo_agent/me/{sid}/latest").json()["data"]["state"]
    return [m["name"] for m in data["generated_media"]]


def on_beats(points_ms: list[int], draft: Draft) -> bool:
    beats = [int(b) for b in draft.meta["beats_ms"]]
    return all(min(abs(p - b) for b in beats) <= CUT_TOLERANCE_MS for p in points_ms)


def test_music_video_from_this_music_with_visualizer_and_beat_cuts(api: httpx.Client, files: Files) -> None:
    sid = new_session(api)
    upload(api, sid, files.song, *files.pictures)
    reply = chat(api, sid, "create a video from this music with visualizer and beat-synced cuts")
    draft, version = state(api, sid)
    assert version == 1 and reply.calls == ["build_music_video"]
    assert "120 BPM" in reply.text and "Timeline (3 tracks)" in reply.text
    assert music(draft).segments[0].src == media_ids(api, sid)["AB2N_0330.wav"]
    assert abs(float(draft.meta["bpm"]) - 120) < 2 and draft.duration_ms == 12_000
    assert on_beats([s.start_ms for s in visuals(draft)[1:]], draft)
    assert {s.src for s in visuals(draft)} == {media_ids(api, sid)[p.name] for p in files.pictures}
    assert visualizer(draft) is not None and visualizer(draft).meta["effect"] == "spectrum"  # type: ignore[union-attr]


def test_music_video_for_a_track_named_loosely(api: httpx.Client, files: Files, tmp_path: Path) -> None:
    sid = new_session(api)
    other = click_track(tmp_path / "other-song.wav", tempo_bpm=90.0, duration_s=8.0)
    upload(api, sid, files.song, *files.pictures)
    upload(api, sid, other)  # the latest upload is not the one named
    chat(api, sid, "sync visuals to the beat and generate a music video for track ab2n 0330")
    draft, version = state(api, sid)
    assert version == 1
    assert music(draft).segments[0].src == media_ids(api, sid)["AB2N_0330.wav"]
    assert visualizer(draft) is None  # pictures fill the screen; nobody asked for a visualizer
    assert on_beats([s.start_ms for s in visuals(draft)[1:]], draft)
    chat(api, sid, "use other song for the music instead")
    swapped, version = state(api, sid)
    assert version == 2 and music(swapped).segments[0].src == media_ids(api, sid)["other-song.wav"]
    assert abs(float(swapped.meta["bpm"]) - 90) < 2


def test_score_asks_for_a_video_first_then_matches_it(api: httpx.Client, files: Files) -> None:
    sid = new_session(api)
    request = "generate a background music track that matches the mood and pace of my video"
    asked = chat(api, sid, request)
    assert "upload" in asked.text.lower() and state(api, sid)[1] == 0 and not asked.calls
    upload(api, sid, files.clip)
    reply = chat(api, sid, request)
    draft, version = state(api, sid)
    assert version == 1 and "cuts" in reply.text
    bgm = music(draft)
    assert role(bgm) == "bgm" and bgm.meta["volume"] == 1.0  # the clip's tone is ambience: the music leads
    assert bgm.segments[0].src == media_ids(api, sid)[generated_names(api, sid)[0]]
    assert visuals(draft)[0].src == media_ids(api, sid)["travel.mp4"]
    assert draft.duration_ms == pytest.approx(6000, abs=100)
    synced = chat(api, sid, "now sync the music to the cuts")
    after, version = state(api, sid)
    assert version == 2 and synced.calls == ["compose_music"] and on_beats([2000, 4000], after)


def test_background_music_synced_to_the_cuts(api: httpx.Client, files: Files) -> None:
    sid = new_session(api)
    upload(api, sid, files.clip)
    reply = chat(api, sid, "add background music to a travel video and sync it to the cuts")
    draft, _ = state(api, sid)
    assert "lands beats on the cuts" in reply.text
    assert on_beats([2000, 4000], draft), draft.meta["beats_ms"]  # the clip cuts every 2 s
    followup = chat(api, sid, "make the music quieter")
    assert followup.calls == ["set_volume"] and float(music(state(api, sid)[0]).meta["volume"]) < 1.0


def test_upbeat_track_for_my_video_in_chinese_session(api: httpx.Client, files: Files) -> None:
    sid = new_session(api, "zh")
    upload(api, sid, files.clip)
    reply = chat(api, sid, "create an upbeat background track for my travel video")
    draft, _ = state(api, sid)
    assert generated_names(api, sid)[0].startswith("欢快流行，")  # upbeat pop, named in the session's language
    assert role(music(draft)) == "bgm" and "已完成" in reply.text


def test_music_made_more_cinematic_keeps_the_title(api: httpx.Client, files: Files) -> None:
    sid = new_session(api)
    upload(api, sid, files.song, *files.pictures)
    chat(api, sid, "create a video from this music and add the title 'Night Drive' for 3 seconds")
    before, _ = state(api, sid)
    reply = chat(api, sid, "make the music more cinematic")
    after, version = state(api, sid)
    assert version == 2 and reply.calls == ["compose_music"]
    assert "Cinematic" in generated_names(api, sid)[0]
    assert music(after).segments[0].src != music(before).segments[0].src
    assert music(after).segments[0].meta["name"] == generated_names(api, sid)[0]  # the lane names what plays
    assert on_beats([s.start_ms for s in visuals(after)[1:]], after)
    assert [s.meta["text"] for t in after.tracks if t.type == TrackType.TEXT for s in t.segments] == ["Night Drive"]


def test_out_of_credits_is_refused_before_anything_changes(files: Files, tmp_path: Path) -> None:
    with engine_at(tmp_path / "home", credit_quota=3) as engine, client(engine) as api:
        sid = new_session(api)
        upload(api, sid, files.song, *files.pictures)
        refused = chat(api, sid, "create a video from this music with visualizer and beat-synced cuts")
        assert refused.status == 402 and refused.body["code"] == 2001
        assert state(api, sid)[1] == 0
        assert chat(api, sid, "make it vertical").status == 200  # an edit costs 1
        assert "2" in chat(api, sid, "credits").text


def test_a_build_is_kept_when_a_later_edit_in_the_message_does_not_fit(api: httpx.Client, files: Files) -> None:
    sid = new_session(api)
    upload(api, sid, files.song, *files.pictures)
    reply = chat(api, sid, "create a video from this music, then remove the title")
    draft, version = state(api, sid)
    assert version == 1 and reply.calls == ["build_music_video", "remove_text"]
    assert not draft.is_empty and "left one part out" in reply.text


@pytest.mark.parametrize(
    ("words", "named"),
    [("an epic cinematic track", "Epic Cinematic"), ("a sad piano track, 20 seconds", "Solo Piano"),
     ("an acoustic folk track with guitar", "Acoustic Folk"), ("an epic rock track", "Epic Rock")],
)  # fmt: skip
def test_a_request_without_a_verb_composes(api: httpx.Client, words: str, named: str) -> None:
    sid = new_session(api)
    reply = chat(api, sid, words)
    assert reply.calls == ["compose_music"], reply.text
    lane = music(state(api, sid)[0])
    assert "understand" not in reply.text and lane is not None
    # the timeline names the music by its title (before: "Epic in G minor, 125 BPM.wav", the file's name)
    assert str(lane.meta["name"]).startswith(f"{named} in ") and str(lane.meta["name"]).endswith(" BPM"), lane.meta


def test_a_background_track_for_a_video_not_uploaded_yet_is_composed_and_says_how_to_fit_it(api: httpx.Client) -> None:
    sid = new_session(api)
    reply = chat(api, sid, "create an upbeat background track for my travel video")
    assert reply.calls == ["compose_music"], reply.text
    assert "no video here yet" in reply.text and "sync it to the cuts" in reply.text
    assert music(state(api, sid)[0]) is not None
