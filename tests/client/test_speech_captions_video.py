"""Issue 27, speech: a spoken recording (JFK's "ask not", 11 s, tests/media/speech) with a photo and its words given
in the same message ("make a video for my podcast, the words are: …") gets captions, phrase by phrase, on while he
speaks and off in his pauses, under the cover's credit ("Jfk Ask Not", where lower-third captions lay over it), and
the reply says so; in 9:16 the lines are short enough to be drawn at their size. On main c5bba5c the words in the
request are dropped (no captions, nothing said); asked for apart, the first caption runs through the 1.3 s pause
after "my fellow Americans" over the credit, and in 9:16 its lines are drawn at half their size (28-29 px of 56)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from nemo_notebook.client import Client
from nemo_notebook.engine.render import canvas_for
from tests.render.synth import picture

SPEECH = Path(__file__).resolve().parents[1] / "media" / "speech" / "jfk-ask-not.ogg"
WORDS = "And so, my fellow Americans, ask not what your country can do for you, ask what you can do for your country."
SPOKEN_S = (1.2, 6.0, 9.0)  # "my fellow Americans", "your country can do", "you can do for your country"
PAUSE_S = 2.85  # he stops after "Americans" at 2.0 s and goes on at 3.3 s


def _white_in_caption_band(video: Path, times_s: tuple[float, ...]) -> list[int]:
    import av

    counts: dict[float, int] = {}
    with av.open(str(video)) as container:
        stream = container.streams.video[0]
        for frame in container.decode(stream):
            wanted = [t for t in times_s if t not in counts and frame.time is not None and frame.time >= t]
            for t in wanted:
                rgb = frame.to_ndarray(format="rgb24")
                band = rgb[int(rgb.shape[0] * 0.76) : int(rgb.shape[0] * 0.92)]  # under the cover's credit
                counts[t] = int(np.count_nonzero(band.min(axis=2) > 225))
    return [counts[t] for t in times_s]


def test_a_podcast_with_its_words_is_captioned_phrase_by_phrase_and_clear_in_pauses(
    real_engine: Any, tmp_path: Path
) -> None:
    photo = picture(tmp_path / "p.png", "teal")
    with Client(base_url=real_engine.url, token=real_engine.token, home=tmp_path / "home") as client:
        session = client.sessions.create()
        session.upload([SPEECH, photo])
        reply = session.send(f"make a video for my podcast, the words are: {WORDS}")
        video = session.export(quality="preview").wait().download(tmp_path / "video.mp4")
        session.send("make it vertical")
        tall = session.state().draft
    assert "sounds like talk" in reply.text and "added 3 captions spread over the speech" in reply.text, reply.text
    *spoken, pause = _white_in_caption_band(video, (*SPOKEN_S, PAUSE_S))
    assert min(spoken) > 20 * max(pause, 10), (spoken, pause)
    captions = next(t for t in tall.tracks if t.meta.get("captions"))
    said = [str(sg.meta["text"]) for sg in captions.segments]
    assert [s.replace("\n", " ") for s in said] == [
        "And so, my fellow Americans,",
        "ask not what your country can do for you,",
        "ask what you can do for your country.",
    ]
    from nemo_notebook.engine.render.text import font_size  # each line drawn at the caption's own size

    canvas = canvas_for(tall)
    assert all(font_size(sg, canvas) == round(56 * canvas.scale_1080) for sg in captions.segments), said
    title = next(
        sg for t in tall.tracks for sg in t.segments if sg.meta.get("layout") and sg.meta.get("role") == "title"
    )
    assert title.meta["style"]["position"] == "top"
