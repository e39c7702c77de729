"""Captions set to be read (issue 27): with words given after "captions:", a video of three photos keeps its
automatic opening title off them (at the top; it sat in the lower third, just over them), and in 9:16 their lines
are no longer than the frame shows at the captions' size (19 characters, where 16:9 takes 42: a 42-character line
was drawn at half its size). On main c5bba5c the title stays where it was placed and the lines keep their 16:9
length after "make it vertical"."""

from __future__ import annotations

from pathlib import Path

from nemo_notebook.protocol import Draft, MediaInfo, MediaKind
from tests.agent.fakes import FakeContext, run
from tests.render.synth import click_analysis, ffmpeg

SPEECH = MediaInfo("m_talk", "talk.wav", MediaKind.AUDIO, "wav", 1000, duration_ms=12_000)
PICTURES = [MediaInfo(f"m_p{k}", f"p{k}.jpg", MediaKind.IMAGE, "jpg", 100 + k, width=640, height=360) for k in range(3)]
WORDS = "Welcome back to the harbour show, where the boats come in at dawn. Today we talk about the old lighthouse."
# three phrases of speech (100 ms levels), each followed by a pause of a second
TALK = ((0.9,) * 30 + (0.0,) * 10) * 3 + (0.0,) * 1


def _ctx(tmp_path: Path) -> FakeContext:
    paths = {}
    for info in PICTURES:
        paths[info.id] = tmp_path / info.name
        ffmpeg("-f", "lavfi", "-i", "testsrc2=s=640x360", "-frames:v", "1", str(paths[info.id]))
    audio = {"m_talk": click_analysis(120, 12_000, energy=TALK, talk_share=0.9)}
    return FakeContext(uploads=[SPEECH, *PICTURES], audio=audio, history=[Draft.empty()], paths=paths)


def test_captions_keep_the_title_off_them_and_wrap_short_in_9_16(tmp_path: Path) -> None:
    ctx = _ctx(tmp_path)
    run(ctx, "make a video from this recording with these photos")
    _, said = run(ctx, f"captions: {WORDS}")
    draft = ctx.draft()
    titles = [sg for t in draft.tracks for sg in t.segments if sg.meta.get("layout") == "opening"]
    captions = next(t for t in draft.tracks if t.meta.get("captions"))
    assert "captions spread over the speech" in said, said
    assert titles and all(sg.meta["style"]["position"] == "top" for sg in titles), [sg.meta for sg in titles]
    wide = [line for sg in captions.segments for line in str(sg.meta["text"]).split("\n")]
    assert max(map(len, wide)) > 19  # 16:9 takes longer lines
    run(ctx, "make it vertical")
    tall = next(t for t in ctx.draft().tracks if t.meta.get("captions"))
    lines = [line for sg in tall.segments for line in str(sg.meta["text"]).split("\n")]
    assert max(map(len, lines)) <= 19, lines
    assert " ".join(lines) == " ".join(WORDS.split())
