"""The picture ends with the music: where the sound fades out at the end, a last shot that has no fade of its own
fades to black with it; a music video's own ending and a sound that does not fade leave the picture as it was."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from nemo_notebook.engine.planning import plan_score
from nemo_notebook.engine.planning.ending import ending_ms
from nemo_notebook.engine.render import render_draft
from nemo_notebook.protocol import Draft

from .conftest import Assets
from .drafts import draft, shot
from .synth import gray_frames

SIZE = (320, 180)
LENGTH_MS = 6000
FADE_MS = 2000


def _scored(music_fade_ms: int | None, **last: object) -> Draft:
    """A picture, then the clip to the end, under the click track, as a scored clip is planned."""
    wire = draft([shot("pic2", 0, 2000), shot("clip", 2000, 4000, **last)], LENGTH_MS).to_wire()
    music = next(t for t in wire["t"] if t["tt"] == 1)
    if music_fade_ms is not None:
        music["sg"][0]["m"] = {"fade_out_ms": music_fade_ms}
    return Draft.from_wire(wire)


def _ending(assets: Assets, folder: Path, d: Draft) -> np.ndarray:
    result = render_draft(d, assets.media, folder / "out.mp4", size=SIZE, quality="low")
    return np.asarray([float(f.mean()) for f in gray_frames(result.path)])


def test_a_last_shot_fades_to_black_with_the_music(assets: Assets, tmp_path: Path) -> None:
    luma = _ending(assets, tmp_path, _scored(FADE_MS))
    fps = len(luma) * 1000 // LENGTH_MS
    lit = luma[-(FADE_MS * fps // 1000) - 3]  # before the fade
    assert lit > 60
    assert luma[-1] < 0.1 * lit, (lit, luma[-1])  # it held its light to the last frame
    half = luma[-(FADE_MS * fps // 2000)]
    assert 0.3 * lit < half < 0.7 * lit, (lit, half)  # fading with the music, not cut to black at the end


@pytest.mark.parametrize(("music_fade_ms", "own_fade_ms"), [(None, None), (FADE_MS, 2500)])
def test_a_picture_whose_music_does_not_fade_or_that_fades_longer_is_left_as_planned(
    assets: Assets, tmp_path: Path, music_fade_ms: int | None, own_fade_ms: int | None
) -> None:
    last = {} if own_fade_ms is None else {"fade_out_ms": own_fade_ms}
    luma = _ending(assets, tmp_path, _scored(music_fade_ms, **last))
    fps = len(luma) * 1000 // LENGTH_MS
    if own_fade_ms is None:
        assert luma[-1] > 60  # no fade where the sound does not fade: the picture is the user's
    else:
        assert luma[-(own_fade_ms * fps // 1000) + 2] < luma[-(own_fade_ms * fps // 1000) - 3]  # its own 2.5 s fade


def test_a_clip_scored_with_music_that_rings_out_fades_to_black_under_its_ring(assets: Assets, tmp_path: Path) -> None:
    """A score composed to the clips' length ends on its own final chord, with no fade (``fade_out_ms=0``): the held-out
    travel clip (07, main 2321478) stopped on a lit frame, mean luma 125 to its last frame, while its score rang out
    from -16.5 to -18.8 LUFS over the last 3 s."""
    from tests.planning.test_score import clip

    info = replace(assets.media["clip"][1], duration_ms=LENGTH_MS)
    d = plan_score([(info, clip("clip", LENGTH_MS)[1])], assets.media["click"][1], fade_out_ms=0)
    luma = _ending(assets, tmp_path, d)
    fps = len(luma) * 1000 // LENGTH_MS
    lit = luma[-(ending_ms(LENGTH_MS) * fps // 1000) - 3]  # before the ending
    assert lit > 60 and luma[-1] < 0.1 * lit, (lit, luma[-1])


CARD_LENGTH_MS = 10_000
CARD_MUSIC_FADE_MS = 7000  # longer than the card's 4 s, as a song cut off mid-phrase fades over its last phrase


def test_under_an_end_card_the_picture_fades_with_the_music(assets: Assets, tmp_path: Path) -> None:
    """Held-out 05 (main e8307c8): its song faded over its last 7.5 s, -13 to -36 LUFS, while the picture held its
    light (mean luma 63 over 232-236 s, 31 under the card to 239 s). The picture now fades with the music, and the
    card reads on it to the end."""
    wire = draft([shot("pic2", 0, CARD_LENGTH_MS)], CARD_LENGTH_MS, end_card={"title": "Night Drive"}).to_wire()
    music = next(t for t in wire["t"] if t["tt"] == 1)
    music["sg"][0]["m"] = {"fade_out_ms": CARD_MUSIC_FADE_MS, "fade_out_phrase": True}
    result = render_draft(Draft.from_wire(wire), assets.media, tmp_path / "out.mp4", size=SIZE, quality="low")
    frames = gray_frames(result.path)
    fps = len(frames) * 1000 // CARD_LENGTH_MS

    def at(ms: int) -> np.ndarray:
        return frames[ms * fps // 1000]

    lit = float(at(CARD_LENGTH_MS - CARD_MUSIC_FADE_MS - 500).mean())  # before the music fades
    card_in = float(at(CARD_LENGTH_MS - 4000).mean())  # 3 s into the music's 7 s fade, as the card comes
    late = at(CARD_LENGTH_MS - 1500)  # the card at full, the music 20 log10((1.5/7)^2) = -27 dB down
    assert lit > 60
    assert card_in < 0.75 * lit, (lit, card_in)  # main: 1.00 of it (the dim begins with the card)
    assert float(np.median(late)) < 0.4 * lit, (lit, float(np.median(late)))  # main: 0.77 of it (lit less 30)
    assert float(np.percentile(late, 99.5)) > 200  # the card's white type on it
