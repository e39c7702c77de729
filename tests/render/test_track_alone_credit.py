"""The track alone names its song as a musician's video does: the title and artist open it and leave after a few
seconds, and come back on the end card as the music ends; in between the backdrop and its visualizer have the frame
(a blind reviewer of a ballad and of an electronic track alone: "the title stays on for all 60 s"). Measured on the
rendered frames."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from nemo_notebook.engine.agent.end_card import default_end_card
from nemo_notebook.engine.planning import MusicVideoOptions, plan_music_video
from nemo_notebook.engine.render import render_draft
from nemo_notebook.protocol import Draft, TrackType

from .synth import audio_info, click_analysis, click_track
from .test_track_alone_look import rgb_frames

SIZE = (192, 108)
SONG_MS = 24_000  # long enough for a plan's own end card (``agent.end_card.DEFAULT_CARD_MIN_MS``)


def _letters(frame: Any, rows: tuple[float, float]) -> int:
    """The near-white pixels (every channel above 0.85) in a band of rows (shares of the height): letters, where
    the backdrop under them is dark (the credit's scrim, the card's dimmed picture)."""
    h = frame.shape[0]
    band = frame[round(rows[0] * h) : round(rows[1] * h)]
    return int((band.min(axis=-1) > 0.85).sum())


def _render(tmp_path: Path, draft: Draft, song: Path, name: str) -> Any:
    out = tmp_path / f"{name}.mp4"
    render_draft(draft, {"song": (song, audio_info("song", song, SONG_MS))}, out, quality="low", size=SIZE)
    return rgb_frames(out, SIZE)


def test_the_credit_opens_the_track_alone_leaves_and_comes_back_on_the_end_card(tmp_path: Path) -> None:
    song = click_track(tmp_path / "click.wav", 128, SONG_MS)
    analysis = click_analysis(128, SONG_MS, drive=0.9, flatness=0.03, mode=-0.15, energy=(0.9,) * 241)
    options = MusicVideoOptions(title="Night Drive — The Band", credit_line=True)
    planned = plan_music_video(audio_info("song", song, SONG_MS), analysis, [], options)
    (credit,) = [sg for t in planned.tracks if t.type == TrackType.TEXT for sg in t.segments]
    assert 400 <= credit.start_ms <= 2000 and credit.end_ms <= 9000, (credit.start_ms, credit.end_ms)
    made = default_end_card(Draft(), planned)  # as a plan made in words gets it
    assert made.meta["end_card"] == {"title": "Night Drive", "artist": "The Band"}
    carded = _render(tmp_path, made, song, "card")
    bare = _render(tmp_path, made.with_meta(end_card=None), song, "bare")
    fps = len(carded) / (SONG_MS / 1000)
    at = {s: carded[round(s * fps)] for s in (4.0, 12.0, 18.0, 22.3)}
    top = (0.0, 0.22)  # the credit's band, over the scrim (the ring's top is at 0.24 of the height)
    assert _letters(at[4.0], top) > 40, _letters(at[4.0], top)
    for s in (12.0, 18.0, 22.3):  # main: the credit on every frame of the video
        assert _letters(at[s], top) <= 2, (s, _letters(at[s], top))
    # the card's letters: near white where the video without the card (its ring still drawn there) is not
    n = round(22.3 * fps)
    lit = (carded[n].min(axis=-1) > 0.85) & (bare[n].min(axis=-1) <= 0.6)
    assert int(lit[round(0.25 * SIZE[1]) : round(0.7 * SIZE[1])].sum()) > 40, int(lit.sum())
