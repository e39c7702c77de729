"""Requests for music as people type them (issue 28): no verb, no article, "pls", typos, Chinese; other music asked
for before there is any; the song asked back in words that do not name its file."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import httpx
import pytest

from nemo_notebook.engine.agent import interpret
from nemo_notebook.engine.agent.composing import with_earlier_moods
from nemo_notebook.engine.agent.describe import describe
from nemo_notebook.engine.agent.operations import (
    BuildMusicVideo,
    ComposeMusic,
    HoldLastShot,
    SetCutRate,
    SetFade,
    SetGrade,
)
from nemo_notebook.engine.ffmpeg import ffmpeg_exe
from nemo_notebook.protocol import Draft, Segment

from .conftest import Files
from .drafts import music_video, uploads
from .fakes import FakeContext
from .http import chat, new_session, state, upload

SONG_AND_PICTURES = uploads()[:3]


def ops_of(text: str, draft: Draft | None = None, media: list | None = None) -> tuple:  # type: ignore[type-arg]
    intent = interpret(text, FakeContext(uploads=list(media or []), history=[draft or Draft.empty()]))
    return tuple(intent.args.get("ops") or ())


@pytest.mark.parametrize(
    ("text", "length_ms"),
    [
        ("epic cinematic track", None),
        ("Epic cinematic music pls", None),
        ("epic cinematic trak", None),
        ("sad piano track 60 seconds", 60_000),
        ("calm piano music", None),
        ("chill music", None),
        ("need a 30 second upbeat track", 30_000),
        ("can u do a chill lo-fi beat for 45 sec", 45_000),
        ("dreamy synthwave", None),
        ("compose something sad", None),
        ("i want an epic cinematic track", None),
        ("give me something upbeat", None),
        ("一首史诗电影感的音乐", None),
        ("来一首悲伤的钢琴曲", None),
    ],
)
def test_music_named_without_a_verb_or_an_article_is_composed(text: str, length_ms: int | None) -> None:
    (op,) = ops_of(text)
    assert isinstance(op, ComposeMusic) and op.mode == "new" and op.video is None, op
    assert op.duration_ms == length_ms


@pytest.mark.parametrize("text", ["make the sad track louder", "the music", "music volume 50%", "upbeat"])
def test_words_about_the_music_there_is_compose_nothing_new(text: str) -> None:
    assert not any(isinstance(op, ComposeMusic) and op.mode == "new" for op in ops_of(text, music_video())), text


def swapped() -> Draft:
    """A music video whose song ("m_song") other music ("m_piano") replaced."""
    draft = music_video()
    tracks = tuple(
        t.with_segments([sg.__class__(sg.start_ms, sg.duration_ms, src="m_piano", in_ms=0) for sg in t.segments])
        if t.meta.get("role") == "music"
        else t
        for t in draft.tracks
    )
    return draft.with_tracks(tracks).with_meta(replaced_song={"src": "m_song", "length_ms": 16_000})


@pytest.mark.parametrize(
    "text",
    ["bring back my song", "put my song back pls", "use my song again", "go back to my original track", "换回我的歌"],
)
def test_the_replaced_song_asked_back_in_words_is_built_again(text: str) -> None:
    (op,) = ops_of(text, swapped(), SONG_AND_PICTURES)
    assert isinstance(op, BuildMusicVideo) and op.track == "m_song" and op.length_ms == 16_000, op


@pytest.mark.parametrize("text", ["bring back my song", "put my song back pls"])
def test_without_a_replaced_song_nothing_is_built_again(text: str) -> None:
    assert not any(isinstance(op, BuildMusicVideo) for op in ops_of(text, music_video(), SONG_AND_PICTURES))


def test_other_music_than_my_song_is_not_my_song_back() -> None:
    (op,) = ops_of("swap in some new piano music instead of my song", swapped(), SONG_AND_PICTURES)
    assert isinstance(op, ComposeMusic) and op.mode == "replace"


@pytest.mark.parametrize(
    ("text", "factor"),
    [
        ("the pics change too fast", 2.0),
        ("photos change to fast", 2.0),
        ("pictures are changing too fast", 2.0),
        ("its cutting too fast", 2.0),
        ("the cuts are too fast", 2.0),
        ("the edit is way too quick", 2.0),
        ("too choppy", 2.0),
        ("calmer editing", 2.0),
        ("each photo should stay longer", 2.0),
        ("let each photo breathe", 2.0),
        ("double the cut length", 2.0),  # it was 0.5: "double" read as more cuts
        ("镜头切换太快了", 2.0),  # it was 0.5: "快" read as faster cuts
        ("每张照片停留久一点", 2.0),
        ("the cuts are too slow", 0.5),
        ("speed up the cuts", 0.5),  # it was "I can't change playback speed"
        ("cut twice as fast", 0.5),
        ("切换太慢了", 0.5),
    ],
)
def test_pace_said_as_people_say_it_changes_the_cut_rate_the_way_they_mean(text: str, factor: float) -> None:
    (op,) = ops_of(text, music_video(), SONG_AND_PICTURES)
    assert isinstance(op, SetCutRate) and op.factor == factor, op


def test_every_other_beat_is_every_two_beats() -> None:
    assert ops_of("cut every other beat", music_video(), SONG_AND_PICTURES) == (SetCutRate(beats_per_cut=2),)


def test_holding_the_last_shot_is_no_slower_cutting_throughout() -> None:
    # it halved every cut, then it did nothing; now it holds the last shot alone
    assert ops_of("hold the last photo longer", music_video(), SONG_AND_PICTURES) == (HoldLastShot(ms=3000),)


@pytest.mark.parametrize(
    ("text", "grade"),
    [
        ("warmer", SetGrade(step=1)),
        ("make it warmer", SetGrade(step=1)),
        ("a bit warmer pls", SetGrade(step=1)),
        ("warm it up", SetGrade(step=1)),
        ("more warm", SetGrade(step=1)),  # it was a slower cut rate (a "warm" mood)
        ("colder", SetGrade(step=-1)),
        ("a bit cooler", SetGrade(step=-1)),
        ("make it b/w", SetGrade(look="bw")),
        ("film-like", SetGrade(look="film")),
        ("35mm look", SetGrade(look="film")),
        ("make it look old", SetGrade(look="vintage")),
    ],
)
def test_looks_said_as_people_say_them_grade_the_pictures(text: str, grade: SetGrade) -> None:
    assert ops_of(text, music_video(), SONG_AND_PICTURES) == (grade,)


@pytest.mark.parametrize("text", ["make it cooler", "cool video", "warmer music"])
def test_praise_and_music_words_are_no_grade(text: str) -> None:
    assert not any(isinstance(op, SetGrade) for op in ops_of(text, music_video(), SONG_AND_PICTURES))


@pytest.mark.parametrize("text", ["add credits at the end", "end credits pls", "end with a title card"])
def test_credits_at_the_end_are_the_end_card_not_the_balance(text: str) -> None:
    intent = interpret(text, FakeContext(uploads=SONG_AND_PICTURES, history=[music_video()]))
    assert intent.action != "credits"
    assert "end card" in str(intent.args.get("error", "")), intent  # this draft names no song: what to give


def generated_names(api: httpx.Client, sid: str) -> list[str]:
    data = api.get(f"/api/state/nemo_agent/me/{sid}/latest").json()["data"]["state"]
    return [m["name"] for m in data["generated_media"]]


@pytest.mark.parametrize("language", ["zh", "en"])
def test_a_chinese_request_names_its_track_in_chinese(api: httpx.Client, language: str) -> None:
    sid = new_session(api, language)
    reply = chat(api, sid, "来一首悲伤的钢琴曲，10秒")
    (name,) = generated_names(api, sid)
    # before: "Sad Ballad in D minor, 66 BPM.wav" (and the request itself was not understood)
    assert re.fullmatch(r"悲伤抒情，[A-G][#b]?(大调|小调)，\d+ BPM\.wav", name), (name, reply.text)
    assert name.removesuffix(".wav") in reply.text


def test_a_lone_panorama_says_it_is_panned_across_not_planned_as_scenes(
    api: httpx.Client, files: Files, tmp_path: Path
) -> None:
    wide = tmp_path / "harbour.png"
    subprocess.run(
        [ffmpeg_exe(), "-loglevel", "error", "-f", "lavfi", "-i", "testsrc2=s=2000x400", "-frames:v", "1", str(wide)],
        check=True,
    )
    sid = new_session(api)
    upload(api, sid, files.song, wide)
    reply = chat(api, sid, "create a video from this music")
    # before: "Planning the scenes… Planned 2 shots on the beats."
    assert 'Planning the pan across the panorama "harbour.png"' in reply.text, reply.text
    assert "across it, from one end to the other" in reply.text and "scenes" not in reply.text


def test_a_quarter_as_long_a_shot_is_said_in_words() -> None:
    said = describe(SetCutRate(beats_per_cut=2), music_video(beats_per_cut=8), music_video(beats_per_cut=2), "en")
    assert "a quarter as long a shot as before (every 8 beats" in said, said  # it said "0.25 times as long"


def test_a_track_asked_for_before_the_video_keeps_its_mood_when_fitted_to_it(api: httpx.Client, files: Files) -> None:
    sid = new_session(api)
    first = chat(api, sid, "create an upbeat background track for my travel video")
    assert "there is no video here yet" in first.text
    upload(api, sid, files.clip)
    reply = chat(api, sid, "fit it to my video")  # before: "I didn't understand"
    names = generated_names(api, sid)
    # before, "add background music to my video and sync it to the cuts" here scored the clip "Calm Ambient"
    assert len(names) == 2 and names[1].startswith("Upbeat Pop"), (names, reply.text)
    assert "Keeping the upbeat you asked for" in reply.text
    again = chat(api, sid, "sync it to the cuts")  # a score again: the mood stays
    assert generated_names(api, sid)[2].startswith("Upbeat Pop"), again.text


@pytest.mark.parametrize(
    ("words", "kept"),
    [
        ("add background music to my video and sync it to the cuts", ["upbeat"]),
        ("add calm background music to my video", []),  # moods of its own
        ("generate a background music track that matches the mood and pace of my video", []),  # the video's mood
    ],
)
def test_only_words_without_a_mood_of_their_own_take_the_earlier_one(words: str, kept: list[str]) -> None:
    assert with_earlier_moods(words, music_video().with_meta(music_moods=["upbeat"]))[1] == kept


def test_the_users_own_song_is_not_fitted_away() -> None:
    ops = ops_of("fit it to my video", music_video(), uploads())  # the draft plays the user's "m_song"
    assert not any(isinstance(op, ComposeMusic) for op in ops)


@pytest.mark.parametrize(
    ("text", "edge"),
    [
        ("the ending is too abrupt", "out"),
        ("make the ending smoother", "out"),
        ("it ends too suddenly", "out"),
        ("longer fade at the end", "out"),  # it was a 2 s fade: shorter than the 2.5 s the plan has
        ("slower fade in", "in"),
    ],
)
def test_an_abrupt_ending_or_a_longer_fade_fades_over_5_s(text: str, edge: str) -> None:
    (op,) = ops_of(text, music_video(), SONG_AND_PICTURES)
    assert op == SetFade(target="all", edge=edge, ms=5000), op


def test_an_abrupt_ending_fades_the_last_shot_longer_than_planned(api: httpx.Client, files: Files) -> None:
    sid = new_session(api)
    upload(api, sid, files.song, *files.pictures)
    chat(api, sid, "create a video from this music")
    planned = last_fade_ms(state(api, sid)[0])
    reply = chat(api, sid, "the ending is too abrupt")  # before: "I didn't understand"
    after = state(api, sid)[0]
    assert last_fade_ms(after) == min(5000, last_shot_ms(after)) > planned, reply.text  # the whole last shot, at most
    assert "fade out over 5s" in reply.text


def test_under_an_end_card_the_reply_says_the_picture_fades_with_the_music(api: httpx.Client, files: Files) -> None:
    """The render fades the picture under an end card over the music's fade out at the end
    (``render.end_card.picture_dim``): the reply said "picture fade out over 0.8s (under the end card)"."""
    sid = new_session(api)
    upload(api, sid, files.song, *files.pictures)
    chat(api, sid, "create a video from this music")
    chat(api, sid, "add an end card saying 'Out now'")
    said = chat(api, sid, "longer fade at the end").text
    assert "picture and music fade out over 5s" in said, said


def last_shot(draft: Draft) -> Segment:
    lane = next(t for t in draft.tracks if t.meta.get("role") == "visuals")
    return max(lane.segments, key=lambda sg: sg.start_ms)


def last_fade_ms(draft: Draft) -> int:
    return int(last_shot(draft).meta.get("fade_out_ms") or 0)


def last_shot_ms(draft: Draft) -> int:
    return last_shot(draft).duration_ms


@pytest.mark.parametrize(
    "text", ["i'd rather have calm piano music than my song", "i would rather hear some lofi instead"]
)
def test_other_music_wished_for_in_place_of_the_song_replaces_it(text: str) -> None:
    (op,) = ops_of(text, music_video(), SONG_AND_PICTURES)
    assert isinstance(op, ComposeMusic) and op.mode == "replace", op


def test_keeping_the_song_replaces_nothing() -> None:
    assert not any(isinstance(op, ComposeMusic) for op in ops_of("i'd rather keep my song", music_video()))


@pytest.mark.parametrize(("text", "mood"), [("make the music darker", "dark"), ("make the music happier", "happy")])
def test_a_mood_said_as_a_change_asks_for_music_of_that_mood(text: str, mood: str) -> None:
    (op,) = ops_of(text, music_video(), SONG_AND_PICTURES)  # it was "I didn't understand"
    assert isinstance(op, ComposeMusic) and op.moods == (mood,), op


def test_softer_music_is_still_quieter_music() -> None:
    (op,) = ops_of("make the music softer", music_video(), SONG_AND_PICTURES)
    assert not isinstance(op, ComposeMusic), op
