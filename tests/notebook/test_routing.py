"""The seed words route to their commands in English and Chinese; everything else is a chat message."""

from __future__ import annotations

import pytest

from nemo_notebook.notebook.routing import Route, route


@pytest.mark.parametrize(
    ("text", "command"),
    [
        ("export", "export"),
        ("Export 1080p MP4", "export"),
        ("导出", "export"),
        ("导出视频", "export"),
        ("download", "export"),
        ("send me the video", "export"),
        ("Send me the video please!", "export"),
        ("credits", "credits"),
        ("积分", "credits"),
        ("balance", "credits"),
        ("余额", "credits"),
        ("status", "timeline"),
        ("状态", "timeline"),
        ("show tracks", "timeline"),
        ("show me the tracks", "timeline"),
        ("upload song.mp3", "upload"),
        ("上传 song.mp3", "upload"),
        ("help", "help"),
        ("session new", "session"),
        ("renders", "renders"),
        ("", "studio"),
        ("   ", "studio"),
    ],
)
def test_seed_words_route_to_their_command(text: str, command: str) -> None:
    assert route(text).command == command


@pytest.mark.parametrize(
    "text",
    [
        "create a video from this music with visualizer and beat-synced cuts",
        "make it ready to export at the end",
        "add a title 'Urban Dreams' for the first 3 seconds",
        "把音乐调小一点",
        "generate a background music track that matches the mood and pace of my video",
    ],
)
def test_other_text_is_a_chat_message_kept_whole(text: str) -> None:
    assert route(text) == Route("chat", text.strip())


def test_command_words_keep_their_arguments() -> None:
    assert route("export --quality low -o out.mp4") == Route("export", "--quality low -o out.mp4")
    assert route("upload 'my song.mp3' photos/*.jpg") == Route("upload", "'my song.mp3' photos/*.jpg")
    assert route("上传 歌.mp3") == Route("upload", "歌.mp3")
    assert route("导出视频 --quality low") == Route("export", "--quality low")


@pytest.mark.parametrize(
    ("text", "meant"),
    [("exprot", "export"), ("uplaod song.mp3", "upload"), ("stauts", "status"), ("expotr --quality low", "export"),
     ("creidts", "credits"), ("cancle render_1700000000000", "cancel")],
)  # fmt: skip
def test_a_command_with_a_typo_is_a_near_miss_not_a_message(text: str, meant: str) -> None:
    where = route(text)
    assert where.command == "near_miss" and where.rest.split()[0] == meant


@pytest.mark.parametrize("text", ["expert tips for my travel video", "make it warmer", "upbeat", "slower"])
def test_words_close_to_a_command_in_a_sentence_stay_a_message(text: str) -> None:
    assert route(text).command == "chat"
