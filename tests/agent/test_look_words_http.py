"""The words that steer a music video, through the real engine over HTTP on real media (a song with sections, a
clip and a picture): each message changes the draft and the reply says what changed."""

from __future__ import annotations

import re

import httpx

from ..conftest import shared_media
from .http import chat, new_session, state, upload
from .table import visualizer, visuals


def test_words_steer_a_real_music_video(api: httpx.Client) -> None:
    song, clip, poster = (
        shared_media(n) for n in ("vibe-ace.mp3", "big-buck-bunny-30s.mp4", "big-buck-bunny-poster.jpg")
    )
    sid = new_session(api)
    upload(api, sid, song, poster, clip)
    assert chat(api, sid, "make a music video from vibe-ace.mp3 with a visualizer").complete
    first, _ = state(api, sid)

    said = chat(api, sid, "faster cuts in the chorus").text
    assert re.search(r"faster cuts in the chorus \([\d.]+-[\d.]+s\): \d+ shots there instead of \d+", said), said
    assert len(visuals(state(api, sid)[0])) > len(visuals(first))

    said = chat(api, sid, "use the clip more").text
    share = re.search(r"big-buck-bunny-30s.mp4 now fills (\d+)% of the video \(was (\d+)%\)", said)
    assert share is not None and int(share.group(1)) > int(share.group(2)), said

    said = chat(api, sid, "no zoom").text
    moves = {str(sg.meta["motion"]) for sg in visuals(state(api, sid)[0]) if "motion" in sg.meta}
    assert moves and not moves & {"zoom_in", "zoom_out"} and "no zoom: the pictures only pan" in said

    said = chat(api, sid, "warmer colours").text
    assert state(api, sid)[0].meta["warmth"] == 1 and "warmer colours" in said

    said = chat(api, sid, "circular visualizer in the centre").text
    viz = visualizer(state(api, sid)[0])
    assert viz is not None and viz.meta["effect"] == "circular" and "visualizer: circular" in said

    said = chat(api, sid, "cut on every bar").text
    draft = state(api, sid)[0]
    downbeats = {int(b) for b in draft.meta["downbeats_ms"]}
    assert {sg.start_ms for sg in visuals(draft)[1:]} <= downbeats and "cuts on every bar" in said
    assert draft.meta["warmth"] == 1  # every word kept what the ones before it did
