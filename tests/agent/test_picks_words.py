"""The reply names the planner's own picks as choices, and the planner keeps two pictures of one colour apart
(issue 29, held-out 03's blind review: "it opens on RainDrops.jpg, the strongest picture", then "RainDrops.jpg is
on screen 3 times ... more often than a picture should"; "Wood.jpg once (plain, or blocky when enlarged)"; "two
green-on-green joins"). Five photos made with ffmpeg and measured by the engine itself (a leaf-green and a
meadow-green picture, an orange one, the strongest, a grey-blue one and a plain texture) under a calm 98 s piece
whose ten shots the pictures' ceilings, the texture held to one, fill but for one."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from nemo_notebook.engine.agent.little_used import WHY
from nemo_notebook.engine.analysis.picture import blocky
from nemo_notebook.engine.planning.quality import BLOCKY, COARSE, weakness
from nemo_notebook.protocol import Draft, MediaInfo, MediaKind
from nemo_notebook.protocol.showings import showings
from nemo_notebook.protocol.summary import summarize
from tests.agent.fakes import FakeContext, run
from tests.planning.test_coarse_pictures import DETAILED, SPECKLE
from tests.render.synth import click_analysis, ffmpeg

CALM = click_analysis(90, 98_000, energy=(0.3,) * 981, drive=0.1)
SONG = MediaInfo("m_song", "song.mp3", MediaKind.AUDIO, "mp3", 1000, duration_ms=CALM.duration_ms)
LOOKS = {  # measured (``analysis.picture``): mean colour's hue and chroma, appeal
    "leaf": f"{DETAILED},colorchannelmixer=rr=0.2:rg=0.2:gg=1.0:bb=0.2:bg=0.2",  # 139°, 47; 0.39
    "meadow": f"{DETAILED},hue=h=90,colorchannelmixer=rr=0.3:gg=0.9:bb=0.3",  # 135°, 61; 0.50
    "flower": f"{DETAILED},colorchannelmixer=rr=1:gg=0.5:bb=0.2",  # 46°, 60; 0.59: the strongest
    "water": f"{DETAILED},hue=s=0.3",  # chroma 8: no colour of its own
    "texture": SPECKLE,  # plain: nothing in it stands out (coarseness 7.4, not blocky)
}


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> tuple[Draft, str]:
    folder = tmp_path_factory.mktemp("picks")
    pictures, paths = [], {}
    for i, (name, look) in enumerate(LOOKS.items()):
        paths[f"m_{name}"] = path = folder / f"{name}.jpg"
        ffmpeg("-f", "lavfi", "-i", look, "-frames:v", "1", "-q:v", "2", str(path))
        pictures.append(MediaInfo(f"m_{name}", path.name, MediaKind.IMAGE, "jpg", 100 + i, width=1920, height=1080))
    ctx = FakeContext(uploads=[SONG, *pictures], audio={"m_song": CALM}, history=[Draft.empty()], paths=paths)
    _, words = run(ctx, "make a calm music video from this song with my five photos")
    return ctx.draft(), words


def test_the_opening_picture_s_return_at_the_close_is_said_as_a_choice_not_a_warning(made: tuple[Draft, str]) -> None:
    draft, words = made
    assert 'opens and closes on "flower.jpg", the strongest picture' in words, words
    assert "more often than a picture should" not in words, words  # main: the flower, "3 times in 98s"
    assert draft.meta["bookend"] == "m_flower"


def test_the_reason_a_picture_is_shown_less_is_the_one_measured(made: tuple[Draft, str]) -> None:
    _, words = made
    assert '"texture.jpg" once (plain: nothing in it stands out)' in words, words  # main: "(plain, or blocky ...)"
    assert "or blocky" not in words


def test_the_two_green_pictures_are_never_side_by_side(made: tuple[Draft, str]) -> None:
    draft, _ = made
    lane = next(t for t in draft.tracks if t.meta.get("role") == "visuals").segments
    shown = [str(run[0].src) for run in showings(lane)]
    assert {"m_leaf", "m_meadow"} <= set(shown), shown
    assert not any({a, b} == {"m_leaf", "m_meadow"} for a, b in itertools.pairwise(shown)), shown


def test_a_picture_coarse_by_its_blocks_is_said_to_be_blocky_and_a_plain_one_plain(tmp_path: Path) -> None:
    """The engine knows which of its measures made a picture coarse (``analysis.picture.blocky``): heavy JPEG
    blocks (a detailed picture saved at -q:v 31) or plainness; main said "plain, or blocky"."""
    blocks, plain = tmp_path / "blocks.jpg", tmp_path / "plain.jpg"
    ffmpeg("-f", "lavfi", "-i", DETAILED, "-frames:v", "1", "-q:v", "31", str(blocks))
    ffmpeg("-f", "lavfi", "-i", SPECKLE, "-frames:v", "1", "-q:v", "2", str(plain))
    assert (blocky(blocks), blocky(plain)) == (True, False)
    for path, why in ((blocks, BLOCKY), (plain, COARSE)):
        info = MediaInfo("m_p", path.name, MediaKind.IMAGE, "jpg", 1, width=1920, height=1080)
        found = weakness(info, None, 1.0, "16:9", coarse=True, blocky=bool(blocky(path)))
        assert found is not None and found.why == why, (path.name, found)
    assert WHY[BLOCKY] == "blocky when enlarged" and " or " not in WHY[COARSE]


def test_calm_music_joined_by_dissolves_is_said_in_plain_words(made: tuple[Draft, str]) -> None:
    """Held-out 03's reply said "84 BPM, 3/4, 10 sections" and "Planned 10 shots on the beats" of a rubato piece
    joined by dissolves (main here: "90 BPM, 4/4, one section", "on the beats"); the figures stay in the draft. What
    is found is what was measured, its drive (``analysis.character``), not its loudness: held-out 05's reviewer read
    "Calm music" (main d3ce0be) as underselling a ballad whose chorus sits around -10 LUFS."""
    draft, words = made
    assert "Music without a driving beat. " in words and "Planned 10 shots. " in words, words
    assert "calm music" not in words.lower(), words
    assert words.count("dissolve into each other") == 1, words  # said once, in the Done line (stop 49 said it twice)
    assert "BPM" not in words and "on the beats" not in words and "section" not in words, words
    assert draft.meta["bpm"] == 90


def test_the_timeline_line_lists_the_end_card(made: tuple[Draft, str]) -> None:
    """Held-out 03's Timeline listed the opening title and not the end card over its last 4 s."""
    draft, _ = made
    card = draft.with_meta(end_card={"title": "Love Theme", "artist": "Ryan Reilly", "line": None})
    assert summarize(card).endswith('; End card: "Love Theme / Ryan Reilly" (94-98s)'), summarize(card)
    assert "End card" not in summarize(draft)
