"""The bad-input catalogue: every awkward thing a user (or a broken client) can send, through the real engine over HTTP.

Each row names what is sent and the exact answer: a refusal (HTTP status, API.md code, and words of a message that
says what to do) or an honest acceptance (what the engine must then say the file is). For every row the engine must
not answer 5xx, hang or show a traceback; a refusal must leave every session's state and every file as it was; and
nothing may appear outside the engine's home (the process's temporary folder is pointed at a watched folder, and the
targets a path-traversal name aims at are checked).

Decisions the table records:

- A PNG named ``.mp3`` is accepted honestly as a picture (kind ``image``, format ``png``): API.md judges a file by
  what it contains, and the answer says plainly what the engine took it for.
- A truncated MP3 or a truncated fast-start MP4 is accepted with the length its packets really have (the header's
  claim is not believed); an MP4 cut before its index is 4001 saying that an interrupted download looks like that.
- A WAV whose header claims three hours is accepted with the one second it holds.
- HEVC, 10-bit, variable frame rate, rotated (reported upright, as players show it) and 5.1 media are accepted.
- An empty chat message is answered (the agent says what it can do) and changes nothing.
- Every URL that cannot be fetched (an address that is not global, a name that does not resolve, a closed port, a
  server that never answers) gets one answer, word for word: telling them apart would let a caller map ports.

The machinery (the bench, the expectations, the check every row passes) is in ``catalogue``, the longer acts in
``acts``, and the rows for the engine's edge (issue 14) in ``edge_rows``.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from nemo_notebook.engine.intake.fetch import UNREACHABLE
from nemo_notebook.protocol import paths

from . import media
from .acts import (
    DEEP,
    MB20,
    as_other,
    awkward_timeline,
    drips,
    expired_token,
    foreign_media_in_draft,
    low_quality,
    never_answers,
    overlapping_video,
    raw_multipart_name,
    second_token_for_one_client,
    segment_on,
    silent_only,
    title_only,
    titled,
    unknown_keys,
    via_public_stand_in,
    visualizer_of,
    wav_of_exactly,
    with_segment,
)
from .catalogue import (
    LIMIT_BYTES,
    SUPPORTED,
    Accepted,
    Bench,
    Case,
    assert_refusal,
    chat_answered_without_change,
    check_case,
    media_is,
    open_bench,
    refused,
    render_completes,
)
from .edge_rows import EDGE_CASES
from .harness import upload_bytes, wait_for_render

pytestmark = pytest.mark.timeout(120)
UNREACHABLE_URL = refused(422, 4000, f"urls[0]: {UNREACHABLE}")  # the one answer to every URL that cannot be fetched

CASES: list[Case] = [
    # files judged by their content
    Case("zero-byte mp3", lambda b: upload_bytes(b.api, b.sid, "empty.mp3", b""),
         refused(415, 4001, "empty.mp3", "empty", *SUPPORTED)),
    Case("zero-byte mp4", lambda b: upload_bytes(b.api, b.sid, "empty.mp4", b""),
         refused(415, 4001, "empty.mp4", "empty", *SUPPORTED)),
    Case("text named .mp3", lambda b: upload_bytes(b.api, b.sid, "notes.mp3", b"my lyrics, not music\n" * 40),
         refused(415, 4001, "notes.mp3", "not audio, video or a picture", *SUPPORTED)),
    Case("random bytes named .mp4", lambda b: upload_bytes(b.api, b.sid, "noise.mp4", os.urandom(64 * 1024)),
         refused(415, 4001, "noise.mp4", "fetch it again", *SUPPORTED)),
    Case("random bytes named .wav", lambda b: upload_bytes(b.api, b.sid, "noise.wav", os.urandom(8 * 1024)),
         refused(415, 4001, "noise.wav", *SUPPORTED)),
    Case("PNG named .mp3 is a picture", lambda b: upload_bytes(b.api, b.sid, "cover.mp3", b.files["png"].read_bytes()),
         media_is(kind="image", format="png", name="cover.mp3", width=64, height=48, duration_ms=None)),
    Case("truncated MP3 gets its real length",
         lambda b: upload_bytes(b.api, b.sid, "cut.mp3", b.files["tone"].read_bytes()[: b.files["tone"].stat().st_size // 4]),
         media_is(kind="audio", format="mp3", duration_ms=(700, 1300))),
    Case("MP4 cut before its index", lambda b: upload_bytes(b.api, b.sid, "cut.mp4", b.files["plain"].read_bytes()[:40_000]),
         refused(415, 4001, "cut.mp4", "interrupted download", *SUPPORTED)),
    Case("fast-start MP4 cut in half gets its real length",
         lambda b: upload_bytes(b.api, b.sid, "half.mp4", b.files["faststart"].read_bytes()[: b.files["faststart"].stat().st_size // 2]),
         media_is(kind="video", format="mp4", duration_ms=(600, 1400))),
    Case("WAV header claiming hours", lambda b: upload_bytes(b.api, b.sid, "hours.wav", media.wav_claiming_hours()),
         media_is(kind="audio", format="wav", duration_ms=(950, 1050), sample_rate=8000, channels=1)),
    # hostile media (issue 24): refused on the header's word, before a decoder allocates or loops on it
    Case("live HLS playlist named .mp4", lambda b: upload_bytes(b.api, b.sid, "live.mp4", media.live_playlist(b"\x47" * 600)),
         refused(415, 4001, "live.mp4", "HLS playlist", *SUPPORTED)),
    Case("live HLS playlist named .m3u8, its segment beside it",
         lambda b: upload_bytes(b.api, b.sid, "live.m3u8", media.live_playlist("segment-0.ts")),
         refused(415, 4001, "live.m3u8", "HLS playlist", "upload the media files themselves", *SUPPORTED)),
    Case("WAV header claiming 1 Hz", lambda b: upload_bytes(b.api, b.sid, "slow.wav", media.wav_at_rate(1)),
         refused(415, 4001, "slow.wav", "samples a second", "44.1 or 48 kHz")),
    Case("WAV header claiming 2 GHz", lambda b: upload_bytes(b.api, b.sid, "fast.wav", media.wav_at_rate(2_000_000_000)),
         refused(415, 4001, "fast.wav", "samples a second")),
    Case("a 64-megapixel PNG", lambda b: upload_bytes(b.api, b.sid, "huge.png", media.png_claiming(8000, 8000)),
         refused(415, 4001, "huge.png", "8000×8000", "scale it down")),
    Case("a picture 1 pixel high", lambda b: upload_bytes(b.api, b.sid, "line.png", media.png_claiming(4000, 1)),
         refused(415, 4001, "line.png", "too thin")),
    Case("a 16000×16000 16-bit grey PNG", lambda b: upload_bytes(b.api, b.sid, "deep.png", media.png_claiming(16000, 16000, bits=16)),
         refused(415, 4001, "deep.png", "16000×16000", "scale it down")),
    Case("a 49-megapixel 16-bit PNG that needs more memory than a media worker has",
         lambda b: upload_bytes(b.api, b.sid, "deep.png", media.png_claiming(7000, 7000, bits=16, colour=True)),
         refused(415, 4001, "deep.png", "needed more than the 192 MB of memory", "smaller picture")),
    Case("a picture 1×100000", lambda b: upload_bytes(b.api, b.sid, "tall.png", media.png_claiming(1, 100_000)),
         refused(415, 4001, "tall.png", "1×100000", "too thin", "crop it")),
    Case("a picture 16384×1", lambda b: upload_bytes(b.api, b.sid, "wide.png", media.png_claiming(16384, 1)),
         refused(415, 4001, "wide.png", "16384×1", "too thin", "crop it")),
    Case("an MP4 whose index claims 60 million samples",
         lambda b: upload_bytes(b.api, b.sid, "claim.mp4", media.mp4_claiming_samples(60_000_000)),
         refused(415, 4001, "claim.mp4", "60,000,000 samples", "export it again")),
    Case("a FLAC of three hours of silence",
         lambda b: upload_bytes(b.api, b.sid, "quiet.flac", media.flac_of_silence(b.home.parent / "files", 3 * 3600)),
         refused(415, 4001, "quiet.flac", "180 minutes long", "up to 20 minutes", "cut it")),
    Case("audio-only MP4 is audio", lambda b: upload_bytes(b.api, b.sid, "voice.mp4", b.files["audio_mp4"].read_bytes()),
         media_is(kind="audio", has_audio=True, width=None, duration_ms=(1900, 2100))),
    Case("video without audio", lambda b: upload_bytes(b.api, b.sid, "silent.mp4", b.files["silent"].read_bytes()),
         media_is(kind="video", has_audio=False, sample_rate=None, width=160, height=120)),
    Case("HEVC video", lambda b: upload_bytes(b.api, b.sid, "hevc.mp4", b.files["hevc"].read_bytes()),
         media_is(kind="video", format="mp4", width=160, height=120, duration_ms=(1900, 2100))),
    Case("10-bit video", lambda b: upload_bytes(b.api, b.sid, "ten.mp4", b.files["ten_bit"].read_bytes()),
         media_is(kind="video", width=160, height=120, has_audio=True)),
    Case("variable frame rate", lambda b: upload_bytes(b.api, b.sid, "vfr.mp4", b.files["vfr"].read_bytes()),
         media_is(kind="video", fps=(10.0, 20.0), duration_ms=(1500, 2100))),
    Case("rotated phone clip is reported upright",
         lambda b: upload_bytes(b.api, b.sid, "phone.mp4", b.files["rotated"].read_bytes()),
         media_is(kind="video", width=120, height=160)),
    Case("5.1 audio", lambda b: upload_bytes(b.api, b.sid, "bunny51.mp4", b.files["surround"].read_bytes()),
         media_is(kind="video", channels=6, sample_rate=48000, has_audio=True)),
    Case("file exactly at the limit", lambda b: upload_bytes(b.api, b.sid, "limit.wav", wav_of_exactly(LIMIT_BYTES)),
         media_is(kind="audio", size=LIMIT_BYTES, duration_ms=(62_000, 62_600))),
    Case("file one byte over the limit",
         lambda b: upload_bytes(b.api, b.sid, "over.wav", wav_of_exactly(LIMIT_BYTES + 2)[: LIMIT_BYTES + 1]),
         refused(413, 4002, "over.wav", "limit", "compress or trim")),
    # names
    Case("unicode name", lambda b: upload_bytes(b.api, b.sid, "Ünïcødé 音乐 🎵.mp3", b.files["tone"].read_bytes()),
         media_is(name="Ünïcødé 音乐 🎵.mp3", kind="audio")),
    Case("very long name", lambda b: upload_bytes(b.api, b.sid, "é" * 3000 + ".mp3", b.files["tone"].read_bytes()),
         media_is(kind="audio", name="é" * 200)),
    Case("path traversal name",
         lambda b: upload_bytes(b.api, b.sid, "../../etc/passwd.mp3", b.files["tone"].read_bytes()),
         media_is(kind="audio", name="passwd.mp3")),
    Case("windows traversal name",
         lambda b: upload_bytes(b.api, b.sid, "..\\..\\..\\evil.mp3", b.files["tone"].read_bytes()),
         media_is(kind="audio", name="evil.mp3")),
    Case("NUL and control characters in the name", raw_multipart_name(b"../a\x00b\x07c\x1b\t.mp3"),
         media_is(kind="audio", name="abc.mp3")),
    Case("raw newline in the name", raw_multipart_name(b"a\nb.mp3"), media_is(kind="audio", name="ab.mp3")),
    Case("raw carriage return in the name", raw_multipart_name(b"a\rb.mp3"),
         refused(422, 4000, "multipart body is malformed", "form field named 'files'")),
    Case("quotes, newline and NUL escaped by the HTTP library",
         lambda b: upload_bytes(b.api, b.sid, 'my "best"\x00\n take.mp3', b.files["tone"].read_bytes()),
         media_is(kind="audio", name='my "best" take.mp3')),
    Case("a percent sign that is part of the name",
         lambda b: upload_bytes(b.api, b.sid, "100%25 me.mp3", b.files["tone"].read_bytes()),
         media_is(kind="audio", name="100%25 me.mp3")),
    Case("name that is only dots", lambda b: upload_bytes(b.api, b.sid, "..", b.files["tone"].read_bytes()),
         media_is(kind="audio", name="upload")),
    # URLs
    Case("file: URL", lambda b: b.urls("file:///etc/passwd"), refused(422, 4000, "urls[0]", "http", "upload the file")),
    Case("not a URL at all", lambda b: b.urls("my song.mp3"), refused(422, 4000, "urls[0]", "http://")),
    Case("loopback URL", lambda b: b.urls("http://127.0.0.1:9/song.mp3"), UNREACHABLE_URL),
    Case("localhost URL", lambda b: b.urls("http://localhost:9/song.mp3"), UNREACHABLE_URL),
    Case("IPv6 loopback URL", lambda b: b.urls("http://[::1]:9/song.mp3"), UNREACHABLE_URL),
    Case("private URL", lambda b: b.urls("http://192.168.1.10/song.mp3"), UNREACHABLE_URL),
    Case("link-local metadata URL", lambda b: b.urls("http://169.254.169.254/latest/meta-data/"),
         UNREACHABLE_URL),
    Case("loopback written as one number", lambda b: b.urls("http://2130706433:9/a.mp3"), UNREACHABLE_URL),
    Case("loopback in octal", lambda b: b.urls("http://0177.0.0.1:9/a.mp3"), refused(422, 4000, "not a valid URL", "https://")),
    Case("IPv6 link-local URL", lambda b: b.urls("http://[fe80::1]:9/a.mp3"), UNREACHABLE_URL),
    Case("IPv4-mapped IPv6 loopback", lambda b: b.urls("http://[::ffff:127.0.0.1]:9/a.mp3"), UNREACHABLE_URL),
    Case("redirect to loopback", via_public_stand_in("/to-loopback"), UNREACHABLE_URL),
    Case("redirect to link-local", via_public_stand_in("/to-metadata"), UNREACHABLE_URL),
    Case("redirect to private", via_public_stand_in("/to-private"), UNREACHABLE_URL),
    Case("redirect to file:", via_public_stand_in("/to-file"), refused(422, 4000, "http", "'file'")),
    Case("endless redirects", via_public_stand_in("/loop"), refused(422, 4000, "redirects")),
    Case("URL that is not found", via_public_stand_in("/missing.mp3"), refused(422, 4000, "HTTP 404")),
    Case("URL over the limit", via_public_stand_in("/big.mp3"), refused(413, 4002, "limit", "compress or trim")),
    Case("URL over the limit without length", via_public_stand_in("/big-chunked.mp3"),
         refused(413, 4002, "limit", "compress or trim")),
    Case("URL serving text", via_public_stand_in("/text.mp3"), refused(415, 4001, "text.mp3", *SUPPORTED)),
    Case("URL fetched honestly", via_public_stand_in("/song.mp3"), media_is(kind="audio", name="song.mp3")),
    Case("21 URLs at once", lambda b: b.urls(*[f"https://example.com/{i}.mp3" for i in range(21)]),
         refused(422, 4000, "urls", "at most 20")),
    Case("URLs as a string", lambda b: b.api.post(paths.upload(b.sid), json={"urls": "https://example.com/a.mp3"}),
         refused(422, 4000, "urls", "list")),
    Case("unknown source_type",
         lambda b: b.api.post(paths.upload(b.sid), json={"urls": ["https://example.com/a.mp3"], "source_type": "file"}),
         refused(422, 4000, "source_type", "'url'")),
    Case("server that never answers", never_answers, UNREACHABLE_URL),
    Case("server that drips a byte at a time", drips, refused(422, 4000, "longer than 3 s", "download the file")),
    # JSON bodies
    Case("malformed JSON", lambda b: b.raw_json(paths.upload(b.sid), b'{"urls": ['), refused(422, 4000, "body", "JSON")),
    Case("JSON that is a list", lambda b: b.raw_json(paths.RENDER, b"[1, 2]"), refused(422, 4000, "body", "object")),
    Case("20 MB JSON body", lambda b: b.raw_json(paths.RUN_SSE, MB20), refused(422, 4000, "body", "16 MB", "multipart")),
    Case("JSON nested 100 000 deep", lambda b: b.raw_json(paths.RUN_SSE, DEEP), refused(422, 4000, "body", "nested")),
    Case("invalid UTF-8 in JSON", lambda b: b.raw_json(paths.RENDER, b'{"id": "\xff\xfe"}'), refused(422, 4000, "body")),
    Case("multipart without a boundary",
         lambda b: b.api.post(paths.upload(b.sid), content=b"--x\r\n", headers={"Content-Type": "multipart/form-data"}),
         refused(422, 4000, "boundary")),
    Case("multipart without a file",
         lambda b: b.api.post(paths.upload(b.sid), data={"note": "no file here"}, files={"other": ("", b"")}),
         refused(422, 4000, "files")),
    Case("upload body of the wrong type",
         lambda b: b.api.post(paths.upload(b.sid), content=b"ID3", headers={"Content-Type": "audio/mpeg"}),
         refused(422, 4000, "multipart/form-data", "urls")),
    # unknown things
    Case("unknown session: state", lambda b: b.api.get(paths.state("ses_unknown")), refused(404, 1002, "new session")),
    Case("unknown session: upload", lambda b: upload_bytes(b.api, "ses_unknown", "a.mp3", b.files["tone"].read_bytes()),
         refused(404, 1002, "new session")),
    Case("unknown session: chat", lambda b: b.chat("hello", session_id="ses_unknown"), refused(404, 1002, "new session")),
    Case("unknown render id", lambda b: b.api.get(f"{paths.RENDER}/render_0"), refused(404, 4004, "render_0", "export again")),
    Case("unknown render output", lambda b: b.api.get(paths.render_output("render_0")), refused(404, 4004, "export again")),
    Case("unknown render report", lambda b: b.api.get(paths.render_report("render_0")), refused(404, 4004, "export again")),
    Case("unknown media id", lambda b: b.api.get(paths.media_file(b.sid, "med_0")), refused(404, 4004, "med_0")),
    Case("traversal in a render path", lambda b: b.api.get(f"{paths.RENDER}/..%2F..%2Fengine.sqlite3/output.mp4"),
         refused(404, 4004, "no such endpoint")),
    Case("wrong method", lambda b: b.api.delete(paths.state(b.sid)), refused(405, 405, "DELETE", "not allowed")),
    # tokens
    Case("no token", lambda b: httpx.get(b.engine.url + paths.state(b.sid)), refused(401, 1001, "Bearer")),
    Case("wrong token", lambda b: httpx.get(b.engine.url + paths.state(b.sid), headers={"Authorization": "Bearer nope"}),
         refused(401, 1001, "new anonymous token")),
    Case("not a bearer token", lambda b: httpx.get(b.engine.url + paths.CREDITS, headers={"Authorization": "Basic eA=="}),
         refused(401, 1001, "Bearer <token>")),
    Case("expired anonymous token", expired_token, refused(401, 1001, "expired", "get a new one")),
    Case("anonymous token without a client id", lambda b: httpx.post(b.engine.url + paths.ANONYMOUS_TOKEN),
         refused(400, 400, "X-Client-Id", "UUID4")),
    Case("foreign token reads a session", as_other("GET", lambda b: paths.state(b.sid)), refused(404, 1002, "new session")),
    Case("foreign token uploads", lambda b: upload_bytes(b.other_api, b.sid, "a.mp3", b.files["tone"].read_bytes()),
         refused(404, 1002, "new session")),
    Case("foreign token chats", lambda b: b.chat("add a title 'mine'", client=b.other_api), refused(404, 1002)),
    Case("foreign token reads media", as_other("GET", lambda b: paths.media_file(b.sid, b.ids["tone"])),
         refused(404, 1002, "new session")),
    Case("foreign token reads a render", lambda b: b.api.get(f"{paths.RENDER}/{b.other_render}"),
         refused(404, 4004, "export again")),
    Case("foreign token reads a render's report", lambda b: b.api.get(paths.render_report(b.other_render)),
         refused(404, 4004, "export again")),
    # chat
    Case("empty chat message", lambda b: b.chat(""), Accepted(chat_answered_without_change)),
    Case("200 000-character message", lambda b: b.chat("make it pop " * 16_667),
         refused(422, 4000, "20000 characters", "shorten")),
    Case("chat without a session id",
         lambda b: b.api.post(paths.RUN_SSE, json={"new_message": {"role": "user", "parts": [{"text": "hi"}]}}),
         refused(422, 4000, "session_id")),
    Case("chat part that is not text",
         lambda b: b.api.post(paths.RUN_SSE, json={"session_id": b.sid, "new_message": {"parts": [{"image": "x"}]}}),
         refused(422, 4000, "new_message.parts[0].text", "string")),
    Case("session name of 300 characters", lambda b: b.api.post(paths.CREATE_SESSION, json={"task_name": "x" * 300}),
         refused(422, 4000, "task_name", "200")),
    Case("session language empty", lambda b: b.api.post(paths.CREATE_SESSION, json={"language": ""}),
         refused(422, 4000, "language")),
    Case("client id that is not a UUID",
         lambda b: httpx.post(b.engine.url + paths.ANONYMOUS_TOKEN, headers={paths.HEADER_CLIENT_ID: "../../x"}),
         refused(400, 400, "X-Client-Id", "UUID4")),
    Case("second anonymous token for one client id", second_token_for_one_client,
         refused(429, 429, "already has an anonymous token", "possible in")),
    Case("message without parts",
         lambda b: b.api.post(paths.RUN_SSE, json={"session_id": b.sid, "new_message": {"role": "user", "parts": []}}),
         refused(422, 4000, "new_message.parts")),
    # export drafts
    Case("draft with unknown keys renders", unknown_keys, Accepted(render_completes)),
    Case("overlapping video segments render", overlapping_video, Accepted(render_completes)),
    Case("negative start", with_segment(s=-500), refused(422, 4000, "draft.t[0].sg[0].s", "negative")),
    Case("negative duration", with_segment(d=-1), refused(422, 4000, "draft.t[0].sg[0].d", "negative")),
    Case("negative in-point", with_segment(**{"in": -20}), refused(422, 4000, "sg[0].in", "negative")),
    Case("infinite duration", lambda b: b.raw_json(paths.RENDER, b'{"sessionId": "%s", "draft": {"t": [], "d": Infinity}}'
                                                    % b.sid.encode()), refused(422, 4000, "draft.d", "finite")),
    Case("draft of 31 years", lambda b: b.export({**b.draft(), "d": 10**12}), refused(422, 4000, "draft.d", "3 hours")),
    Case("a million frames a second", lambda b: b.export({**b.draft(), "m": {"fps": 1_000_000}}),
         refused(422, 4000, "draft.m.fps", "1 to 120")),
    Case("frame rate that is a word", lambda b: b.export({**b.draft(), "m": {"fps": "fast"}}),
         refused(422, 4000, "draft.m.fps")),
    Case("in-point past the clip's end renders", low_quality(with_segment(**{"in": 999_999})), Accepted(render_completes)),
    Case("title full of filter syntax renders", titled("it's 100%: [a];b=c,d\\e {pts}\n'"), Accepted(render_completes)),
    Case("silent clip alone renders", silent_only, Accepted(render_completes)),
    Case("HEVC, rotated, 10-bit, VFR and 5.1 clips in one timeline render", awkward_timeline,
         Accepted(render_completes)),
    Case("title alone renders", title_only, Accepted(render_completes)),
    Case("unknown media in draft", with_segment(src="med_nothing"), refused(422, 4000, "med_nothing", "not a media id")),
    Case("another session's media in draft", foreign_media_in_draft, refused(422, 4000, "not a media id of this session")),
    Case("audio file on the video track", segment_on(0, "tone"), refused(422, 4000, "is audio", "audio track")),
    Case("picture on the audio track", segment_on(1, "png"), refused(422, 4000, "no sound", "video track")),
    Case("picture drawn by a visualizer", visualizer_of("png"), refused(422, 4000, "no sound", "audio file")),
    Case("audio drawn by a visualizer renders", visualizer_of("tone"), Accepted(render_completes)),
    Case("unknown track type", lambda b: b.export({"t": [{"tt": 3, "sg": []}], "d": 1000}), refused(422, 4000, "tt")),
    Case("draft that is a string", lambda b: b.export("a video please"), refused(422, 4000, "draft")),
    Case("export of an empty timeline", lambda b: b.export({"t": [], "d": 0}), refused(422, 4000, "nothing to export")),
    Case("unknown quality", lambda b: b.export(b.draft(), output={"quality": "8k"}), refused(422, 4000, "quality", "high")),
    Case("render id with a path", lambda b: b.export(b.draft(), id="../../evil"), refused(422, 4000, "id", "letters")),
    Case("export of an unknown session",
         lambda b: b.api.post(paths.RENDER, json={"sessionId": "ses_unknown", "draft": b.draft()}),
         refused(404, 1002, "new session")),
    Case("export without the X-Skill headers",
         lambda b: httpx.post(b.engine.url + paths.RENDER, json={"sessionId": b.sid, "draft": b.draft()},
                              headers={"Authorization": f"Bearer {b.engine.token}"}),
         refused(402, 402, "X-Skill-Source", "plan")),
]  # fmt: skip
ALL_CASES = CASES + EDGE_CASES


def test_the_catalogue_is_big_enough() -> None:
    assert len(ALL_CASES) >= 30
    assert len({case.id for case in ALL_CASES}) == len(ALL_CASES)


@pytest.fixture(scope="module")
def bench(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Bench]:
    with open_bench(tmp_path_factory) as opened:
        yield opened


@pytest.mark.parametrize("case", ALL_CASES, ids=[case.id for case in ALL_CASES])
def test_bad_input(bench: Bench, case: Case) -> None:
    check_case(bench, case)


# the same mistakes through the project's client, as a notebook user makes them


@dataclass(frozen=True)
class ClientCase:
    id: str
    act: Callable[[Any, Bench, Path], object]
    error: str
    words: tuple[str, ...]


def _text_named_mp3(folder: Path) -> Path:
    path = folder / "lyrics.mp3"
    path.write_bytes(b"la la la, these are words\n" * 50)
    return path


def _over_limit(folder: Path) -> Path:
    path = folder / "long-take.wav"
    path.write_bytes(wav_of_exactly(LIMIT_BYTES + 2))
    return path


CLIENT_CASES = [
    ClientCase("text file named .mp3", lambda s, b, f: s.upload(_text_named_mp3(f)), "UnsupportedMedia",
               ("lyrics.mp3", "supported formats")),
    ClientCase("file over the engine's limit", lambda s, b, f: s.upload(_over_limit(f)), "MediaTooLarge",
               ("long-take.wav", "1000000 bytes", "compress or trim")),
    ClientCase("URL to loopback", lambda s, b, f: s.upload("http://127.0.0.1:9/song.mp3"), "BadRequest", (UNREACHABLE,)),
    ClientCase("unknown session", lambda s, b, f: s._client.sessions.get("ses_unknown"), "SessionNotFound",
               ("ses_unknown", "sessions.create()")),
    ClientCase("export of an empty timeline", lambda s, b, f: s.export(), "NemoError", ("timeline is empty", "upload media")),
    ClientCase("200 000-character message", lambda s, b, f: s.send("more bass " * 20_000), "BadRequest", ("shorten",)),
    ClientCase("unknown render", lambda s, b, f: s._client.render("render_0"), "NotFound", ("render_0", "export again")),
]  # fmt: skip


@pytest.mark.parametrize("case", CLIENT_CASES, ids=[case.id for case in CLIENT_CASES])
def test_client_error(bench: Bench, case: ClientCase, tmp_path: Path) -> None:
    import nemo_notebook.client as client_module

    with client_module.Client(base_url=bench.engine.url, token=bench.engine.token, home=tmp_path / "client") as client:
        session = client.sessions.create()
        before = session.state()
        with pytest.raises(client_module.NemoError) as caught:
            case.act(session, bench, tmp_path)
        assert type(caught.value).__name__ == case.error, repr(caught.value)
        shown = f"{caught.value} {caught.value!r}"
        for word in case.words:
            assert word in shown, (word, shown)
        assert bench.engine.token not in shown and "Traceback" not in shown
        after = session.state()
        assert (after.version, after.draft, after.media) == (before.version, before.draft, before.media)
    assert list((bench.home / "tmp").iterdir()) == []


def test_the_output_of_a_render_at_work_says_to_wait(bench: Bench) -> None:
    draft = bench.draft()
    draft["d"] = 3000
    render_id = bench.export(draft, output={"format": "mp4", "quality": "low"}).json()["data"]["id"]
    early = bench.api.get(paths.render_output(render_id))
    assert_refusal(early, refused(404, 4004, render_id, "poll it until it is completed"))
    assert wait_for_render(bench.api, render_id)["status"] == "completed"
    assert bench.api.get(paths.render_output(render_id)).status_code == 200
