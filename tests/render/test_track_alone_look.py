"""The track alone as a viewer sees it, on rendered frames of planned videos: music of different character looks
different (palettes far apart round the colour wheel), no frame's colour is olive or mustard, a quiet intro is a
designed scene rather than a near-empty frame, and the title stands out from the backdrop."""

from __future__ import annotations

import dataclasses
import subprocess
from pathlib import Path
from typing import Any

import numpy as np

from nemo_notebook.engine.ffmpeg import ffmpeg_exe
from nemo_notebook.engine.planning import MusicVideoOptions, plan_music_video
from nemo_notebook.engine.render import render_draft
from nemo_notebook.protocol import TrackType

from .synth import audio_info, click_analysis, click_track

SIZE = (192, 108)
LUMA = np.array([0.2126, 0.7152, 0.0722], np.float32)


def _analysis(kind: str, duration_ms: int) -> Any:
    """Music of a known character as ``analysis`` measures it: a distorted driving song, a calm major ballad whose
    first 10 s are quiet and sparse (a few notes), a synthetic driving tune."""
    energy = (0.9,) * (duration_ms // 100 + 1)
    if kind == "metal":
        return click_analysis(170, duration_ms, drive=0.85, flatness=0.2, mode=0.0, energy=energy)
    if kind == "electronic":
        return click_analysis(128, duration_ms, drive=0.9, flatness=0.03, mode=-0.15, energy=energy)
    quiet = (0.15,) * 100 + (0.7,) * (duration_ms // 100 - 99)
    beats = click_analysis(72, duration_ms).beats_ms
    sparse = {"onsets_ms": beats[::2], "sections_ms": (0, 10_000)}
    return click_analysis(72, duration_ms, drive=0.2, flatness=0.003, mode=0.2, energy=quiet, **sparse)


def _render(tmp_path: Path, kind: str, *, ms: int = 3000, title: str | None = None, size: Any = SIZE) -> Any:
    song = click_track(tmp_path / "click.wav", 120, ms)
    info = audio_info("song", song, 60_000)  # the first ``ms`` of a minute's song: no ending's fade
    options = MusicVideoOptions(title=title, title_ms=ms, credit_line=True)
    made = plan_music_video(info, _analysis(kind, 60_000), [], options)
    made = dataclasses.replace(made, duration_ms=ms)
    out = tmp_path / f"{kind}-{bool(title)}.mp4"
    render_draft(made, {"song": (song, info)}, out, quality="low", size=size)
    return made, rgb_frames(out, size)


def rgb_frames(path: Path, size: tuple[int, int]) -> Any:
    """The video's frames, (frames, height, width, 3) RGB in 0..1."""
    raw = subprocess.run(
        [ffmpeg_exe(), "-v", "error", "-i", str(path), "-f", "rawvideo", "-pix_fmt", "rgb24", "-"],
        check=True,
        capture_output=True,
    ).stdout
    return np.frombuffer(raw, np.uint8).reshape(-1, size[1], size[0], 3).astype(np.float32) / 255


def mean_hue_deg(frame: Any) -> tuple[float, float]:
    """The frame's hue (degrees), each pixel's hue weighted by its chroma, and its mean chroma (0..1)."""
    r, g, b = frame[..., 0], frame[..., 1], frame[..., 2]
    chroma = frame.max(axis=-1) - frame.min(axis=-1)
    angle = np.arctan2(np.sqrt(3) * (g - b), 2 * r - g - b)
    x, y = float((chroma * np.cos(angle)).sum()), float((chroma * np.sin(angle)).sum())
    return float(np.degrees(np.arctan2(y, x)) % 360), float(chroma.mean())


def test_two_tracks_of_different_character_get_palettes_far_apart_in_hue(tmp_path: Path) -> None:
    hues = {}
    for kind in ("metal", "ballad", "electronic"):
        made, frames = _render(tmp_path, kind)
        found = [mean_hue_deg(f) for f in frames[:: len(frames) // 6]]
        for hue, chroma in found:  # olive, mustard, khaki: what a blind reviewer called "muddy"
            assert not (45 <= hue <= 100 and chroma > 0.04), (kind, made.meta["palette"], hue, chroma)
        hues[kind] = (made.meta["palette"], float(np.median([h for h, _ in found])))
    assert [name for name, _ in hues.values()] == ["ember", "dusk", "neon"]
    for a, b in (("metal", "ballad"), ("metal", "electronic"), ("ballad", "electronic")):
        apart = abs((hues[a][1] - hues[b][1] + 180) % 360 - 180)
        assert apart >= 50, (a, b, hues)  # was one neon palette, in one order, for four of six held-out tracks


def test_a_quiet_sparse_intro_is_a_designed_scene_not_a_near_empty_frame(tmp_path: Path) -> None:
    """The held-out tracker tune's first 14 s (quiet, a few notes) drew dim lights on a near-black sky: the
    brightest 5 % of its frames at 0.22 of white, its mean 0.13. A quiet intro's every frame keeps some light: its
    brightest 5 % over 0.25. Its mean was held over 0.12 too till s68, when a quiet scene's light came to follow the
    music (its lulls dimmed, an intro darker than the drop after it, as blind reviewers of held-out 05 and 06 asked):
    0.095 here, over 0.08."""
    made, frames = _render(tmp_path, "ballad", ms=4000, title="Night Drive — The Band")
    scenes = next(t for t in made.tracks if t.meta.get("role") == "visuals").segments
    assert scenes[0].meta["variant"] == "quiet" and scenes[0].duration_ms >= 4000
    luma = frames @ LUMA
    brightest = [float(np.percentile(f, 95)) for f in luma]
    assert min(brightest) > 0.25 and float(luma.mean()) > 0.08, (min(brightest), float(luma.mean()))
    motion = float(np.abs(frames[-1] - frames[len(frames) // 2]).mean())
    assert motion > 0.003, motion  # the backdrop moves


def test_the_title_stands_out_from_every_backdrop(tmp_path: Path) -> None:
    """The credit's letters against the backdrop under them (WCAG contrast of relative luminances, from the frames
    with and without the title): at least 4.5, the ratio WCAG asks of body text, in each palette's brightest frame."""
    for kind in ("metal", "ballad", "electronic"):
        made, titled = _render(tmp_path, kind, title="Night Drive — The Band", size=(640, 360))
        assert [sg.meta["text"] for t in made.tracks if t.type == TrackType.TEXT for sg in t.segments]
        _, bare = _render(tmp_path, kind, size=(640, 360))
        n = round(len(titled) * 0.9)  # the credit in full (it opens on a downbeat by 2 s)
        ratio = _contrast(titled[n], bare[n])
        assert ratio >= 4.5, (kind, made.meta["palette"], ratio)


def _contrast(titled: Any, bare: Any) -> float:
    """WCAG contrast between the text's fill (its brightest changed pixels) and the 90th percentile of the backdrop
    in the text's bounding box."""
    changed = np.abs(titled - bare).max(axis=-1) > 0.25
    changed[titled.shape[0] * 2 // 5 :] = False  # the credit's part (the bars' edges below differ run to run)
    ys, xs = np.nonzero(changed)
    assert len(ys) > 200, "no text found"
    box = bare[ys.min() : ys.max() + 1, xs.min() : xs.max() + 1]
    fill = titled[changed]
    text = _relative(np.percentile(fill @ LUMA, 90))
    under = _relative(np.percentile(box @ LUMA, 90))
    return (max(text, under) + 0.05) / (min(text, under) + 0.05)


def _relative(value: float) -> float:
    """Relative luminance of a gamma-encoded luma (sRGB's transfer undone)."""
    return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4


def test_the_credit_names_title_and_artist_on_lines_of_their_own(tmp_path: Path) -> None:
    """A blind reviewer found no artist in a track-alone video: the credit ("Title — Artist" from the tags) opens
    it (``test_track_alone_credit``), the artist on a line of its own under the title, smaller (two bands of
    lettered rows, the lower one 0.35-0.8 as tall: the artist in capitals, which have no descenders,
    ``title_type``)."""
    made, titled = _render(tmp_path, "electronic", title="Night Drive — The Band", size=(640, 360))
    _, bare = _render(tmp_path, "electronic", size=(640, 360))
    (credit,) = [sg for t in made.tracks if t.type == TrackType.TEXT for sg in t.segments]
    n = round(len(titled) * 0.9)  # 2.7 s: the credit in full (in on the downbeat at 1.9 s, faded in by 2.5 s)
    assert credit.start_ms + credit.meta["fade_in_ms"] <= n * 1000 / 30 < credit.end_ms, credit
    # the credit's part of the frame: its top third (below it the drawing moves from run to run; the tunnel's ring
    # tops out at 36 % of the height, where a pixel or two of its edge changed with the credit's size)
    top = titled.shape[1] // 3
    rows = (np.abs(titled[n, :top] - bare[n, :top]).max(axis=-1) > 0.25).sum(axis=1) > 2
    edges = np.flatnonzero(np.diff(rows.astype(int)))
    bands = [(int(a) + 1, int(b) + 1) for a, b in zip(edges[::2], edges[1::2], strict=False)]
    assert len(bands) == 2, bands
    (t0, t1), (a0, a1) = bands
    assert a0 > t1 and 0.35 <= (a1 - a0) / (t1 - t0) <= 0.8, bands


def test_the_credit_is_set_at_the_opening_title_size(tmp_path: Path) -> None:
    """A photo video opens on its title at 96 px a 1080-line frame (``planning.opening``) and ends on a card at 103;
    a track alone's credit, its only words for the whole video, was set at 72 ('a small title at the top', said a blind
    reviewer). The title's lettered rows ("Night Drive": from the cap's top to the g's tail, 0.96 of its size)."""
    _, titled = _render(tmp_path, "ballad", title="Night Drive — The Band", size=(640, 360))
    _, bare = _render(tmp_path, "ballad", size=(640, 360))
    n = round(len(titled) * 0.9)  # the credit in full
    top = titled.shape[1] // 3
    rows = np.flatnonzero((np.abs(titled[n, :top] - bare[n, :top]).max(axis=-1) > 0.25).sum(axis=1) > 2)
    gaps = np.flatnonzero(np.diff(rows) > 1)
    title_rows = (rows[gaps[0]] if len(gaps) else rows[-1]) - rows[0] + 1
    assert title_rows >= 0.9 * 0.96 * 96 / 1080 * 360, title_rows  # main: 23 rows of 360 (72 px at 1080)
