"""A cover video changes its picture where the song lifts (issue 29): a blind reviewer of held-out 04 (one cover,
3:16) found "the song's biggest lift (56-59 s, +7 LU) gets no visual change", inside one of the sections its
analysis found. A synthetic song, 12 s of a quiet verse then 12 s of the same chorus 8 dB louder, is analysed (one
section: no scene change on main), planned as a cover video and rendered: the plan cuts a scene at the chorus's
first downbeat (``planning.lifts``), and there the cover turns to the other side of the frame; the reply says so.
A swell of 3 dB plans none."""

from __future__ import annotations

from pathlib import Path

from nemo_notebook.engine.agent.design_words import cover_plan_words
from nemo_notebook.engine.analysis.audio import analyze_audio
from nemo_notebook.engine.planning import MusicVideoOptions, plan_music_video
from nemo_notebook.engine.render import render_draft
from nemo_notebook.protocol import Draft, MediaInfo, MediaKind

from .synth import ffmpeg
from .test_cover_art import _media, _rgb_frames
from .test_cover_turn_drawn import PLAIN_COVER, _cover_box

CHORUS_S = 12
SIZE = (384, 216)


def _song(path: Path, lift_db: float) -> Path:
    """24 s at 120 BPM: a low drum on every beat, a held tone and a softer tone off the beat, over pink noise
    (seeded), ``lift_db`` louder from ``CHORUS_S`` on."""
    gain = 10 ** (lift_db / 20)
    notes = "sin(2*PI*55*t)*exp(-12*mod(t,0.5))*0.8+0.15*sin(2*PI*220*t)+0.1*sin(2*PI*330*t)*exp(-6*mod(t+0.25,0.5))"
    level = f"if(lt(t,{CHORUS_S}),1,{gain:.4f})"
    ffmpeg(
        "-f", "lavfi", "-i", f"aevalsrc='({notes})*0.25*{level}':s=44100:d=24",
        "-f", "lavfi", "-i", "anoisesrc=color=pink:seed=3:amplitude=0.05:duration=24",
        "-filter_complex", f"[1]volume='{level}':eval=frame[n];[0][n]amix=inputs=2:normalize=0",
        str(path),
    )  # fmt: skip
    return path


def _planned(tmp_path: Path, lift_db: float) -> tuple[Draft, dict[str, tuple[Path, MediaInfo]]]:
    song = _song(tmp_path / f"song{lift_db:g}.wav", lift_db)
    media = _media(tmp_path, PLAIN_COVER)
    track = MediaInfo("m", song.name, MediaKind.AUDIO, "wav", 1, duration_ms=24_000)
    media["m"] = (song, track)
    options = MusicVideoOptions(title="Choice — The Band", credit_line=True, cover_design="poster")
    draft = plan_music_video(track, analyze_audio(song), [(media["c"][1], None)], options)
    return draft, media


def test_the_picture_turns_where_the_chorus_lifts_8_db(tmp_path: Path) -> None:
    """On main bfb0758 the plan has no scene at the chorus (``m.lifts_ms`` absent, one shot) and the cover stays
    where it is; here the plan lifts at the chorus's first downbeat, cuts the background there and the cover's
    middle moves across the frame."""
    draft, media = _planned(tmp_path, 8.0)
    lifts = draft.meta.get("lifts_ms")
    assert isinstance(lifts, list) and len(lifts) == 1 and abs(lifts[0] - CHORUS_S * 1000) < 150, lifts
    assert [s.start_ms for s in draft.tracks[0].segments] == [0, lifts[0]]  # the background cut there
    assert "0:12 (where the song lifts)" in cover_plan_words(draft, zh=False)
    frames = _rgb_frames(render_draft(draft, media, tmp_path / "lift.mp4", size=SIZE).path)
    fps = round(len(frames) / 24)
    before, after = (_cover_box(frames[round(s * fps)]) for s in (lifts[0] / 1000 - 1, lifts[0] / 1000 + 1))
    moved = abs((before[0] + before[2]) / 2 - (after[0] + after[2]) / 2)
    assert moved > 0.3 * SIZE[0], (before, after)


def test_a_swell_of_3_db_keeps_the_picture(tmp_path: Path) -> None:
    """A swell of 3 dB: no lift, one shot, as on main."""
    draft, _ = _planned(tmp_path, 3.0)
    assert "lifts_ms" not in draft.meta
    assert len(draft.tracks[0].segments) == 1
